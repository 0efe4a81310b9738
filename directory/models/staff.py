"""The colleague layer: social workers' profiles and the partnerships between organisations.

Worker data is personal data: it is shown to logged-in colleagues only, and only once the
worker has consented (see `WorkerQuerySet.visible_to_colleagues`).
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..phones import tel_uri
from ..roles import can_edit_organisation
from ..text import STOPWORDS, normalise, stems

# A word this long is looked for inside words too ("bemiddeling" in "schuldbemiddeling");
# a shorter one only at their beginning ("dia" is Diallo being typed, not "médiation").
MIN_INSIDE_A_WORD = 5


class WorkerQuerySet(models.QuerySet):
    def visible_to_colleagues(self):
        """Profiles a colleague may see: consented, not hidden, no deletion pending."""
        return self.filter(
            consent_given_at__isnull=False,
            hidden=False,
            deletion_requested_at__isnull=True,
            user__is_active=True,
        )

    def for_directory(self):
        """Everything a worker card shows, in a constant number of queries."""
        Quartier = apps.get_model("directory", "Quartier")
        return self.prefetch_related(
            "organisations",
            "languages",
            models.Prefetch("quartiers", queryset=Quartier.objects.with_commune()),
        )

    def _through(self, field, **lookups):
        through = getattr(Worker, field).through.objects.filter(**lookups)
        return self.filter(pk__in=through.values("worker_id"))

    def in_quartier(self, quartier):
        return self._through("quartiers", quartier=quartier)

    def in_commune(self, commune):
        return self._through("quartiers", quartier__commune=commune)

    def in_organisation(self, organisation):
        return self._through("organisations", organisation=organisation)

    def speaking(self, language):
        return self._through("languages", language=language)

    def matching(self, text):
        """Every word in the name, function, what they help with, or an organisation's name.

        Case, accents, gender, number and language do not matter: "integration" finds
        "intégration", "assistante sociale" finds "Assistant social" and "maatschappelijk
        werker" (derived.worker_text).
        """
        return self._having_words("search_text", text)

    def with_function(self, text):
        """Workers whose function is `text` in any of its forms (as `matching`)."""
        return self._having_words("function_text", text)

    def _having_words(self, column, text):
        """Each word of `text` begins a word of `column` (or, if long, is inside one, as in
        Dutch compounds), or one of its stems is a whole word there. Words that say
        nothing ("de", "the") count only when all do."""
        words = [word for word in normalise(text).split() if len(word) > 1]
        queryset = self
        for word in [w for w in words if w not in STOPWORDS] or words:
            inside = word if len(word) >= MIN_INSIDE_A_WORD else f" {word}"
            found = Q(**{f"{column}__contains": inside})
            for form in stems(word):
                found |= Q(**{f"{column}__contains": f" {form} "})
            queryset = queryset.filter(found)
        return queryset


class Worker(models.Model):
    """A social worker's professional profile, which they keep up to date themselves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="worker",
        verbose_name=_("compte"),
    )
    name = models.CharField(_("nom"), max_length=120)
    function = models.CharField(
        _("fonction"), max_length=120, help_text=_("par ex. assistante sociale, éducateur de rue")
    )
    organisations = models.ManyToManyField(
        "directory.Organisation",
        related_name="workers",
        blank=True,
        verbose_name=_("organisations"),
        help_text=_(
            "Fixées par la coordination: elles donnent le droit de gérer les partenariats."
        ),
    )
    quartiers = models.ManyToManyField(
        "directory.Quartier",
        related_name="workers",
        blank=True,
        verbose_name=_("quartiers où je travaille"),
    )
    languages = models.ManyToManyField(
        "directory.Language",
        related_name="workers",
        blank=True,
        verbose_name=_("langues parlées"),
    )
    phone = models.CharField(_("téléphone professionnel"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail professionnel"), blank=True)
    can_help_with = models.TextField(
        _("ce que les collègues peuvent me demander"),
        blank=True,
        help_text=_("par ex. dossiers CPAS, médiation de dettes, contacts avec les écoles"),
    )
    availability = models.CharField(
        _("disponibilités"),
        max_length=300,
        blank=True,
        help_text=_("par ex. lundi et jeudi matin, pas pendant les congés scolaires"),
    )
    consent_given_at = models.DateTimeField(
        _("accord donné le"),
        null=True,
        blank=True,
        help_text=_("Le profil n'est visible des collègues qu'après cet accord."),
    )
    hidden = models.BooleanField(_("profil masqué"), default=False)
    deletion_requested_at = models.DateTimeField(
        _("suppression demandée le"), null=True, blank=True
    )
    is_demo = models.BooleanField(
        _("profil de démonstration"),
        default=False,
        editable=False,
        help_text=_("Une personne fictive du jeu de démonstration (load_demo)."),
    )
    search_text = models.TextField(editable=False, blank=True)
    function_text = models.TextField(editable=False, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_text", "function_text"],
        m2m_fields=[organisations, quartiers, languages],
    )
    objects = WorkerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("travailleur social")
        verbose_name_plural = _("travailleurs sociaux")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staff:worker-detail", args=[self.pk])

    @property
    def is_visible_to_colleagues(self):
        return (
            self.consent_given_at is not None
            and not self.hidden
            and self.deletion_requested_at is None
            and self.user.is_active
        )

    @property
    def tel_uri(self):
        return tel_uri(self.phone)

    def _set(self, **values):
        for name, value in values.items():
            setattr(self, name, value)
        self.save(update_fields=[*values, "modified"])

    def give_consent(self):
        self._set(consent_given_at=timezone.now())

    def withdraw_consent(self):
        self._set(consent_given_at=None)

    def set_hidden(self, hidden):
        self._set(hidden=hidden)

    def request_deletion(self):
        self._set(deletion_requested_at=timezone.now())

    def cancel_deletion_request(self):
        self._set(deletion_requested_at=None)

    def is_member_of(self, organisation):
        return self.organisations.filter(pk=organisation.pk).exists()


def erase_worker(worker):
    """Deletes a profile and every past version of it: nothing of the person is kept."""
    erase_workers(Worker.objects.filter(pk=worker.pk))


def erase_workers(workers):
    """Deletes these profiles (a queryset) and every past version of them."""
    with transaction.atomic():
        ids = list(workers.values_list("pk", flat=True))
        Worker.objects.filter(pk__in=ids).delete()
        for field in ("organisations", "quartiers", "languages"):
            historical_links = apps.get_model("directory", f"HistoricalWorker_{field}")
            historical_links.objects.filter(worker_id__in=ids).delete()
        Worker.history.model.objects.filter(id__in=ids).delete()
        # Their permanences stay the organisation's (worker set to null), in the past too.
        past_slots = apps.get_model("directory", "HistoricalPresenceSlot").objects
        past_slots.filter(worker_id__in=ids).update(worker_id=None)


def can_manage_partnerships(user, organisation):
    """Coordinators with the admin right within their scope, and the organisation's workers."""
    if not user.is_authenticated:
        return False
    if user.has_perm("directory.change_partnership") and can_edit_organisation(user, organisation):
        return True
    worker = getattr(user, "worker", None)
    return worker is not None and worker.is_member_of(organisation)


class PartnershipQuerySet(models.QuerySet):
    def active(self, day=None):
        day = day or timezone.localdate()
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gte=day),
        )

    def involving(self, organisation):
        return self.filter(Q(from_organisation=organisation) | Q(to_organisation=organisation))

    def between(self, organisations):
        """Partnerships whose two ends are both among `organisations` (a queryset or ids)."""
        return self.filter(from_organisation__in=organisations, to_organisation__in=organisations)


class Partnership(models.Model):
    """A link between two organisations, as the people working there describe it."""

    class Kind(models.TextChoices):
        REFERRAL = "referral", _("orientation de personnes")
        JOINT_PROJECT = "joint_project", _("projet commun")
        SHARED_PREMISES = "shared_premises", _("locaux partagés")
        NETWORK_MEMBER = "network_member", _("membres d'un même réseau")

    from_organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="partnerships_from",
        verbose_name=_("organisation"),
    )
    to_organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="partnerships_to",
        verbose_name=_("organisation partenaire"),
    )
    kind = models.CharField(_("type de lien"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("précision"), max_length=300, blank=True)
    start_date = models.DateField(_("depuis le"), null=True, blank=True)
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["from_organisation__name_fr", "to_organisation__name_fr", "kind"]
        verbose_name = _("partenariat")
        verbose_name_plural = _("partenariats")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_organisation=F("to_organisation")),
                name="partnership_between_two_organisations",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="partnership_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["from_organisation", "to_organisation", "kind"],
                name="one_partnership_of_a_kind",
            ),
        ]

    def __str__(self):
        return f"{self.from_organisation} – {self.to_organisation} ({self.get_kind_display()})"

    def clean(self):
        errors = {}
        if self.from_organisation_id and self.from_organisation_id == self.to_organisation_id:
            errors["to_organisation"] = _("Choisissez une autre organisation.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La fin doit suivre le début.")
        if errors:
            raise ValidationError(errors)

    def other_organisation(self, organisation):
        if self.from_organisation_id == organisation.pk:
            return self.to_organisation
        return self.from_organisation
