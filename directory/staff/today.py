""" "Nos services aujourd'hui": a worker says a service of their organisation is full today
(beds, parcels), and takes it back when a place frees up (checkins.mark_full)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import checkins
from ..models import Service, TemporaryStatus
from .views import worker_required


def own_services(user):
    """The published services of the organisations the user works for."""
    worker = getattr(user, "worker", None)
    if worker is None:
        return Service.objects.none()
    return Service.objects.public().filter(organisation__in=worker.organisations.values("pk"))


@worker_required
def our_services(request):
    today = timezone.localdate()
    services = (
        own_services(request.user)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("temporary_statuses", queryset=TemporaryStatus.objects.in_force(today))
        )
        .order_by("organisation__name_fr", "name_fr")
    )
    rows = [(service, service.is_full_on(today)) for service in services]
    return render(request, "staff/our_services.html", {"rows": rows, "today": today})


@worker_required
@require_POST
def mark_full(request, pk):
    service = get_object_or_404(Service.objects.public(), pk=pk)
    if not own_services(request.user).filter(pk=service.pk).exists():
        raise PermissionDenied(
            _("« %(name)s » n'est pas un service de votre organisation.") % {"name": service.name}
        )
    full = request.POST.get("full") == "1"
    checkins.mark_full(service, full)
    if full:
        text = _("« %(name)s » est affiché complet aujourd'hui.")
    else:
        text = _("« %(name)s » n'est plus affiché complet.")
    messages.success(request, text % {"name": service.name})
    return redirect("staff:our-services")
