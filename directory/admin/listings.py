"""The coordinators' workspace: every listing editable, every change recorded.

Organisations, services and their places, hours and phones."""

from functools import partial

from django import forms
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import roles
from ..locking import VersionedForm
from ..models import (
    CoordinatorScope,
    Location,
    Organisation,
    Phone,
    Schedule,
    ScheduleException,
    Service,
)
from ..phones import validate_phone
from .crisis import TemporaryStatusInline
from .imports import import_page
from .reference import languages
from .scopes import ScopedAdmin

# The coordinates picker: django-leaflet's bundled Leaflet and a few lines of our own.
PICKER_CSS = {"all": ["leaflet/leaflet.css", "css/admin-map.css"]}
PICKER_JS = ["leaflet/leaflet.js", "js/latlon-picker.js"]


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
        "residents_only",
        "remote_only",
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
        (
            _("Classement"),
            {"fields": ["categories", "audiences", "languages", "area_served", "residents_only"]},
        ),
        (
            _("Accès"),
            {"fields": [("free", "walk_in", "by_appointment", "remote_only"), languages("fees")]},
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
        """The HSDS import page (directory/admin/imports.py), linked from the list."""
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
    list_display = [
        "__str__",
        "name",
        "street_fr",
        "address_hidden",
        "service",
        "commune",
        "quartier",
        "wheelchair_accessible",
    ]
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
