"""Places in the admin: their address and point (map picker), and their weekly hours.

Hours are typed and shown as "13:30"; a slot can be copied to every day from Monday to
Friday in one step (a checkbox, which a small script turns into a button that adds the
rows at once). A postcode that says another commune than the pin is questioned before
the place is saved.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTimeWidget
from django.db import models
from django.urls import path
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import geo, localities, printing, roles
from ..locking import VersionedForm
from ..models import Location, Schedule, ScheduleException
from ..models.locations import TIME_INPUT_FORMATS
from .picker import MapPicker, geocode
from .reference import languages
from .scopes import ScopedAdmin

# Without boundaries, how far a pin may lie from its postcode's point before it is doubted.
POSTCODE_SLACK_M = 1500
# Typed at a Brussels counter: "13:30", "13.30", "13h30", "13h".


def commune_against_postcode(postcode, lat, lon):
    """The commune the point lies in when the postcode belongs to other communes, else None
    (they agree, or the postcode or the point's commune is unknown).

    With imported boundaries the point's commune is exact (geo.commune_at). Without, it is
    the nearest commune centre: the pin is then doubted only if it also lies more than
    POSTCODE_SLACK_M from the postcode's own point, so a place near a border is left alone.
    """
    locality = localities.BY_POSTCODE.get(postcode)
    at = geo.commune_at(lat, lon) if locality else None
    if at is None or postcode in at.postcodes:
        return None
    inside = at.min_lat is not None  # found inside its boundary, not by its centre
    if not inside and geo.distance_m(lat, lon, locality.lat, locality.lon) <= POSTCODE_SLACK_M:
        return None
    return at


class PlaceForm(forms.ModelForm):
    """A point needs both numbers; a postcode of another commune than the pin's is questioned
    (only when one of them is typed now: an old place nobody touched never blocks a save)."""

    confirm_place = forms.BooleanField(
        label=_("Le code postal et le point sont justes"), required=False, widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            raise forms.ValidationError(
                _("Donnez la latitude et la longitude, ou aucune des deux.")
            )
        typed = {"latitude", "longitude", "postcode"} & set(self.changed_data)
        if lat is None or not typed or data.get("confirm_place"):
            return data
        postcode = data.get("postcode", "")
        commune = commune_against_postcode(postcode, float(lat), float(lon))
        if commune is not None:
            # Shown only now, next to the reason.
            self.fields["confirm_place"].widget = forms.CheckboxInput()
            label = geo.postcode_point(postcode, get_language()).label
            raise forms.ValidationError(
                _(
                    "Le point sur la carte est à %(commune)s, mais le code postal est "
                    "%(postcode)s. Corrigez l'un des deux ou, si c'est juste, cochez « Le code "
                    "postal et le point sont justes » et enregistrez à nouveau."
                )
                % {"commune": commune.name, "postcode": label},
                code="postcode_against_point",
            )
        return data


class LocationForm(PlaceForm, VersionedForm):
    """Its version moves with its hours too: the hours inlines are covered by its check."""

    parent_field = "service"


class HourMinute:
    """Times shown and typed as "13:30", not "13:30:00"."""

    formfield_overrides = {
        models.TimeField: {
            "widget": AdminTimeWidget(format="%H:%M"),
            "input_formats": TIME_INPUT_FORMATS,
        }
    }


class ScheduleForm(forms.ModelForm):
    weekdays = forms.BooleanField(
        label=_("Aussi du lundi au vendredi"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={
                "class": "hours-copy",
                "data-copy-label": _("Copier du lundi au vendredi"),
                "data-copy-done": _(
                    "Ajouté aux autres jours du lundi au vendredi: enregistrez pour garder."
                ),
                "data-copy-nothing": _("Ce créneau est déjà là du lundi au vendredi."),
                "data-copy-incomplete": _("Choisissez d'abord le jour et les heures."),
            }
        ),
        help_text=_("Cochez pour créer le même créneau chaque jour du lundi au vendredi."),
    )


class ScheduleInline(HourMinute, admin.TabularInline):
    model = Schedule
    form = ScheduleForm
    fields = ["weekday", "opens_at", "closes_at", "weekdays"]
    extra = 1

    class Media:
        js = ["js/hours-copy.js"]


class ScheduleExceptionInline(HourMinute, admin.TabularInline):
    model = ScheduleException
    extra = 0
    fields = ["start_date", "end_date", "closed", "opens_at", "closes_at", *languages("reason")]


PLACE_FIELDS = [
    "name",
    ("street_fr", "street_nl"),
    "postcode",
    ("latitude", "longitude"),
    "confirm_place",
    ("commune", "quartier"),
    ("wheelchair_accessible", "address_hidden"),
]


def is_permanence_place_lookup(request):
    """The admin's autocomplete asking for the place of a permanence."""
    match = request.resolver_match
    return (
        match is not None
        and match.url_name == "autocomplete"
        and request.GET.get("app_label") == "directory"
        and request.GET.get("model_name") == "presenceslot"
        and request.GET.get("field_name") == "location"
    )


class LocationInline(MapPicker, admin.StackedInline):
    """A service's places on its own page; their hours are a click away, summed up here."""

    model = Location
    form = PlaceForm
    extra = 0
    show_change_link = True
    fields = [*PLACE_FIELDS, "hours"]
    readonly_fields = ["commune", "quartier", "hours"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("schedules")

    @admin.display(description=_("horaires"))
    def hours(self, place):
        if place.pk is None:
            return _("Enregistrez le lieu, puis ouvrez-le pour donner ses horaires.")
        return printing.hours_summary(place) or _("aucun horaire: ouvrez le lieu pour en donner")


@admin.register(Location)
class LocationAdmin(MapPicker, ScopedAdmin, SimpleHistoryAdmin):
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
    fields = ["service", *PLACE_FIELDS, "version"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "service":
            kwargs["queryset"] = roles.services_in_scope(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        # A permanence may be held at any published place (roles.permanence_places), not
        # only at those the coordinator edits: the place picker of a permanence finds them.
        if is_permanence_place_lookup(request):
            queryset = roles.permanence_places(request.user)
        return super().get_search_results(request, queryset, search_term)

    def get_urls(self):
        search = self.admin_site.admin_view(geocode)
        return [
            path("geocode/", search, name="directory_location_geocode"),
            *super().get_urls(),
        ]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Schedule:
            copied = [
                slot_form.instance
                for slot_form in formset.forms
                if slot_form.cleaned_data.get("weekdays")
                and slot_form not in formset.deleted_forms
                and slot_form.instance.pk
            ]
            added = sum(len(slot.copy_to_weekdays()) for slot in copied)
            if copied:
                message = ngettext(
                    "%(count)d créneau ajouté du lundi au vendredi.",
                    "%(count)d créneaux ajoutés du lundi au vendredi.",
                    added,
                )
                self.message_user(request, message % {"count": added}, messages.SUCCESS)
