from django.urls import path

from .views import arrival, checkins, offline, pages, printing, public, reports, today

app_name = "directory"

urlpatterns = [
    path("", public.home, name="home"),
    path("services/", public.service_list, name="service-list"),
    path("services/<slug:slug>/", public.service_detail, name="service-detail"),
    path("services/<slug:slug>/qr.svg", printing.service_qr, name="service-qr"),
    path("services/<slug:slug>/signaler/", reports.report_service, name="service-report"),
    path("services/<slug:slug>/aujourdhui/", today.service_today, name="service-today"),
    path(
        "services/<slug:slug>/aujourdhui/signaler/", today.report_today, name="service-today-report"
    ),
    path("services/<slug:slug>/autocollant/", printing.service_sticker, name="service-sticker"),
    path("organisations/<slug:slug>/", public.organisation_detail, name="organisation-detail"),
    path("communes/<slug:slug>/", public.commune_detail, name="commune-detail"),
    path("quartiers/<slug:slug>/", public.quartier_detail, name="quartier-detail"),
    path("quartiers/<slug:slug>/print/", printing.quartier_poster, name="quartier-poster"),
    path("quartiers/<slug:slug>/offline.json", offline.quartier_offline, name="quartier-offline"),
    path("hors-ligne/", offline.offline_page, name="offline-page"),
    path("arrivee/", arrival.arrival, name="arrival"),
    path("verification/<str:token>/", checkins.answer, name="check-in-answer"),
    path("a-propos/", pages.about, name="about"),
    path("vie-privee/", pages.privacy, name="privacy"),
    path("accessibilite/", pages.accessibility, name="accessibility"),
]
