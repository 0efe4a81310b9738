"""The coordinators' workspace: every listing editable, every change recorded."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Audience,
    Category,
    Commune,
    Language,
    Location,
    Organisation,
    Phone,
    Quartier,
    Schedule,
    ScheduleException,
    Service,
)

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


class PhoneInline(admin.TabularInline):
    model = Phone
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


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
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
    inlines = [LocationInline, PhoneInline]
    fieldsets = [
        (None, {"fields": ["organisation", languages("name"), "slug", "is_active"]}),
        (_("Description"), {"fields": [languages("description"), languages("how_to_access")]}),
        (_("Classement"), {"fields": ["categories", "audiences", "languages", "area_served"]}),
        (
            _("Accès"),
            {"fields": [("free", "walk_in", "by_appointment"), languages("fees")]},
        ),
        (_("Contact"), {"fields": ["email", "website"]}),
        (_("Suivi"), {"fields": ["last_verified", ("created", "modified")]}),
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


class LocationForm(forms.ModelForm):
    """The admin builds the fields; this adds the check that a point needs both numbers."""

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(
                _("Donnez la latitude et la longitude, ou aucune des deux.")
            )
        return data


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
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
    ]

    class Media:
        css = PICKER_CSS
        js = PICKER_JS


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "name_nl", "is_demo", "modified"]
    list_filter = ["is_demo", "services__locations__commune", "services__categories"]
    search_fields = ["name_fr", "name_nl", "name_en"]
    readonly_fields = ["slug"]
    fields = [languages("name"), "slug", languages("description"), "email", "website", "is_demo"]
