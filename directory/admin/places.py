"""Places in the admin: their address and point (map picker), and their weekly hours.

Hours are typed and shown as "13:30"; a slot can be copied to every day from Monday to
Friday in one step (a checkbox, which a small script turns into a button that adds the
rows at once).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTimeWidget
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .. import printing, roles
from ..locking import VersionedForm
from ..models import Location, Schedule, ScheduleException
from .reference import languages
from .scopes import ScopedAdmin

# The coordinates picker: django-leaflet's bundled Leaflet and a few lines of our own.
PICKER_CSS = {"all": ["leaflet/leaflet.css", "css/admin-map.css"]}
PICKER_JS = ["leaflet/leaflet.js", "js/latlon-picker.js"]
# Typed at a Brussels counter: "13:30", "13.30", "13h30", "13h".
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%Hh%M", "%Hh", "%H:%M:%S"]


class PlaceForm(forms.ModelForm):
    """A point needs both numbers."""

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(
                _("Donnez la latitude et la longitude, ou aucune des deux.")
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
    ("commune", "quartier"),
    ("wheelchair_accessible", "address_hidden"),
]


class LocationInline(admin.StackedInline):
    """A service's places on its own page; their hours are a click away, summed up here."""

    model = Location
    form = PlaceForm
    extra = 0
    show_change_link = True
    fields = [*PLACE_FIELDS, "hours"]
    readonly_fields = ["commune", "quartier", "hours"]

    class Media:
        css = PICKER_CSS
        js = PICKER_JS

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("schedules")

    @admin.display(description=_("horaires"))
    def hours(self, place):
        if place.pk is None:
            return _("Enregistrez le lieu, puis ouvrez-le pour donner ses horaires.")
        return printing.hours_summary(place) or _("aucun horaire: ouvrez le lieu pour en donner")


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
    fields = ["service", *PLACE_FIELDS, "version"]

    class Media:
        css = PICKER_CSS
        js = PICKER_JS

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "service":
            kwargs["queryset"] = roles.services_in_scope(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
