"""Staff pages of the fiches de liaison: choose a service, make the slip, print it, and
confirm the arrivals expected at one's own organisation."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..models import HandOver, Organisation, Service
from ..models.handovers import printed_code
from ..printing import qr_svg
from ..search.engine import search
from . import liaison
from .views import worker_required

MAX_CHOICES = 15
LIST_LENGTH = 50
PAPER_SIZES = ("a5", "a4")


def slip_languages():
    """(code, name in that language) for every interface language: a new one in
    settings.LANGUAGES is offered without a change here (its name as the list names it:
    "fa" is Dari there, where Django's own name would be Persian)."""
    return list(settings.LANGUAGES)


class HandOverForm(forms.Form):
    """What a slip needs: from where, for which need, in which language. Nothing about
    the resident: there is no field for it."""

    from_organisation = forms.ModelChoiceField(
        label=gettext_lazy("Depuis mon organisation"), queryset=None, empty_label=None
    )
    from_service = forms.ModelChoiceField(
        label=gettext_lazy("Depuis le service (facultatif)"), queryset=None, required=False
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Pour quel besoin ?"), queryset=None, empty_label=None
    )
    language = forms.ChoiceField(label=gettext_lazy("Langue de la personne"))

    def __init__(self, *args, to_service, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.to_service = to_service
        self.fields["from_organisation"].queryset = Organisation.objects.filter(
            pk__in=organisation_ids
        ).only("pk", "name_fr", "name_nl", "name_en")
        self.fields["from_service"].queryset = (
            Service.objects.public()
            .filter(organisation__in=organisation_ids)
            .only("pk", "organisation_id", "name_fr", "name_nl", "name_en")
        )
        self.fields["category"].queryset = to_service.categories.all()
        self.fields["language"].choices = slip_languages()
        self.fields["language"].initial = translation.get_language()

    def clean(self):
        data = super().clean()
        organisation, service = data.get("from_organisation"), data.get("from_service")
        if organisation and service and service.organisation_id != organisation.pk:
            self.add_error(
                "from_service", _("Choisissez un service de l'organisation choisie au-dessus.")
            )
        return data


def chosen_services(request):
    """Services to choose from: by words (the residents' search engine) or of an organisation."""
    words = request.GET.get("q", "").strip()
    organisation = request.GET.get("organisation", "").strip()
    services = Service.objects.public()
    if organisation:
        services = services.filter(organisation__slug=organisation).order_by("name_fr")
    elif words:
        services = search(services, words).services
    else:
        return words, None
    return words, list(services.select_related("organisation")[:MAX_CHOICES])


@worker_required
def handovers(request):
    """Make a slip (choose the receiving service), the arrivals expected at one's own
    organisations, and one's own slips of the last months."""
    since = timezone.localdate() - timedelta(days=liaison.PERIOD_DAYS)
    organisation_ids = liaison.member_organisation_ids(request.user)
    words, choices = chosen_services(request)
    expected = (
        HandOver.objects.received_by(organisation_ids).expected().since(since).for_lists()
        if organisation_ids
        else HandOver.objects.none()
    )
    mine = HandOver.objects.filter(created_by=request.user).since(since).for_lists()
    return render(
        request,
        "staff/handovers.html",
        {
            "words": words,
            "choices": choices,
            "expected": expected[:LIST_LENGTH],
            "mine": mine[:LIST_LENGTH],
            "days": liaison.PERIOD_DAYS,
            "has_organisation": bool(organisation_ids),
        },
    )


@worker_required
def handover_new(request):
    if not request.GET.get("service"):  # a service is chosen first, on the list page
        return redirect("staff:handovers")
    service = get_object_or_404(
        Service.objects.public().select_related("organisation"), slug=request.GET["service"]
    )
    organisation_ids = liaison.member_organisation_ids(request.user)
    form = None
    if organisation_ids:
        form = HandOverForm(
            request.POST or None, to_service=service, organisation_ids=organisation_ids
        )
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        handover, code = liaison.make_handover(
            request.user,
            to_service=service,
            category=data["category"],
            from_organisation=data["from_organisation"],
            from_service=data["from_service"],
        )
        liaison.remember_code(request.session, handover, code)
        return redirect(slip_url(handover, data["language"]))
    return render(request, "staff/handover_form.html", {"service": service, "form": form})


def slip_url(handover, language, paper="a5"):
    query = {"langue": language} | ({"format": paper} if paper != "a5" else {})
    return f"{reverse('staff:handover-slip', args=[handover.pk])}?{urlencode(query)}"


def own_handover(request, pk):
    return get_object_or_404(HandOver.objects.for_lists(), pk=pk, created_by=request.user)


@worker_required
def handover_slip(request, pk):
    """The slip, in the resident's language (not stored: it is in the address)."""
    handover = own_handover(request, pk)
    languages = dict(slip_languages())
    language = request.GET.get("langue")
    language = language if language in languages else translation.get_language()
    paper = request.GET.get("format") if request.GET.get("format") in PAPER_SIZES else "a5"
    service = (
        Service.objects.for_cards()
        .prefetch_related("phones")
        .select_related("organisation")
        .get(pk=handover.to_service_id)
    )
    places = service.public_places()
    with translation.override(language):
        public_url = request.build_absolute_uri(service.get_absolute_url())
    arrival_urls = []
    for code in ("fr", "nl"):
        with translation.override(code):
            arrival_urls.append((code, request.build_absolute_uri(reverse("directory:arrival"))))
    code = liaison.remembered_code(request.session, handover)
    return render(
        request,
        "staff/handover_slip.html",
        {
            "handover": handover,
            "service": service,
            "status": service.status_on(handover.date),
            "places": [(place, place.hours_on(handover.date)) for place in places],
            "phones": service.phones.all(),
            "language": language,
            "bidi": translation.get_language_info(language)["bidi"],
            "paper": paper,
            "languages": [(c, name, slip_url(handover, c, paper)) for c, name in languages.items()],
            "papers": [(size, slip_url(handover, language, size)) for size in PAPER_SIZES],
            "public_url": public_url,
            "qr": qr_svg(public_url, scale=4),
            "code": printed_code(code) if code else None,
            "code_current": liaison.code_is_current(handover),
            "arrival_urls": arrival_urls,
        },
    )


@worker_required
@require_POST
def handover_new_code(request, pk):
    handover = own_handover(request, pk)
    if handover.arrived or not liaison.code_is_current(handover):
        raise PermissionDenied(_("Cette fiche n'attend plus d'arrivée."))
    liaison.remember_code(request.session, handover, liaison.renew_code(handover))
    messages.success(request, _("Nouveau code: l'ancien ne fonctionne plus."))
    return redirect(slip_url(handover, request.POST.get("langue") or translation.get_language()))


@worker_required
@require_POST
def handover_delete(request, pk):
    handover = own_handover(request, pk)
    if handover.arrived:
        raise PermissionDenied(_("Une arrivée confirmée reste comptée."))
    handover.delete()
    messages.success(request, _("La fiche de liaison est supprimée."))
    return redirect("staff:handovers")


@worker_required
@require_POST
def handover_acknowledge(request, pk):
    """One tap by a worker of the receiving organisation; others find no such slip."""
    organisation_ids = liaison.member_organisation_ids(request.user)
    handover = get_object_or_404(
        HandOver.objects.received_by(organisation_ids).select_related("to_service"), pk=pk
    )
    if liaison.acknowledge(handover):
        messages.success(
            request,
            _("Arrivée confirmée à « %(service)s ».") % {"service": handover.to_service.name},
        )
    return redirect("staff:handovers")
