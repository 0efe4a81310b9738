from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from directory.views import offline, public

urlpatterns = [
    path("healthz", public.healthz, name="healthz"),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
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
