from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from directory.views import offline, public

urlpatterns = [
    path("healthz", public.healthz, name="healthz"),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    # The admin's login links here ("forgotten your password?") when the name exists.
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="staff:password-reset"),
        name="admin_password_reset",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("directory.hsds.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("directory.urls")),
    path("staff/", include("directory.staff.urls")),
)

handler403 = "directory.views.errors.permission_denied"
handler404 = "directory.views.errors.not_found"
handler500 = "directory.views.errors.server_error"
