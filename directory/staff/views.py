"""Pages for logged-in social workers: colleagues, their own profile, partnerships, networks."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.html import json_script
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import memo, roles
from ..models import Commune, Organisation, Partnership, Quartier, Service, Worker
from ..models.staff import can_manage_partnerships
from ..translation import active_language
from ..views.public import without
from . import demand, freshness, network, vcard, vocabulary
from .filters import StaleServiceFilter, WorkerFilter
from .forms import PartnershipForm, WorkerProfileForm

PAGE_SIZE = 30
# The function field suggests the vocabulary's functions and those colleagues wrote (a
# <datalist>).
MAX_FUNCTION_SUGGESTIONS = 300


def worker_required(view):
    """Social workers and coordinators: visitors go to the login page, other accounts get 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_staff or hasattr(request.user, "worker")):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def coordinator_required(view):
    """Workers who may edit listings (the admin's "change service" right)."""

    @wraps(view)
    @worker_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("directory.change_service"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def own_worker(user):
    """The user's profile; an unsaved one for a coordinator who has none yet."""
    worker = getattr(user, "worker", None)
    return worker or Worker(user=user, name=user.get_full_name() or user.username)


def colleague_or_404(request, pk):
    """A colleague's profile if they let colleagues see it; one's own always."""
    worker = get_object_or_404(Worker.objects.select_related("user").for_directory(), pk=pk)
    if not (worker.is_visible_to_colleagues or worker.user_id == request.user.pk):
        raise Http404
    return worker


@worker_required
def worker_list(request):
    workers = WorkerFilter(request.GET or None, queryset=Worker.objects.visible_to_colleagues())
    page = Paginator(workers.qs.for_directory(), PAGE_SIZE).get_page(request.GET.get("page"))
    used = (
        Worker.objects.visible_to_colleagues()
        .order_by("function")
        .values_list("function", flat=True)
        .distinct()[:MAX_FUNCTION_SUGGESTIONS]
    )
    functions = vocabulary.suggestions(active_language(), used)
    return render(
        request,
        "staff/worker_list.html",
        {
            "filter": workers,
            "page": page,
            "functions": functions,
            "query_without_page": without(request.GET, "page"),
        },
    )


@worker_required
def worker_detail(request, pk):
    worker = colleague_or_404(request, pk)
    return render(request, "staff/worker_detail.html", {"worker": worker})


@worker_required
def worker_vcard(request, pk):
    worker = colleague_or_404(request, pk)
    response = HttpResponse(vcard.worker_vcard(worker), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{vcard.filename(worker)}"'
    return response


@worker_required
@transaction.atomic  # the form's version check locks the row until the save (locking.py)
def my_profile(request):
    worker = own_worker(request.user)
    form = WorkerProfileForm(request.POST or None, instance=worker)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("staff:my-profile")
    return render(request, "staff/my_profile.html", {"form": form, "worker": worker})


PRIVACY_ACTIONS = {
    "consent": (
        Worker.give_consent,
        gettext_lazy("Merci: vos collègues peuvent maintenant voir votre profil."),
    ),
    "withdraw": (
        Worker.withdraw_consent,
        gettext_lazy("Votre accord est retiré: vos collègues ne voient plus votre profil."),
    ),
    "hide": (lambda worker: worker.set_hidden(True), gettext_lazy("Votre profil est masqué.")),
    "show": (
        lambda worker: worker.set_hidden(False),
        gettext_lazy("Votre profil n'est plus masqué."),
    ),
    "delete": (
        Worker.request_deletion,
        gettext_lazy(
            "Votre demande de suppression est envoyée à la coordination. "
            "Vos collègues ne voient plus votre profil."
        ),
    ),
    "keep": (
        Worker.cancel_deletion_request,
        gettext_lazy("Votre demande de suppression est annulée."),
    ),
}


@worker_required
@require_POST
def my_privacy(request):
    worker = getattr(request.user, "worker", None)
    action = PRIVACY_ACTIONS.get(request.POST.get("action"))
    if worker is None or action is None:
        raise Http404
    change, message = action
    change(worker)
    messages.success(request, message)
    return redirect("staff:my-profile")


@worker_required
def quartier_index(request):
    communes = Commune.objects.prefetch_related("quartiers")
    return render(request, "staff/quartier_index.html", {"communes": communes})


@worker_required
def quartier_network(request, slug):
    quartier = get_object_or_404(Quartier.objects.with_commune(), slug=slug)
    return render(
        request,
        "staff/quartier_network.html",
        {
            "quartier": quartier,
            "network": network.quartier_network(quartier),
            "kinds": Partnership.Kind.choices,
            "near_km": f"{network.NEAR_M / 1000:g}",
        },
    )


def managed_organisation(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_partnerships(request.user, organisation):
        raise PermissionDenied
    return organisation


@worker_required
def organisation_partnerships(request, slug):
    organisation = managed_organisation(request, slug)
    form = PartnershipForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Le partenariat est ajouté."))
        return redirect("staff:organisation-partnerships", slug=organisation.slug)
    partnerships = Partnership.objects.involving(organisation).select_related(
        "from_organisation", "to_organisation"
    )
    return render(
        request,
        "staff/organisation_partnerships.html",
        {"organisation": organisation, "partnerships": partnerships, "form": form},
    )


@worker_required
@transaction.atomic  # as my_profile
def partnership_edit(request, slug, pk):
    organisation = managed_organisation(request, slug)
    partnership = get_object_or_404(Partnership.objects.involving(organisation), pk=pk)
    form = PartnershipForm(request.POST or None, instance=partnership, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Le partenariat est modifié."))
        return redirect("staff:organisation-partnerships", slug=organisation.slug)
    return render(
        request,
        "staff/partnership_form.html",
        {"organisation": organisation, "partnership": partnership, "form": form},
    )


@worker_required
@require_POST
def partnership_delete(request, slug, pk):
    organisation = managed_organisation(request, slug)
    partnership = get_object_or_404(Partnership.objects.involving(organisation), pk=pk)
    partnership.delete()
    messages.success(request, _("Le partenariat est supprimé."))
    return redirect("staff:organisation-partnerships", slug=organisation.slug)


@coordinator_required
def stale_listings(request):
    max_age = settings.STALE_AFTER_DAYS
    stale = roles.services_in_scope(request.user, freshness.stale_services(max_age))
    services = StaleServiceFilter(request.GET or None, queryset=stale)
    page = Paginator(services.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/stale_listings.html",
        {
            "filter": services,
            "page": page,
            "max_age_months": round(max_age / 30.4),
            "scope": roles.describe_scope(request.user),
            "query_without_page": without(request.GET, "page"),
        },
    )


@coordinator_required
def coverage(request):
    result = network.coverage()
    near_km = f"{network.NEAR_M / 1000:g}"
    return render(
        request,
        "staff/coverage.html",
        {
            "coverage": result,
            "supply": memo.remembered("coverage-supply", lambda: supply(result, near_km)),
            "demand": demand.demand(request.user, result),
            "needs": demand.needs_counted(request.user, result),
            "near_km": near_km,
        },
    )


def supply(result, near_km):
    """What every coordinator sees alike on the coverage page (the map's areas, its
    legend, the table of 145 quartiers by 21 categories): rendered once per language while
    the directory stays as it is (memo.py); the demand beside it is read per request, in
    the coordinator's scope."""
    context = {"coverage": result, "near_km": near_km}
    return {
        "areas": json_script(result.map_areas(), "coverage-areas"),
        "legend": result.legend(),
        "table": render_to_string("staff/coverage_table.html", context),
    }


@coordinator_required
@require_POST
def mark_verified(request, pk):
    service = get_object_or_404(Service, pk=pk)
    if not roles.can_edit_service(request.user, service):
        raise PermissionDenied(
            _("« %(name)s » est hors de votre périmètre de coordination.") % {"name": service.name}
        )
    freshness.mark_verified(service, request.user)
    messages.success(
        request, _("« %(name)s » est marqué vérifié aujourd'hui.") % {"name": service.name}
    )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("staff:stale-listings")
