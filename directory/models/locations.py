"""Where a service is (its places) and when: weekly hours and exceptions."""

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import places
from ..translation import translated
from .areas import Commune, Quartier


class LocationQuerySet(models.QuerySet):
    def with_public_place(self):
        """Annotates each place's public point and quartier (places.public_columns)."""
        return self.annotate(**places.public_columns())

    def open_at(self, moment):
        """Locations open at `moment`: their weekly hours, unless an exception covers the day."""
        moment = timezone.localtime(moment)
        day, t, weekday = moment.date(), moment.time(), moment.weekday()
        exceptions_today = ScheduleException.objects.filter(
            location=OuterRef("pk"), start_date__lte=day, end_date__gte=day
        )
        overnight = Q(closes_at__lte=F("opens_at"))
        in_force = (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )
        regular = Schedule.objects.filter(in_force, location=OuterRef("pk")).filter(
            Q(weekday=weekday, opens_at__lte=t) & (Q(closes_at__gt=t) | overnight)
            | Q(weekday=(weekday - 1) % 7, closes_at__gt=t) & overnight
        )
        exceptional = exceptions_today.filter(closed=False, opens_at__lte=t, closes_at__gt=t)
        return self.filter(Exists(regular) & ~Exists(exceptions_today) | Exists(exceptional))


class Location(models.Model):
    """A place where a service is offered, with its own opening hours."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(_("nom du lieu"), max_length=200, blank=True)
    street = translated(
        models.CharField(_("adresse"), max_length=200, blank=True), languages=("fr", "nl")
    )
    postcode = models.CharField(_("code postal"), max_length=12, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("commune"),
        help_text=_("Déduite des coordonnées."),
    )
    quartier = models.ForeignKey(
        Quartier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("quartier"),
        help_text=_("Déduit des coordonnées."),
    )
    wheelchair_accessible = models.BooleanField(_("accessible en chaise roulante"), default=False)
    address_hidden = models.BooleanField(
        _("adresse confidentielle"),
        default=False,
        help_text=_("N'afficher que la commune (par exemple pour un refuge)."),
    )
    # HSDS: the id of its service_at_location when a file gave one (else derived from the
    # place's id, values.service_at_location_id), and the fields we do not model of the
    # location and of its service_at_location, as the file gave them.
    link_id = models.UUIDField(
        _("id HSDS du lien service-lieu"), null=True, blank=True, db_index=True, editable=False
    )
    hsds_extra = models.JSONField(_("autres champs HSDS"), default=dict, blank=True, editable=False)
    hsds_link = models.JSONField(
        _("autres champs HSDS du lien service-lieu"), default=dict, blank=True, editable=False
    )
    # Moves on every save of the place and of its hours (signals.py): its version (locking.py).
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        indexes = [
            models.Index(fields=["latitude", "longitude"]),
            # The `accessible` filter asks it of every candidate service.
            models.Index(
                fields=["service"],
                condition=Q(wheelchair_accessible=True),
                name="location_accessible",
            ),
        ]

    def __str__(self):
        if self.address_hidden:  # whoever prints a place by mistake prints no refuge
            return gettext("adresse confidentielle")
        return self.name or self.street or str(self.service)

    # What the place was when read or last saved: signals.py compares with it, so that a
    # save that does not move the place recomputes nothing (see derived.py).
    WHERE = ("latitude", "longitude", "postcode")
    SORT_POINT = ("latitude", "longitude", "address_hidden", "commune_id", "service_id")

    @classmethod
    def from_db(cls, db, field_names, values):
        location = super().from_db(db, field_names, values)
        location.remember_loaded()
        return location

    def remember_loaded(self):
        self._loaded = {name: self.__dict__.get(name) for name in {*self.WHERE, *self.SORT_POINT}}

    def loaded(self, name):
        """The column's value when the place was read or last saved (its own, if new)."""
        return getattr(self, "_loaded", {}).get(name, getattr(self, name))

    def _changed(self, names):
        loaded = getattr(self, "_loaded", None)
        return loaded is None or any(loaded[name] != getattr(self, name) for name in names)

    def where_changed(self):
        """New, or another point or postcode: its commune and quartier must be found."""
        return self._changed(self.WHERE)

    def sort_point_changed(self):
        """What its service's sort point depends on changed (see places.sort_point)."""
        return self._changed(self.SORT_POINT)

    @property
    def public(self):
        """What the public may know of this place (see places.py)."""
        return places.public_place(self)

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def lat(self):
        return float(self.latitude)

    @property
    def lon(self):
        return float(self.longitude)

    def is_open_at(self, moment):
        """Same rule as LocationQuerySet.open_at, on prefetched schedules and exceptions."""
        moment = timezone.localtime(moment)
        day, t = moment.date(), moment.time()
        for exception in self.exceptions.all():
            if exception.start_date <= day <= exception.end_date:
                return exception.covers(t)
        return any(slot.covers(moment) for slot in self.current_schedules(day))

    def current_schedules(self, day=None):
        """The prefetched weekly slots in force on `day` (today by default): a slot an
        import said was valid only in 2019 is not today's hours."""
        day = day or timezone.localdate()
        return [slot for slot in self.schedules.all() if slot.in_force(day)]

    def weekly_hours(self):
        """[(day name, [slots])] for Monday to Sunday, from the prefetched schedules."""
        return [
            (label, [s for s in self.current_schedules() if s.weekday == day])
            for day, label in Schedule.Weekday.choices
        ]

    def exception_on(self, day):
        return next((e for e in self.exceptions.all() if e.start_date <= day <= e.end_date), None)

    def opening_times_on(self, day):
        """When its doors open on `day`: an exception's hours, else the weekly slots'."""
        exception = self.exception_on(day)
        if exception:
            return [] if exception.closed else [exception.opens_at]
        slots = self.current_schedules(day)
        return [slot.opens_at for slot in slots if slot.weekday == day.weekday()]

    def hours_on(self, day):
        """[(opens, closes)] on `day`: an exception's hours (none when closed), else the
        weekly slots'."""
        exception = self.exception_on(day)
        if exception:
            return [] if exception.closed else [(exception.opens_at, exception.closes_at)]
        slots = [s for s in self.current_schedules(day) if s.weekday == day.weekday()]
        return [(slot.opens_at, slot.closes_at) for slot in slots]

    def upcoming_exceptions(self, today=None):
        today = today or timezone.localdate()
        horizon = today + timedelta(days=60)
        return [e for e in self.exceptions.all() if e.end_date >= today and e.start_date <= horizon]


# Times as coordinators and workers type them: "13:30", "13.30", "13h30", "13h".
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%Hh%M", "%Hh", "%H:%M:%S"]

# Monday to Friday, as Schedule.Weekday numbers them.
WORKING_DAYS = range(5)


class ServicePoint(models.Model):
    """A point where the public may find a service with several: the public point of one
    of its places (places.py: a confidential place's is its commune's centre). Derived
    (derived.py); a service with one point has it on its row only.

    A search sorted by distance ranks a service by the nearest of its points, the place
    its card shows, and reads these through their own index, never a place's columns.
    """

    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="points"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        return f"{self.latitude}, {self.longitude}"


class Schedule(models.Model):
    """A weekly opening slot. A slot that closes at or before it opens runs past midnight."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("lundi")
        TUESDAY = 1, _("mardi")
        WEDNESDAY = 2, _("mercredi")
        THURSDAY = 3, _("jeudi")
        FRIDAY = 4, _("vendredi")
        SATURDAY = 5, _("samedi")
        SUNDAY = 6, _("dimanche")

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="schedules")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    opens_at = models.TimeField(_("ouvre à"))
    closes_at = models.TimeField(_("ferme à"))
    valid_from = models.DateField(_("valable à partir du"), null=True, blank=True)
    valid_to = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    # Its HSDS id, shared by the days of one imported schedule; else a random one.
    uid = models.UUIDField(_("id HSDS"), default=uuid.uuid4, db_index=True, editable=False)
    hsds_extra = models.JSONField(_("autres champs HSDS"), default=dict, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("horaire")
        verbose_name_plural = _("horaires")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def in_force(self, day):
        """True if the slot is valid on `day` (a slot valid only in 2019 is not today's)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def overnight(self):
        return self.closes_at <= self.opens_at

    def copy_to_weekdays(self):
        """The same slot on each day from Monday to Friday that lacks it; the new slots.

        One by one, not in bulk: each is in the history, and moves the place's version.
        """
        days = Schedule.objects.filter(
            location_id=self.location_id, opens_at=self.opens_at, closes_at=self.closes_at
        ).values_list("weekday", flat=True)
        present = set(days)
        return [
            Schedule.objects.create(
                location_id=self.location_id,
                weekday=day,
                opens_at=self.opens_at,
                closes_at=self.closes_at,
            )
            for day in WORKING_DAYS
            if day not in present
        ]

    def covers(self, moment):
        t, weekday = moment.time(), moment.weekday()
        if (
            weekday == self.weekday
            and t >= self.opens_at
            and (self.overnight or t < self.closes_at)
        ):
            return True
        return self.overnight and weekday == (self.weekday + 1) % 7 and t < self.closes_at


class ScheduleException(models.Model):
    """Holidays, temporary closures or changed hours over a range of days."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="exceptions")
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au"))
    closed = models.BooleanField(_("fermé"), default=True)
    opens_at = models.TimeField(_("ouvre à"), null=True, blank=True)
    closes_at = models.TimeField(_("ferme à"), null=True, blank=True)
    reason = translated(models.CharField(_("raison"), max_length=200, blank=True))

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="exception_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(closed=True) | Q(opens_at__isnull=False, closes_at__isnull=False),
                name="exception_open_has_hours",
                violation_error_message=_("Indiquez les heures d'ouverture, ou cochez « fermé »."),
            ),
        ]
        verbose_name = _("exception d'horaire")
        verbose_name_plural = _("exceptions d'horaire")

    def __str__(self):
        return f"{self.start_date} – {self.end_date}"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin doit suivre le début.")})

    def covers(self, t):
        return not self.closed and self.opens_at <= t < self.closes_at
