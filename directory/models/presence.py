"""Who is present where, when: recurring presence slots ("permanences").

A slot says that an organisation's worker (or just its function: "assistante sociale")
is at a place on a day of the week, from one time to another, possibly only between two
dates. A slot of a service is that service's permanence, shown on its public page. Who
sees what: the public page shows the function, never a person's name (consent is for
colleagues, not the public); the staff quartier page shows a name only for a worker who
lets colleagues see their profile. The place is always read through its public projection
(`place`, places.py): a refuge's address is never shown, and it is in no quartier.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import places
from .areas import PLACE_AREAS, PLACE_AREAS_GEOMETRY
from .locations import Location, Schedule

# What the public projection of a slot's place reads (places.public_place), polygons aside.
THROUGH_PLACE = tuple(f"location__{name}" for name in ("service__organisation", *PLACE_AREAS))
PLACE_GEOMETRY = tuple(f"location__{name}" for name in PLACE_AREAS_GEOMETRY)


class PresenceSlotQuerySet(models.QuerySet):
    def between(self, first, last):
        """Slots valid on at least one day from `first` to `last` (dates, both included)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=last),
            Q(valid_until__isnull=True) | Q(valid_until__gte=first),
        )

    def not_ended(self, today=None):
        """Slots still to come or in force: those that ended before `today` are left out."""
        today = today or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))

    def at_published_places(self):
        return self.filter(location__service__is_active=True)

    def in_quartier(self, quartier):
        """Slots at places the public knows to be in `quartier` (a refuge is in none)."""
        located = Location.objects.filter(places.in_quartiers([quartier]))
        return self.filter(location__in=located.values("pk"))

    def for_public_pages(self):
        """What a slot shows residents (function, organisation, the public place and its
        host service), in one query whatever the number of slots. No person."""
        return self.select_related("organisation", *THROUGH_PLACE).defer(*PLACE_GEOMETRY)

    def for_pages(self):
        """for_public_pages, and for colleagues the person (shown if they consent) and the
        slot's service, in the same query."""
        return self.for_public_pages().select_related("service", "worker__user")


class PresenceSlot(models.Model):
    """A recurring presence: a function of an organisation, at a place, on a weekday."""

    worker = models.ForeignKey(
        "directory.Worker",
        # The permanence is the organisation's: it outlives the person's profile.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presence_slots",
        verbose_name=_("travailleur"),
        help_text=_("Facultatif: une permanence peut être celle d'un service, sans nom."),
    )
    role = models.CharField(
        _("fonction"),
        max_length=120,
        help_text=_(
            "par ex. assistante sociale. Elle est publique: une fonction, jamais le nom "
            "d'une personne."
        ),
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="presence_slots",
        verbose_name=_("organisation"),
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="permanences",
        verbose_name=_("service"),
        help_text=_(
            "Le service de l'organisation dont c'est la permanence: sa page publique la montre."
        ),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        related_name="presence_slots",
        verbose_name=_("lieu"),
        help_text=_("Le lieu de la permanence, par ex. une maison de quartier."),
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Schedule.Weekday.choices)
    starts_at = models.TimeField(_("début"))
    ends_at = models.TimeField(_("fin"))
    valid_from = models.DateField(_("à partir du"), null=True, blank=True)
    valid_until = models.DateField(
        _("jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Sans dates, la permanence a lieu chaque semaine."),
    )
    note = models.CharField(
        _("précision publique"),
        max_length=200,
        blank=True,
        help_text=_("par ex. sans rendez-vous, au premier étage"),
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PresenceSlotQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "starts_at", "ends_at", "pk"]
        verbose_name = _("permanence")
        verbose_name_plural = _("permanences")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="presence_ends_after_it_starts",
                violation_error_message=_("La fin doit suivre le début."),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="presence_valid_until_after_from",
                violation_error_message=_("La dernière date doit suivre la première."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.role}, {self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
        )

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("La fin doit suivre le début.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("La dernière date doit suivre la première.")
        if self.service_id and self.organisation_id:
            if self.service.organisation_id != self.organisation_id:
                errors["service"] = _("Choisissez un service de cette organisation.")
        if self.worker_id and self.organisation_id:
            if not self.worker.is_member_of(self.organisation):
                errors["worker"] = _("Cette personne ne fait pas partie de cette organisation.")
        if errors:
            raise ValidationError(errors)

    @property
    def place(self):
        """Where, as the public may know it (places.PublicPlace)."""
        return self.location.public

    @property
    def host(self):
        """The service whose place it is (a maison de quartier hosting the permanence)."""
        return self.location.service

    @property
    def place_name(self):
        """The place's name, else its organisation's ("Maison de quartier Le Vieux Chêne");
        none for a confidential place, known by its commune only."""
        place = self.place
        if place.hidden:
            return ""
        return place.name or self.host.organisation.name

    @property
    def shown_name(self):
        """The person's name for colleagues, if they let colleagues see their profile."""
        worker = self.worker
        return worker.name if worker and worker.is_visible_to_colleagues else ""

    def is_on(self, day):
        """Whether the slot is held on `day` (its weekday, within its dates)."""
        return (
            day.weekday() == self.weekday
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or day <= self.valid_until)
        )


def week_of(day):
    """Monday to Sunday of the week of `day`."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=n) for n in range(7)]
