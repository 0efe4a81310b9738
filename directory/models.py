"""The directory: areas of Brussels, organisations, their services and where and when."""

import uuid
from datetime import timedelta
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import geo, places
from .phones import tel_uri
from .translation import Translated


def unique_slug(instance, text, max_length=80):
    """A slug from `text`, suffixed with -2, -3 ... until no other row of the model has it."""
    base = slugify(text)[:max_length].strip("-") or "x"
    slug, n = base, 1
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class TranslatedName(models.Model):
    name_fr = models.CharField(_("nom (FR)"), max_length=200)
    name_nl = models.CharField(_("nom (NL)"), max_length=200)
    name_en = models.CharField(_("nom (EN)"), max_length=200, blank=True)
    name = Translated()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


GEOMETRY_FIELDS = ("boundary", "boundary_display")
# A place's areas, read with it, without their polygons.
PLACE_AREAS = ("commune", "quartier")
PLACE_AREAS_GEOMETRY = tuple(f"{a}__{f}" for a in PLACE_AREAS for f in GEOMETRY_FIELDS)


class AreaQuerySet(models.QuerySet):
    def containing_bbox(self, lat, lon):
        return self.filter(min_lat__lte=lat, max_lat__gte=lat, min_lon__lte=lon, max_lon__gte=lon)


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

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")

    def get_absolute_url(self):
        return reverse("directory:quartier-detail", args=[self.slug])


class Category(TranslatedName):
    slug = models.SlugField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    description_fr = models.CharField(_("explication (FR)"), max_length=300, blank=True)
    description_nl = models.CharField(_("explication (NL)"), max_length=300, blank=True)
    description_en = models.CharField(_("explication (EN)"), max_length=300, blank=True)
    description = Translated()
    synonyms_fr = models.TextField(_("synonymes (FR)"), blank=True, help_text=_("un par ligne"))
    synonyms_nl = models.TextField(_("synonymes (NL)"), blank=True, help_text=_("un par ligne"))
    synonyms_en = models.TextField(_("synonymes (EN)"), blank=True, help_text=_("un par ligne"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")

    def get_absolute_url(self):
        return reverse("directory:service-list") + f"?category={self.slug}"

    def synonyms(self):
        text = "\n".join([self.synonyms_fr, self.synonyms_nl, self.synonyms_en])
        return [s.strip() for s in text.splitlines() if s.strip()]


class Audience(TranslatedName):
    slug = models.SlugField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class Language(TranslatedName):
    code = models.CharField(_("code ISO 639-1"), max_length=2, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("langue")
        verbose_name_plural = _("langues")


class Organisation(TranslatedName):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    description_fr = models.TextField(_("description (FR)"), blank=True)
    description_nl = models.TextField(_("description (NL)"), blank=True)
    description_en = models.TextField(_("description (EN)"), blank=True)
    description = Translated()
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
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


class ServiceQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_active=True)

    def for_listing(self):
        """Everything a service card shows, in a constant number of queries."""
        return self.select_related("organisation").prefetch_related(
            "categories",
            models.Prefetch(
                "locations",
                queryset=Location.objects.select_related(*PLACE_AREAS)
                .defer(*PLACE_AREAS_GEOMETRY)
                .prefetch_related("schedules", "exceptions"),
            ),
        )

    def for_cards(self):
        """for_listing, and the temporary statuses residents' pages show (crisis mode).

        Service.is_open_at and status_on read them: call it before those.
        """
        return self.for_listing().prefetch_related(
            models.Prefetch("temporary_statuses", queryset=TemporaryStatus.objects.not_ended())
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
        """Sorts by distance to the service's main location (services without one last).

        `distance_rank` is an alias (squared degrees, see geo.distance_expression) that
        orders without being selected, so counting the results stays cheap.
        """
        return self.alias(distance_rank=geo.distance_expression(lat, lon)).order_by(
            F("distance_rank").asc(nulls_last=True), "name_fr", "pk"
        )


class Service(TranslatedName):
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
    description_fr = models.TextField(_("description (FR)"))
    description_nl = models.TextField(_("description (NL)"))
    description_en = models.TextField(_("description (EN)"), blank=True)
    description = Translated()
    how_to_access_fr = models.TextField(_("comment y accéder (FR)"), blank=True)
    how_to_access_nl = models.TextField(_("comment y accéder (NL)"), blank=True)
    how_to_access_en = models.TextField(_("comment y accéder (EN)"), blank=True)
    how_to_access = Translated()
    fees_fr = models.CharField(_("tarifs (FR)"), max_length=300, blank=True)
    fees_nl = models.CharField(_("tarifs (NL)"), max_length=300, blank=True)
    fees_en = models.CharField(_("tarifs (EN)"), max_length=300, blank=True)
    fees = Translated()

    categories = models.ManyToManyField(
        Category, related_name="services", verbose_name=_("catégories")
    )
    audiences = models.ManyToManyField(
        Audience, related_name="services", blank=True, verbose_name=_("publics")
    )
    languages = models.ManyToManyField(
        Language, related_name="services", blank=True, verbose_name=_("langues parlées")
    )
    free = models.BooleanField(_("gratuit"), default=True)
    walk_in = models.BooleanField(
        _("sans rendez-vous"), default=False, help_text=_("On peut venir sans rendez-vous.")
    )
    by_appointment = models.BooleanField(_("sur rendez-vous"), default=False)
    area_served = models.CharField(
        _("zone desservie"), max_length=10, choices=AreaServed.choices, default=AreaServed.LOCAL
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    # The main location's point, copied here so sorting by distance reads one row.
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, editable=False)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, editable=False)
    last_verified = models.DateField(_("dernière vérification"), null=True, blank=True)
    is_active = models.BooleanField(_("publié"), default=True)
    search_document = models.TextField(editable=False, blank=True)
    search_categories = models.CharField(max_length=400, editable=False, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[categories, audiences, languages])
    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            models.Index(fields=["latitude", "longitude"]),
            # Lists in name order (the API, the search page without words) stop early.
            models.Index(fields=["name_fr", "id"], name="service_name_order"),
        ]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_fr)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directory:service-detail", args=[self.slug])

    def refresh_point(self):
        """Copies the public point of its first place (by id) onto the service (see
        `latitude`): a confidential address gives its commune's centre, so that sorting by
        distance cannot close in on a shelter."""
        located = (
            self.locations.select_related(*PLACE_AREAS).defer(*PLACE_AREAS_GEOMETRY).order_by("pk")
        )
        latitude, longitude = places.sort_point(location.public for location in located)
        Service.objects.filter(pk=self.pk).update(latitude=latitude, longitude=longitude)

    def public_places(self):
        """Its places as the public may see them (PublicPlace), from the prefetched locations."""
        return [location.public for location in self.locations.all()]

    def nearest_place(self, point=None):
        """The place to show first: the nearest to `point` (with .lat, .lon), else the first.

        Reads the prefetched locations, so a page of results costs no extra query.
        """
        return places.nearest(self.public_places(), point)

    def is_open_at(self, moment):
        """Same rule as ServiceQuerySet.open_at, on prefetched locations and statuses."""
        moment = timezone.localtime(moment)
        status = self.status_on(moment.date())
        if status and status.keeps_doors_shut:
            return False
        return any(loc.is_open_at(moment) for loc in self.locations.all())

    def status_on(self, day):
        """The temporary status in force on `day`, closures first, or None.

        Reads the prefetched statuses (for_cards keeps those not yet ended).
        """
        covering = [s for s in self.temporary_statuses.all() if s.covers(day)]
        return min(covering, key=lambda s: (not s.keeps_doors_shut, s.starts_on), default=None)

    @cached_property
    def current_status(self):
        return self.status_on(timezone.localdate())

    def is_open_now(self):
        return self.is_open_at(timezone.localtime())


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
        regular = Schedule.objects.filter(location=OuterRef("pk")).filter(
            Q(weekday=weekday, opens_at__lte=t) & (Q(closes_at__gt=t) | overnight)
            | Q(weekday=(weekday - 1) % 7, closes_at__gt=t) & overnight
        )
        exceptional = exceptions_today.filter(closed=False, opens_at__lte=t, closes_at__gt=t)
        return self.filter(Exists(regular) & ~Exists(exceptions_today) | Exists(exceptional))


class Location(models.Model):
    """A place where a service is offered, with its own opening hours."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("nom du lieu"), max_length=200, blank=True)
    street_fr = models.CharField(_("adresse (FR)"), max_length=200, blank=True)
    street_nl = models.CharField(_("adresse (NL)"), max_length=200, blank=True)
    street = Translated()
    postcode = models.CharField(_("code postal"), max_length=4, blank=True)
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

    def save(self, *args, **kwargs):
        if self.has_point:
            self.commune, self.quartier = geo.locate(self.lat, self.lon, self.postcode)
        super().save(*args, **kwargs)
        self.service.refresh_point()
        former = getattr(self, "_loaded_service_id", self.service_id)
        if former != self.service_id:  # moved to another service: the one it left changed too
            left = Service.objects.filter(pk=former)
            left.update(modified=timezone.now())
            for service in left:
                service.refresh_point()
        self._loaded_service_id = self.service_id

    @classmethod
    def from_db(cls, db, field_names, values):
        location = super().from_db(db, field_names, values)
        location._loaded_service_id = location.__dict__.get("service_id")
        return location

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
        return any(slot.covers(moment) for slot in self.schedules.all())

    def weekly_hours(self):
        """[(day name, [slots])] for Monday to Sunday, from the prefetched schedules."""
        return [
            (label, [s for s in self.schedules.all() if s.weekday == day])
            for day, label in Schedule.Weekday.choices
        ]

    def exception_on(self, day):
        return next((e for e in self.exceptions.all() if e.start_date <= day <= e.end_date), None)

    def upcoming_exceptions(self, today=None):
        today = today or timezone.localdate()
        horizon = today + timedelta(days=60)
        return [e for e in self.exceptions.all() if e.end_date >= today and e.start_date <= horizon]


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("horaire")
        verbose_name_plural = _("horaires")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    @property
    def overnight(self):
        return self.closes_at <= self.opens_at

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
    reason_fr = models.CharField(_("raison (FR)"), max_length=200, blank=True)
    reason_nl = models.CharField(_("raison (NL)"), max_length=200, blank=True)
    reason_en = models.CharField(_("raison (EN)"), max_length=200, blank=True)
    reason = Translated()

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


class SearchTerm(models.Model):
    """The vocabulary of all search documents, against which typos are corrected."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.term


# Models kept in their own modules; importing them here is what registers them.
from .crisis import Alert, TemporaryStatus  # noqa: E402, F401
from .pending_imports import PendingImport  # noqa: E402, F401
from .reports import Report  # noqa: E402, F401
from .roles import CoordinatorScope  # noqa: E402, F401
from .staff_models import Partnership, Worker  # noqa: E402, F401
