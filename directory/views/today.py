"""A service's day, for the resident who scanned its door sticker: open or not, today's
hours, and one tap to tell the coordinators it is closed today or its hours are wrong."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ..models import Report, Service
from ..models.crisis import Alert
from ..reports import QuickReportForm, save_report, sender_key
from .cards import service_cards


def public_service(slug):
    return get_object_or_404(
        Service.objects.public().for_cards().prefetch_related("phones"), slug=slug
    )


def service_today(request, slug, form=None, status=200, rate_limited=False):
    service = public_service(slug)
    moment = timezone.localtime()
    today = moment.date()
    # Open now, next opening, full today and the nearest service with room, as cards say.
    card = service_cards([service], moment=moment)[0]
    places = service.public_places()
    context = {
        "service": service,
        "card": card,
        "status": service.status_on(today),
        # Public projection only: a refuge shows its commune, never its street.
        "places": [(place, place.hours_on(today)) for place in places],
        "alerts": Alert.objects.for_communes({p.commune.pk for p in places if p.commune}),
        "phone": next(iter(service.phones.all()), None),
        "today": today,
        "form": form or QuickReportForm(),
        "sent": "sent" in request.GET,
        "rate_limited": rate_limited,
        "reasons": QuickReportForm.REASONS,
    }
    return render(request, "directory/service_today.html", context, status=status)


def report_today(request, slug):
    """One tap on the sticker's page: 'closed today' or 'wrong hours' (POST only)."""
    if request.method != "POST":
        return redirect("directory:service-today", slug=slug)
    service = public_service(slug)
    form = QuickReportForm(request.POST)
    if not form.is_valid():
        return service_today(request, slug, form=form, status=400)
    if not form.is_spam:
        report = Report(
            service=service,
            reason=form.cleaned_data["reason"],
            message=form.message(timezone.localdate()),
        )
        if not save_report(report, sender_key(request)):
            return service_today(request, slug, status=429, rate_limited=True)
    return redirect(f"{request.path.removesuffix('signaler/')}?sent")
