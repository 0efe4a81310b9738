from django.urls import path

from .views import public

app_name = "directory"

urlpatterns = [
    path("", public.home, name="home"),
    path("services/", public.service_list, name="service-list"),
    path("services/<slug:slug>/", public.service_detail, name="service-detail"),
    path("organisations/<slug:slug>/", public.organisation_detail, name="organisation-detail"),
    path("communes/<slug:slug>/", public.commune_detail, name="commune-detail"),
    path("quartiers/<slug:slug>/", public.quartier_detail, name="quartier-detail"),
]
