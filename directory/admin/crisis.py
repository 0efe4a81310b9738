"""Crisis mode in the admin: alert banners, and a service's temporary status."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import roles
from ..locking import VersionedForm
from ..models.crisis import Alert, TemporaryStatus, in_force_on
from .scopes import ScopedAdmin


@admin.register(Alert)
class AlertAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """A coordinator publishes alerts for the communes of their scope; region-wide ones
    (no commune) are for superusers."""

    scope = staticmethod(roles.alerts_in_scope)
    form = VersionedForm
    list_display = ["title_fr", "area", "level", "starts_on", "ends_on", "in_force"]
    list_filter = ["level", ("commune", admin.EmptyFieldListFilter), "commune"]
    search_fields = ["title_fr", "title_nl", "title_en"]
    date_hierarchy = "starts_on"
    fields = [
        ("title_fr", "title_nl", "title_en"),
        ("message_fr", "message_nl", "message_en"),
        "link",
        "level",
        "commune",
        ("starts_on", "ends_on"),
        "version",
    ]

    def get_queryset(self, request):
        geometry = ("commune__boundary", "commune__boundary_display")
        return super().get_queryset(request).select_related("commune").defer(*geometry)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "commune" and not request.user.is_superuser:
            kwargs["queryset"] = roles.communes_in_scope(request.user)
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("zone"), ordering="commune__name_fr")
    def area(self, alert):
        return alert.commune.name if alert.commune else _("toute la Région")

    @admin.display(boolean=True, description=_("en cours"))
    def in_force(self, alert):
        return in_force_on(alert, timezone.localdate())


class TemporaryStatusInline(admin.TabularInline):
    """On the service's page: closed, remote only or changed hours, for a date range."""

    model = TemporaryStatus
    extra = 0
    fields = ["kind", "starts_on", "ends_on", "note_fr", "note_nl", "note_en"]
