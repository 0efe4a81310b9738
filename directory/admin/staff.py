"""The staff side in the admin: workers' profiles and partnerships."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import roles
from ..locking import VersionedForm
from ..models import Partnership, Worker
from ..models.staff import erase_worker
from .scopes import ScopedAdmin


class PendingFilter(admin.SimpleListFilter):
    """Yes/no on whether a date field is set ("consent given", "deletion requested")."""

    field = ""

    def lookups(self, request, model_admin):
        return [("yes", _("oui")), ("no", _("non"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.field}__isnull": self.value() == "no"})
        return queryset


class ConsentFilter(PendingFilter):
    title = _("accord donné")
    parameter_name = "consent"
    field = "consent_given_at"


class DeletionRequestedFilter(PendingFilter):
    title = _("suppression demandée")
    parameter_name = "deletion"
    field = "deletion_requested_at"


@admin.register(Worker)
class WorkerAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "function",
        "user",
        "consent_given_at",
        "hidden",
        "deletion_requested_at",
    ]
    list_filter = [ConsentFilter, "hidden", DeletionRequestedFilter, "quartiers__commune"]
    search_fields = ["name", "function", "email", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user", "organisations", "quartiers"]
    filter_horizontal = ["languages"]
    readonly_fields = ["consent_given_at", "deletion_requested_at", "created", "modified"]
    form = VersionedForm
    actions = ["erase"]
    fieldsets = [
        (None, {"fields": ["user", "name", "function", "organisations"]}),
        (
            _("Profil"),
            {
                "fields": [
                    "quartiers",
                    "languages",
                    ("phone", "email"),
                    "can_help_with",
                    "availability",
                ]
            },
        ),
        (
            _("Vie privée"),
            {"fields": ["consent_given_at", "hidden", "deletion_requested_at"]},
        ),
        (_("Suivi"), {"fields": [("created", "modified"), "version"]}),
    ]

    @admin.action(
        description=_("Effacer les profils choisis et tout leur historique"),
        permissions=["delete"],
    )
    def erase(self, request, queryset):
        count = 0
        for worker in queryset:
            erase_worker(worker)
            count += 1
        self.message_user(request, _("%(count)d profil(s) effacé(s).") % {"count": count})


class PartnershipForm(VersionedForm):
    user = None  # set by PartnershipAdmin.get_form on the class it makes for each request

    def clean(self):
        data = super().clean()
        ends = [data.get("from_organisation"), data.get("to_organisation")]
        ids = [organisation.pk for organisation in ends if organisation]
        in_scope = roles.organisations_in_scope(self.user).filter(pk__in=ids) if self.user else None
        if in_scope is not None and ids and not in_scope.exists():
            raise forms.ValidationError(
                _("L'une des deux organisations doit faire partie de votre périmètre.")
            )
        return data


@admin.register(Partnership)
class PartnershipAdmin(ScopedAdmin, SimpleHistoryAdmin):
    scope = staticmethod(roles.partnerships_in_scope)
    form = PartnershipForm
    list_display = ["from_organisation", "kind", "to_organisation", "start_date", "end_date"]
    list_filter = ["kind"]
    search_fields = [
        "from_organisation__name_fr",
        "from_organisation__name_nl",
        "to_organisation__name_fr",
        "to_organisation__name_nl",
    ]
    list_select_related = ["from_organisation", "to_organisation"]
    autocomplete_fields = ["from_organisation", "to_organisation"]
    fields = [
        "from_organisation",
        "kind",
        "to_organisation",
        "note",
        ("start_date", "end_date"),
        "version",
    ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form
