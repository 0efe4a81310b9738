"""Printable pages: the quartier poster (A4), a service's door sticker, and QR codes."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import cache_control

from ..context_processors import helpline
from ..models import Quartier, Service
from ..models.crisis import Alert
from ..printing import BILINGUAL_MAX_SERVICES, hours_summary, poster_groups, qr_svg


def quartier_poster(request, slug):
    """One A4 sheet: the helpline, the commune's alerts, key services by need with their
    organisation, hours, phone, a closure mark and a QR code each.

    `?bilingual=1` prints every heading and name in French and in Dutch, on fewer services.
    """
    quartier = get_object_or_404(Quartier.objects.select_related("commune"), slug=slug)
    bilingual = request.GET.get("bilingual") == "1"
    languages = ["fr", "nl"] if bilingual else [translation.get_language()]
    if bilingual:
        groups, more = poster_groups(quartier, limit=BILINGUAL_MAX_SERVICES)
    else:
        groups, more = poster_groups(quartier)
    today = timezone.localdate()
    rows = [
        {
            "category": group.category,
            "entries": [
                {
                    "service": service,
                    "place": place,
                    "hours": hours_summary(place) if place else "",
                    "phone": next(iter(service.phones.all()), None),
                    "status": service.status_on(today),
                    "full": service.is_full_on(today),
                    "qr": qr_svg(request.build_absolute_uri(service.get_absolute_url()), 2),
                }
                for service, place in group.entries
            ],
        }
        for group in groups
    ]
    return render(
        request,
        "directory/quartier_poster.html",
        {
            "quartier": quartier,
            "rows": rows,
            "more": more,
            "more_qr": qr_svg(request.build_absolute_uri(quartier.get_absolute_url()), 2),
            "bilingual": bilingual,
            "languages": languages,
            "helplines": helplines(languages),
            "alerts": Alert.objects.for_communes([quartier.commune_id]),
        },
    )


def helplines(languages):
    """The free line's number once, its label in each of the poster's languages."""
    lines = []
    for code in languages:
        with translation.override(code):
            line = helpline(code)
        if line:
            lines.append((code, line))
    return lines


@cache_control(max_age=86400, public=True)
def service_qr(request, slug):
    service = get_object_or_404(Service.objects.public(), slug=slug)
    svg = qr_svg(request.build_absolute_uri(service.get_absolute_url()), scale=4)
    return HttpResponse(svg, content_type="image/svg+xml")


def today_url(request, service):
    """The address a door sticker's QR code opens: no language prefix, so the scanner's
    phone picks the language (LocaleMiddleware redirects by Accept-Language)."""
    path = reverse("directory:service-today", args=[service.slug])
    prefix = f"/{translation.get_language()}/"
    return request.build_absolute_uri("/" + path.removeprefix(prefix))


def service_sticker(request, slug):
    """A door sticker (A6): the service's name and a QR code to its status today."""
    service = get_object_or_404(Service.objects.public().select_related("organisation"), slug=slug)
    url = today_url(request, service)
    return render(
        request,
        "directory/service_sticker.html",
        {"service": service, "qr": qr_svg(url, 4), "url": url, "languages": ["fr", "nl"]},
    )
