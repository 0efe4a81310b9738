"""Crisis mode: alert banners for the region or a commune, and a service's temporary status.

A coordinator publishes an alert (a lockdown, a heat wave) for a date range; every page
shows the alerts in force for the region and, on a commune's pages, for that commune. A
service can be marked temporarily closed, remote only, or with changed hours for a date
range; search and service pages show it and "open now" respects it. A service full for
the day (beds, parcels) says so with a one-day status that leaves its doors open.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..translation import translated


def in_force_on(row, day):
    """Whether an alert's or a status's date range covers `day` (see InForceQuerySet)."""
    return row.starts_on <= day and (row.ends_on is None or day <= row.ends_on)


def check_date_range(row):
    if row.ends_on and row.starts_on and row.ends_on < row.starts_on:
        raise ValidationError({"ends_on": _("La fin doit suivre le début.")})


def date_range_constraint(name):
    """The database's half of check_date_range: no path (import, shell, bulk) skips it."""
    return models.CheckConstraint(
        condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name=name
    )


class InForceQuerySet(models.QuerySet):
    def in_force(self, day=None):
        """Rows whose date range covers `day` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def not_ended(self, day=None):
        """Rows in force on `day` or later: what a page may still have to show."""
        day = day or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class AlertQuerySet(InForceQuerySet):
    def for_communes(self, communes, day=None):
        """The region-wide alerts in force, and those of any of `communes`: one query."""
        scope = Q(commune__isnull=True)
        if communes:
            scope |= Q(commune__in=communes)
        geometry = ("commune__boundary", "commune__boundary_display")
        return self.in_force(day).filter(scope).select_related("commune").defer(*geometry)


class Alert(models.Model):
    class Level(models.TextChoices):
        INFO = "info", _("information")
        WARNING = "warning", _("avertissement")
        URGENT = "urgent", _("urgence")

    title = translated(models.CharField(_("titre"), max_length=150))
    message = translated(models.TextField(_("message"), blank=True))
    link = models.URLField(_("lien pour en savoir plus"), blank=True)
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices, default=Level.INFO)
    commune = models.ForeignKey(
        "directory.Commune",
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
        help_text=_("Vide : toute la Région."),
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(
        _("au"), null=True, blank=True, help_text=_("Vide : jusqu'à nouvel ordre.")
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = AlertQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [date_range_constraint("alert_ends_after_it_starts")]
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")

    def __str__(self):
        return self.title_fr

    def clean(self):
        check_date_range(self)


class TemporaryStatus(models.Model):
    """A service's state over a date range, shown above its usual hours."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("temporairement fermé")
        REMOTE = "remote", _("à distance uniquement")
        CHANGED_HOURS = "changed_hours", _("horaires modifiés")
        FULL = "full", _("complet aujourd'hui")

    # Nobody can walk in, whatever the weekly hours say: "open now" leaves these out.
    DOORS_SHUT = (Kind.CLOSED, Kind.REMOTE)
    # Not a state of the doors but of the day's places: shown beside the others, never
    # instead of them (Service.status_on leaves it out, Service.is_full_on reads it).
    SATURATION = (Kind.FULL,)

    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        related_name="temporary_statuses",
        verbose_name=_("service"),
    )
    kind = models.CharField(_("statut"), max_length=15, choices=Kind.choices)
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(
        _("au"), null=True, blank=True, help_text=_("Vide : jusqu'à nouvel ordre.")
    )
    note = translated(models.CharField(_("précision"), max_length=300, blank=True))

    objects = InForceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [date_range_constraint("status_ends_after_it_starts")]
        verbose_name = _("statut temporaire")
        verbose_name_plural = _("statuts temporaires")

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on} – {self.ends_on or '…'}"

    def covers(self, day):
        return in_force_on(self, day)

    @property
    def upcoming(self):
        return self.starts_on > timezone.localdate()

    @property
    def keeps_doors_shut(self):
        return self.kind in self.DOORS_SHUT

    @property
    def is_full(self):
        return self.kind in self.SATURATION

    def clean(self):
        check_date_range(self)
