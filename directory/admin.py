"""The coordinators' workspace: every listing editable, every change recorded."""

from functools import partial

from django import forms
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import roles
from .admin_crisis import TemporaryStatusInline
from .admin_import import import_page
from .admin_scope import ScopedAdmin
from .locking import VersionedForm
from .models import (
    Audience,
    Category,
    Commune,
    CoordinatorScope,
    Language,
    Location,
    Organisation,
    Phone,
    Quartier,
    Schedule,
    ScheduleException,
    Service,
)
from .phones import validate_phone

# The coordinates picker: django-leaflet's bundled Leaflet and a few lines of our own.
PICKER_CSS = {"all": ["leaflet/leaflet.css", "css/admin-map.css"]}
PICKER_JS = ["leaflet/leaflet.js", "js/latlon-picker.js"]


def languages(name):
    """The FR, NL and EN columns of a translated field, side by side in one row."""
    return (f"{name}_fr", f"{name}_nl", f"{name}_en")


@admin.register(Commune)
class CommuneAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "name_nl", "nis_code", "has_boundary"]
    search_fields = ["name_fr", "name_nl", "nis_code"]
    readonly_fields = ["slug"]
    fields = [languages("name"), "nis_code", "postcodes", ("latitude", "longitude"), "slug"]

    @admin.display(boolean=True, description=_("limites importées"))
    def has_boundary(self, area):
        return area.has_boundary


@admin.register(Quartier)
class QuartierAdmin(CommuneAdmin):
    list_display = ["name_fr", "name_nl", "code", "commune", "has_boundary"]
    list_filter = ["commune"]
    search_fields = ["name_fr", "name_nl", "code"]
    fields = [languages("name"), "code", "commune", ("latitude", "longitude"), "slug"]


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "name_nl", "name_en", "slug", "position"]
    list_editable = ["position"]
    fields = [
        "slug",
        "position",
        languages("name"),
        languages("description"),
        languages("synonyms"),
    ]


@admin.register(Audience, Language)
class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "name_nl", "name_en"]


class PhoneForm(forms.ModelForm):
    def clean_number(self):
        # Only a number typed now is checked: an old one nobody touched never blocks a save.
        number = self.cleaned_data["number"]
        if "number" in self.changed_data:
            validate_phone(number)
        return number


class PhoneInline(admin.TabularInline):
    model = Phone
    form = PhoneForm
    extra = 0


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0
    show_change_link = True
    fields = [
        "name",
        ("street_fr", "street_nl"),
        "postcode",
        ("latitude", "longitude"),
        ("commune", "quartier"),
        ("wheelchair_accessible", "address_hidden"),
    ]
    readonly_fields = ["commune", "quartier"]


class ServiceForm(VersionedForm):
    """The admin builds the fields; the base class refuses to overwrite a newer version."""


@admin.register(Service)
class ServiceAdmin(ScopedAdmin, SimpleHistoryAdmin):
    scope = staticmethod(roles.services_in_scope)
    form = ServiceForm
    list_display = ["name_fr", "organisation", "communes", "last_verified", "is_active"]
    list_filter = [
        "categories",
        "locations__commune",
        "locations__quartier",
        "is_active",
        "free",
        "walk_in",
        "organisation__is_demo",
    ]
    search_fields = ["name_fr", "name_nl", "name_en", "organisation__name_fr", "slug"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["categories", "audiences", "languages"]
    readonly_fields = ["slug", "created", "modified"]
    date_hierarchy = "last_verified"
    inlines = [LocationInline, PhoneInline, TemporaryStatusInline]
    fieldsets = [
        (None, {"fields": ["organisation", languages("name"), "slug", "is_active"]}),
        (_("Description"), {"fields": [languages("description"), languages("how_to_access")]}),
        (_("Classement"), {"fields": ["categories", "audiences", "languages", "area_served"]}),
        (
            _("Accès"),
            {"fields": [("free", "walk_in", "by_appointment"), languages("fees")]},
        ),
        (_("Contact"), {"fields": ["email", "website"]}),
        (_("Suivi"), {"fields": ["last_verified", ("created", "modified"), "version"]}),
    ]

    class Media:
        css = PICKER_CSS
        js = PICKER_JS

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation")
            .prefetch_related("locations__commune")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = roles.organisations_in_scope(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        """The HSDS import page (directory/admin_import.py), linked from the list."""
        page = self.admin_site.admin_view(partial(import_page, self))
        return [path("import/", page, name="directory_service_import"), *super().get_urls()]

    @admin.display(description=_("communes"))
    def communes(self, service):
        names = {loc.commune.name for loc in service.locations.all() if loc.commune}
        return ", ".join(sorted(names))


class ScheduleInline(admin.TabularInline):
    model = Schedule
    extra = 1


class ScheduleExceptionInline(admin.TabularInline):
    model = ScheduleException
    extra = 0
    fields = ["start_date", "end_date", "closed", "opens_at", "closes_at", *languages("reason")]


class LocationForm(VersionedForm):
    """The admin builds the fields; this adds the check that a point needs both numbers.

    Its version moves with its hours too: the hours inlines are covered by the place's check.
    """

    parent_field = "service"

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(
                _("Donnez la latitude et la longitude, ou aucune des deux.")
            )
        return data


@admin.register(Location)
class LocationAdmin(ScopedAdmin, SimpleHistoryAdmin):
    scope = staticmethod(roles.parts_in_scope)
    form = LocationForm
    list_display = ["__str__", "service", "commune", "quartier", "wheelchair_accessible"]
    list_filter = ["commune", "quartier", "service__categories", "wheelchair_accessible"]
    search_fields = ["name", "street_fr", "street_nl", "service__name_fr"]
    list_select_related = ["service", "commune", "quartier"]
    autocomplete_fields = ["service"]
    readonly_fields = ["commune", "quartier"]
    inlines = [ScheduleInline, ScheduleExceptionInline]
    fields = [
        "service",
        "name",
        ("street_fr", "street_nl"),
        "postcode",
        ("latitude", "longitude"),
        ("commune", "quartier"),
        ("wheelchair_accessible", "address_hidden"),
        "version",
    ]

    class Media:
        css = PICKER_CSS
        js = PICKER_JS

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "service":
            kwargs["queryset"] = roles.services_in_scope(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OrganisationForm(VersionedForm):
    """The admin builds the fields; the base class refuses to overwrite a newer version."""


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin, SimpleHistoryAdmin):
    scope = staticmethod(roles.organisations_in_scope)
    form = OrganisationForm
    list_display = ["name_fr", "name_nl", "is_demo", "modified"]
    list_filter = ["is_demo", "services__locations__commune", "services__categories"]
    search_fields = ["name_fr", "name_nl", "name_en"]
    readonly_fields = ["slug"]
    fields = [
        languages("name"),
        "slug",
        languages("description"),
        "email",
        "website",
        "is_demo",
        "version",
    ]

    def get_queryset(self, request):
        match = request.resolver_match
        picking = match and match.url_name == "autocomplete"
        if picking and request.GET.get("model_name") != "service":
            # Naming a partner or a worker's employer is not editing it: all are offered.
            return super(ScopedAdmin, self).get_queryset(request)
        return super().get_queryset(request)

    def save_model(self, request, organisation, form, change):
        super().save_model(request, organisation, form, change)
        if not change and not request.user.is_superuser:
            # A coordinator keeps the organisations they add within their scope.
            scope, _created = CoordinatorScope.objects.get_or_create(user=request.user)
            scope.organisations.add(organisation)


# The staff side (directory/staff_models.py): workers' profiles and partnerships.
from .models.staff import Partnership, Worker, erase_worker  # noqa: E402


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


# Residents' reports of wrong listings (directory/reports.py): the moderation queue.
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.html import format_html  # noqa: E402

from .models import Report  # noqa: E402


class ReportForm(VersionedForm):
    """Only the status is edited, and every change of status sets `handled_at`."""

    version_field = "handled_at"


@admin.register(Report)
class ReportAdmin(ScopedAdmin, admin.ModelAdmin):
    scope = staticmethod(roles.parts_in_scope)
    form = ReportForm
    list_display = ["created", "service", "reason", "message", "status"]
    list_filter = ["status", "reason"]
    list_select_related = ["service"]
    search_fields = ["service__name_fr", "service__name_nl", "message"]
    date_hierarchy = "created"
    readonly_fields = ["service_link", "reason", "message", "created", "handled_at", "handled_by"]
    fields = [
        "service_link",
        "reason",
        "message",
        "created",
        "status",
        "handled_at",
        "handled_by",
        "version",
    ]
    actions = ["mark_fixed", "dismiss"]

    def has_add_permission(self, request):
        return False  # reports come from residents, through the service page

    @admin.display(description=_("service"))
    def service_link(self, report):
        url = reverse("admin:directory_service_change", args=[report.service_id])
        return format_html('<a href="{}">{}</a>', url, report.service)

    def save_model(self, request, report, form, change):
        if "status" in form.changed_data:
            report.handled_by, report.handled_at = request.user, timezone.now()
        super().save_model(request, report, form, change)

    def _handle(self, request, queryset, status):
        count = queryset.update(status=status, handled_by=request.user, handled_at=timezone.now())
        self.message_user(request, _("%(count)d signalement(s) traité(s).") % {"count": count})

    @admin.action(description=_("Marquer comme corrigés"), permissions=["change"])
    def mark_fixed(self, request, queryset):
        self._handle(request, queryset, Report.Status.FIXED)

    @admin.action(description=_("Écarter"), permissions=["change"])
    def dismiss(self, request, queryset):
        self._handle(request, queryset, Report.Status.DISMISSED)
