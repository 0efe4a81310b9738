"""A worker's own permanences ("Mes permanences"): add, change and remove their presence
slots, for the organisations they belong to, at places they work at.

Coordinators record slots for their scope in the admin (admin/presence.py); the quartier
page shows the week (network.presence_week), a service's page its permanences.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import places
from ..locking import VersionedForm
from ..models import Location, Organisation, PresenceSlot, Service
from ..models.areas import PLACE_AREAS, PLACE_AREAS_GEOMETRY
from ..models.locations import TIME_INPUT_FORMATS
from .views import worker_required


def place_label(location):
    """ "Marolles · Maison de quartier (Potager), Rue Haute 12, 1000": the place as the
    public knows it, with its organisation and service."""
    place, service = location.public, location.service
    host = f"{place.name or service.organisation.name} ({service.name})"
    if place.hidden:
        area = place.commune.name if place.commune else ""
        return f"{area} · {host}, {_('adresse confidentielle')}"
    area = place.quartier or place.commune
    where = [host, place.street_address, place.postal_code]
    return f"{area or ''} · {', '.join(part for part in where if part)}"


class PlaceChoiceIterator(forms.models.ModelChoiceIterator):
    """The places by their label, so those of one quartier come together."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted((self.choice(obj) for obj in self.queryset), key=lambda c: str(c[1]))


class PlaceChoiceField(forms.ModelChoiceField):
    iterator = PlaceChoiceIterator

    def label_from_instance(self, obj):
        return place_label(obj)


def places_for(worker, current=None):
    """Places a worker may choose: those of published services in the quartiers where they
    work or of their organisations' services, and the slot's own place."""
    chosen = places.in_quartiers(worker.quartiers.values("pk"))
    chosen |= Q(service__organisation__in=worker.organisations.values("pk"))
    found = Location.objects.filter(service__is_active=True).filter(chosen)
    if current:
        found = Location.objects.filter(Q(pk__in=found.values("pk")) | Q(pk=current))
    return found.select_related("service__organisation", *PLACE_AREAS).defer(*PLACE_AREAS_GEOMETRY)


# Times shown and typed as "14:00" (also "14h", "14.00"), whatever the page's language.
START_WIDGET = forms.TimeInput(format="%H:%M", attrs={"placeholder": "14:00", "size": 5})
END_WIDGET = forms.TimeInput(format="%H:%M", attrs={"placeholder": "16:00", "size": 5})
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PresenceSlotForm(VersionedForm):
    """A slot of one's own: for one of one's organisations, at a place one works at."""

    location = PlaceChoiceField(
        label=gettext_lazy("Où ?"),
        queryset=Location.objects.none(),
        help_text=gettext_lazy(
            "Les lieux des quartiers où vous travaillez (Mon profil) et ceux de vos organisations."
        ),
    )

    class Meta:
        model = PresenceSlot
        fields = [
            "organisation",
            "role",
            "service",
            "location",
            "weekday",
            "starts_at",
            "ends_at",
            "valid_from",
            "valid_until",
            "note",
        ]
        widgets = {
            "starts_at": START_WIDGET,
            "ends_at": END_WIDGET,
            "valid_from": DATE_WIDGET,
            "valid_until": DATE_WIDGET,
        }

    def __init__(self, *args, worker, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.worker = worker
        organisations = worker.organisations.values("pk")
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=organisations
        ).only("pk", "name_fr", "name_nl", "name_en")
        self.fields["organisation"].empty_label = None
        self.fields["service"].queryset = (
            Service.objects.public()
            .filter(organisation__in=organisations)
            .only("pk", "name_fr", "name_nl", "name_en")
        )
        self.fields["location"].queryset = places_for(worker, self.instance.location_id)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = TIME_INPUT_FORMATS
        if not self.editing:
            self.initial["role"] = worker.function


def own_worker_or_404(request):
    worker = getattr(request.user, "worker", None)
    if worker is None:
        raise Http404
    return worker


@worker_required
def my_presence(request):
    worker = getattr(request.user, "worker", None)
    slots = worker.presence_slots.for_pages() if worker else PresenceSlot.objects.none()
    return render(
        request,
        "staff/my_presence.html",
        {
            "worker": worker,
            "slots": slots,
            "has_organisation": bool(worker and worker.organisations.exists()),
        },
    )


def edit_slot(request, worker, slot, message):
    form = PresenceSlotForm(request.POST or None, instance=slot, worker=worker)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, message)
        return redirect("staff:my-presence")
    return render(request, "staff/presence_form.html", {"form": form, "slot": slot})


@worker_required
@transaction.atomic  # the form's version check locks the row until the save (locking.py)
def presence_add(request):
    worker = own_worker_or_404(request)
    if not worker.organisations.exists():
        return redirect("staff:my-presence")
    return edit_slot(request, worker, PresenceSlot(), _("La permanence est ajoutée."))


@worker_required
@transaction.atomic
def presence_edit(request, pk):
    worker = own_worker_or_404(request)
    slot = get_object_or_404(worker.presence_slots, pk=pk)
    return edit_slot(request, worker, slot, _("La permanence est modifiée."))


@worker_required
@require_POST
def presence_delete(request, pk):
    worker = own_worker_or_404(request)
    get_object_or_404(worker.presence_slots, pk=pk).delete()
    messages.success(request, _("La permanence est supprimée."))
    return redirect("staff:my-presence")
