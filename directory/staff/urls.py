"""/<lang>/staff/: the social workers' side, behind a login."""

from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.cache import never_cache

from . import joining, presence, slips, tallies, today, views

app_name = "staff"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="staff/login.html",
            redirect_authenticated_user=True,
            next_page="staff:worker-list",
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="directory:home"), name="logout"),
    path("mot-de-passe-oublie/", joining.password_reset, name="password-reset"),
    path("mot-de-passe-oublie/envoye/", joining.password_reset_done, name="password-reset-done"),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        joining.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("mot-de-passe/change/", joining.password_reset_complete, name="password-reset-complete"),
    path("invitation/<str:token>/", joining.invitation, name="invitation"),
    path("", views.worker_list, name="worker-list"),
    path("collegues/<int:pk>/", views.worker_detail, name="worker-detail"),
    path("collegues/<int:pk>/vcard/", views.worker_vcard, name="worker-vcard"),
    path("mon-profil/", views.my_profile, name="my-profile"),
    path("mon-profil/confidentialite/", views.my_privacy, name="my-privacy"),
    path("mes-permanences/", presence.my_presence, name="my-presence"),
    path("mes-permanences/nouvelle/", presence.presence_add, name="presence-add"),
    path("mes-permanences/<int:pk>/", presence.presence_edit, name="presence-edit"),
    path("mes-permanences/<int:pk>/supprimer/", presence.presence_delete, name="presence-delete"),
    path("fiches-a-verifier/", views.stale_listings, name="stale-listings"),
    path("fiches-a-verifier/<uuid:pk>/", views.mark_verified, name="mark-verified"),
    path("nos-services/", today.our_services, name="our-services"),
    path("nos-services/<uuid:pk>/complet/", today.mark_full, name="mark-full"),
    path("quartiers/", views.quartier_index, name="quartier-index"),
    path("couverture/", views.coverage, name="coverage"),
    path("besoins/", tallies.need_tally, name="need-tally"),
    path("quartiers/<slug:slug>/", views.quartier_network, name="quartier-network"),
    path(
        "organisations/<slug:slug>/partenariats/",
        views.organisation_partnerships,
        name="organisation-partnerships",
    ),
    path(
        "organisations/<slug:slug>/partenariats/<int:pk>/",
        views.partnership_edit,
        name="partnership-edit",
    ),
    path(
        "organisations/<slug:slug>/partenariats/<int:pk>/supprimer/",
        views.partnership_delete,
        name="partnership-delete",
    ),
    path("liaison/", slips.handovers, name="handovers"),
    path("liaison/nouvelle/", slips.handover_new, name="handover-new"),
    path("liaison/<int:pk>/", slips.handover_slip, name="handover-slip"),
    path("liaison/<int:pk>/nouveau-code/", slips.handover_new_code, name="handover-new-code"),
    path("liaison/<int:pk>/supprimer/", slips.handover_delete, name="handover-delete"),
    path("liaison/<int:pk>/arrivee/", slips.handover_acknowledge, name="handover-acknowledge"),
]

# Workers' data must stay off the disk of a shared computer and out of any proxy: no
# browser or cache keeps these pages (Cache-Control: private, no-store). Set here for
# every route, so that a new page cannot forget it.
for route in urlpatterns:
    route.callback = never_cache(route.callback)
