"""Permanences in the admin: coordinators record the presence slots of their scope's
organisations (workers record their own on the staff pages: staff/presence.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import roles
from ..locking import VersionedForm
from ..models import PresenceSlot
from .places import HourMinute
from .scopes import ScopedAdmin


class PresenceSlotForm(VersionedForm):
    """The admin builds the fields within the scope; the model checks that the service is
    the organisation's and the person one of its members."""


@admin.register(PresenceSlot)
class PresenceSlotAdmin(HourMinute, ScopedAdmin, SimpleHistoryAdmin):
    scope = staticmethod(roles.presence_in_scope)
    form = PresenceSlotForm
    list_display = [
        "role",
        "organisation",
        "weekday",
        "hours",
        "location",
        "service",
        "person",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["weekday"]
    search_fields = ["role", "organisation__name_fr", "organisation__name_nl", "service__name_fr"]
    list_select_related = ["organisation", "service", "worker__user", "location__service"]
    # Places are searched by LocationAdmin.get_search_results (roles.permanence_places).
    autocomplete_fields = ["location", "worker"]
    fields = [
        "organisation",
        "service",
        "role",
        "worker",
        "location",
        "weekday",
        ("starts_at", "ends_at"),
        ("valid_from", "valid_until"),
        "note",
        "version",
    ]

    @admin.display(description=_("heures"), ordering="starts_at")
    def hours(self, slot):
        return f"{slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        if db_field.name == "organisation":
            kwargs["queryset"] = roles.organisations_in_scope(user)
        elif db_field.name == "service":
            kwargs["queryset"] = roles.services_in_scope(user)
        elif db_field.name == "location":
            kwargs["queryset"] = roles.permanence_places(user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Workers' profiles are for superusers in the admin (roles.py): a coordinator records
    # an organisation's permanence without naming anyone, and sees a person's name only
    # if they let colleagues see their profile. Workers name themselves on their own slots.
    def get_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.fields
        return ["person" if name == "worker" else name for name in self.fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["person"]

    @admin.display(description=_("travailleur"))
    def person(self, slot):
        if slot.worker_id is None:
            return "—"
        return slot.shown_name or _("une personne qui ne montre pas son profil aux collègues")
