"""Organisations, their services and phone numbers; the search vocabulary."""

import uuid
from functools import cached_property

from django.db import models
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import geo, places
from ..phones import tel_uri
from ..translation import INTERFACE_LANGUAGES, translated
from .areas import PLACE_AREAS, PLACE_AREAS_GEOMETRY
from .base import TranslatedName, unique_slug
from .checkins import CheckInRequest
from .crisis import TemporaryStatus
from .locations import Location, ServicePoint
from .opening import DoorsOpen
from .taxonomy import Audience, Category, Language


class Organisation(TranslatedName):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    description = translated(models.TextField(_("description"), blank=True))
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    # The HSDS fields of an imported organisation that we do not model, as the file gave them.
    hsds_extra = models.JSONField(_("autres champs HSDS"), default=dict, blank=True, editable=False)
    is_demo = models.BooleanField(
        _("démo"), default=False, help_text=_("Organisation fictive des données de démonstration.")
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_fr)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directory:organisation-detail", args=[self.slug])


# Reached by phone (or online) from anywhere in the Region: no door to walk to, so near
# nothing. A search sorted by distance lists these apart.
BY_PHONE_ANYWHERE = Q(remote_only=True, area_served="region", residents_only=False)


def nearest_point_rank(lat, lon):
    """geo.distance_expression from (lat, lon) to the service's nearest public point (the
    place its card shows), or NULL when it has none.

    Most services have one: its point is on the row; only those with several (their
    ServicePoints) cost a subquery.
    """
    points = ServicePoint.objects.filter(service=OuterRef("pk"))
    ranked = points.annotate(rank=geo.distance_expression(lat, lon)).order_by("rank")
    return Case(
        When(point_count__gt=1, then=Subquery(ranked.values("rank")[:1])),
        default=geo.distance_expression(lat, lon),
        output_field=FloatField(),
    )


def point_in(box):
    """A filter: the service has a public point in `box` (a geo.Box): its row's, or one of
    its ServicePoints (read first, in their own index: few services have several places),
    so that the database reads the services through their own index too."""
    points = ServicePoint.objects.filter(box.lookup()).order_by()
    several = set(points.values_list("service_id", flat=True))
    return box.lookup() | Q(pk__in=several)


SEARCH_COLUMNS = ("search_document", "search_categories")  # the search's, never a page's
SYNONYM_COLUMNS = [f"synonyms_{code}" for code in INTERFACE_LANGUAGES]


class ServiceQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_active=True)

    def changed_since(self, moment):
        """Services whose HSDS output changed at or after `moment`: their own edits (places,
        phones and hours move `modified`), their organisation's, or a category renamed."""
        renamed = Category.objects.filter(services=OuterRef("pk"), modified__gte=moment)
        return self.filter(
            Q(modified__gte=moment) | Q(organisation__modified__gte=moment) | Q(Exists(renamed))
        )

    def for_listing(self):
        """Everything a service card shows, in a constant number of queries."""
        return self.select_related("organisation").prefetch_related(
            models.Prefetch("categories", queryset=Category.objects.defer(*SYNONYM_COLUMNS)),
            models.Prefetch(
                "locations",
                queryset=Location.objects.select_related(*PLACE_AREAS)
                .defer(*PLACE_AREAS_GEOMETRY)
                .prefetch_related("schedules", "exceptions"),
            ),
        )

    def for_cards(self):
        """for_listing, with the statuses, phones and check-ins a card shows (is_open_at reads)."""
        return (
            self.for_listing()
            .defer(*SEARCH_COLUMNS)
            .prefetch_related(
                models.Prefetch("temporary_statuses", queryset=TemporaryStatus.objects.not_ended()),
                "phones",
                models.Prefetch(
                    "check_in_requests",
                    queryset=CheckInRequest.objects.confirming().only("service", "answered_at"),
                    to_attr="confirmations",
                ),
            )
        )

    def full_on(self, day=None):
        """Services that said they are full on `day` (today by default)."""
        return self.filter(Exists(self._saturated(day)))

    def not_full_on(self, day=None):
        """Services with room on `day`: not full, doors not shut by a temporary status."""
        day = day or timezone.localdate()
        busy = TemporaryStatus.objects.in_force(day).filter(
            service=OuterRef("pk"), kind__in=TemporaryStatus.DOORS_SHUT + TemporaryStatus.SATURATION
        )
        return self.filter(~Exists(busy))

    def _saturated(self, day):
        return TemporaryStatus.objects.in_force(day).filter(
            service=OuterRef("pk"), kind__in=TemporaryStatus.SATURATION
        )

    def with_location(self, *conditions, **lookups):
        located = Location.objects.filter(*conditions, service=OuterRef("pk"), **lookups)
        return self.filter(Exists(located))

    def in_commune(self, commune):
        return self.with_location(commune=commune)

    def in_quartier(self, quartier):
        return self.with_location(places.in_quartiers([quartier]))

    def accessible(self):
        return self.with_location(wheelchair_accessible=True)

    def open_at(self, moment):
        """A location open at `moment`, and no closure or remote-only status on that day."""
        moment = timezone.localtime(moment)
        shut = TemporaryStatus.objects.in_force(moment.date()).filter(
            service=OuterRef("pk"), kind__in=TemporaryStatus.DOORS_SHUT
        )
        return self.filter(
            Exists(Location.objects.open_at(moment).filter(service=OuterRef("pk"))),
            ~Exists(shut),
        )

    def open_now(self):
        return self.open_at(timezone.localtime())

    def near(self, lat, lon):
        """Sorts by distance to the service's nearest public place, the one its card shows
        (services without a point last).

        `distance_rank` is an alias (squared degrees, see geo.distance_expression) that
        orders without being selected, so counting the results stays cheap. Read a page of
        it with geo.nearest_first(..., in_box=point_in).
        """
        return self.alias(distance_rank=nearest_point_rank(lat, lon)).order_by(
            F("distance_rank").asc(nulls_last=True), "name_fr", "pk"
        )

    def by_phone_anywhere(self):
        return self.filter(BY_PHONE_ANYWHERE)

    def for_residents_of(self, nis_code):
        """Services reserved to the residents of a commune (its NIS code), with a place
        there: its CPAS, its commune services."""
        there = Location.objects.filter(commune__nis_code=nis_code).values("service_id")
        return self.filter(residents_only=True, pk__in=there)


class Service(DoorsOpen, TranslatedName):
    class AreaServed(models.TextChoices):
        LOCAL = "local", _("le quartier")
        COMMUNE = "commune", _("toute la commune")
        REGION = "region", _("toute la Région bruxelloise")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("organisation"),
    )
    description = translated(models.TextField(_("description")))
    how_to_access = translated(models.TextField(_("comment y accéder"), blank=True))
    fees = translated(models.CharField(_("tarifs"), max_length=300, blank=True))

    categories = models.ManyToManyField(
        Category, related_name="services", verbose_name=_("catégories")
    )
    audiences = models.ManyToManyField(
        Audience, related_name="services", blank=True, verbose_name=_("publics")
    )
    languages = models.ManyToManyField(
        Language, related_name="services", blank=True, verbose_name=_("langues parlées")
    )
    # Other systems' terms it came with (models/foreign_taxonomies.py): shown, exported back.
    foreign_terms = models.ManyToManyField(
        "directory.ForeignTerm",
        related_name="services",
        blank=True,
        verbose_name=_("autres classements"),
    )
    free = models.BooleanField(_("gratuit"), default=True)
    walk_in = models.BooleanField(
        _("sans rendez-vous"), default=False, help_text=_("On peut venir sans rendez-vous.")
    )
    by_appointment = models.BooleanField(_("sur rendez-vous"), default=False)
    area_served = models.CharField(
        _("zone desservie"), max_length=10, choices=AreaServed.choices, default=AreaServed.LOCAL
    )
    residents_only = models.BooleanField(
        _("réservé aux habitants de la commune"),
        default=False,
        help_text=_(
            "Seuls les habitants de la commune où il se trouve peuvent y faire appel "
            "(le CPAS, les services communaux)."
        ),
    )
    remote_only = models.BooleanField(
        _("à distance uniquement"),
        default=False,
        help_text=_(
            "On le joint par téléphone ou en ligne, sans s'y rendre (une ligne d'écoute, "
            "par exemple)."
        ),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    # The first place's public point (derived.py); searches rank by all of them (ServicePoint).
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, editable=False)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, editable=False)
    # How many public points it has (derived.py): with several, they are its ServicePoints.
    point_count = models.PositiveSmallIntegerField(default=0, editable=False)
    last_verified = models.DateField(_("dernière vérification"), null=True, blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("âge minimum"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("âge maximum"), null=True, blank=True)
    # The HSDS fields of an imported service that we do not model (funding, contacts ...).
    hsds_extra = models.JSONField(_("autres champs HSDS"), default=dict, blank=True, editable=False)
    is_active = models.BooleanField(_("publié"), default=True)
    search_document = models.TextField(editable=False, blank=True)
    search_categories = models.CharField(max_length=400, editable=False, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    # Derived columns (derived.py) are not history: they are recomputed after the row is written.
    history = HistoricalRecords(
        excluded_fields=[
            "latitude",
            "longitude",
            "point_count",
            "search_document",
            "search_categories",
        ],
        m2m_fields=[categories, audiences, languages],
    )
    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            models.Index(fields=["latitude", "longitude"]),
            # Lists in name order (the API, the search page without words) stop early.
            models.Index(fields=["name_fr", "id"], name="service_name_order"),
            # A search near a point finds the few reserved to its commune's residents, and
            # the few reached at a distance (BY_PHONE_ANYWHERE), without reading the others.
            models.Index(fields=["id"], condition=Q(residents_only=True), name="service_residents"),
            models.Index(fields=["id"], condition=Q(remote_only=True), name="service_remote"),
        ]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_fr)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directory:service-detail", args=[self.slug])

    def public_places(self):
        """Its places as the public may see them (PublicPlace), from the prefetched locations:
        made once for the row, as they were read (a kept row's cards ask at every page)."""
        locations = getattr(self, "_prefetched_objects_cache", {}).get("locations")
        if locations is None:
            return [location.public for location in self.locations.all()]
        made = self.__dict__.get("_public_places")
        if made is None or made[0] is not locations:  # none yet, or read again since
            made = self._public_places = (locations, [location.public for location in locations])
        return made[1]

    def nearest_place(self, point=None):
        """The place to show first: the nearest to `point` (with .lat, .lon), else the first.

        Reads the prefetched locations, so a page of results costs no extra query.
        """
        return places.nearest(self.public_places(), point)

    @cached_property
    def confirmed_at(self):
        """When it last answered a crisis check-in still running, or None (for_cards)."""
        moments = [r.answered_at for r in getattr(self, "confirmations", ())]
        return max(moments, default=None)


class Phone(models.Model):
    class Kind(models.TextChoices):
        VOICE = "voice", _("téléphone")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")
        FAX = "fax", _("fax")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("numéro"), max_length=30)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.VOICE)
    note = models.CharField(_("précision"), max_length=120, blank=True)
    # Its HSDS id: the file's, else a random one (never the same in two databases).
    uid = models.UUIDField(_("id HSDS"), default=uuid.uuid4, db_index=True, editable=False)
    hsds_extra = models.JSONField(_("autres champs HSDS"), default=dict, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("téléphone")
        verbose_name_plural = _("téléphones")

    def __str__(self):
        return self.number

    @property
    def tel_uri(self):
        return tel_uri(self.number)
