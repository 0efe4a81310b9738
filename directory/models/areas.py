"""Areas of Brussels: communes and their quartiers, with centres and boundaries."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import geo
from .base import TranslatedName

GEOMETRY_FIELDS = ("boundary", "boundary_display")
# A place's areas, read with it, without their polygons.
PLACE_AREAS = ("commune", "quartier")
PLACE_AREAS_GEOMETRY = tuple(f"{a}__{f}" for a in PLACE_AREAS for f in GEOMETRY_FIELDS)


class AreaQuerySet(models.QuerySet):
    def containing_bbox(self, lat, lon):
        return self.filter(geo.bbox_holds(lat, lon))


class QuartierQuerySet(AreaQuerySet):
    def with_commune(self):
        """Quartiers with their commune, whose polygons stay in the database as theirs do:
        a list of 145 quartiers would otherwise read each commune's boundary once per
        quartier (megabytes of JSON for a select or a list of checkboxes)."""
        return self.select_related("commune").defer(*(f"commune__{f}" for f in GEOMETRY_FIELDS))


class AreaManager(models.Manager.from_queryset(AreaQuerySet)):
    """Leaves the polygons (up to 100 kB an area) in the database unless asked for."""

    def get_queryset(self):
        return super().get_queryset().defer(*GEOMETRY_FIELDS)


class Area(TranslatedName):
    """A commune or a quartier: a centroid always, a boundary once one is imported."""

    slug = models.SlugField(max_length=80, unique=True)
    latitude = models.DecimalField(_("latitude du centre"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude du centre"), max_digits=9, decimal_places=6)
    boundary = models.JSONField(_("limites (GeoJSON)"), null=True, blank=True, editable=False)
    boundary_display = models.JSONField(null=True, blank=True, editable=False)
    min_lat = models.FloatField(null=True, editable=False, db_index=True)
    max_lat = models.FloatField(null=True, editable=False, db_index=True)
    min_lon = models.FloatField(null=True, editable=False, db_index=True)
    max_lon = models.FloatField(null=True, editable=False, db_index=True)

    objects = AreaManager()

    class Meta:
        abstract = True

    @property
    def has_boundary(self):
        return self.min_lat is not None

    def set_boundary(self, geometry):
        """Stores a GeoJSON geometry, its bounding box and a lighter copy for maps."""
        self.boundary = geometry
        self.boundary_display = geo.simplify(geometry)
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = geo.bbox(geometry)


class Commune(Area):
    nis_code = models.CharField(_("code INS"), max_length=5, unique=True)
    postcodes = models.JSONField(_("codes postaux"), default=list)

    history = HistoricalRecords(excluded_fields=GEOMETRY_FIELDS)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def get_absolute_url(self):
        return reverse("directory:commune-detail", args=[self.slug])


class Quartier(Area):
    code = models.PositiveIntegerField(_("code monitoring (mdrc)"), unique=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="quartiers", verbose_name=_("commune")
    )

    history = HistoricalRecords(excluded_fields=GEOMETRY_FIELDS)
    objects = AreaManager.from_queryset(QuartierQuerySet)()

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")

    def get_absolute_url(self):
        return reverse("directory:quartier-detail", args=[self.slug])
