"""Printable pages: the quartier poster (A4) and a QR code for any service."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.cache import cache_control

from ..models import Quartier, Service
from ..printing import hours_summary, poster_groups, qr_svg


def quartier_poster(request, slug):
    """One A4 sheet: key services by need, with hours, phone and a QR code each.

    `?bilingual=1` prints every heading and name in French and in Dutch.
    """
    quartier = get_object_or_404(Quartier.objects.select_related("commune"), slug=slug)
    bilingual = request.GET.get("bilingual") == "1"
    groups = poster_groups(quartier)
    rows = [
        {
            "category": group.category,
            "entries": [
                {
                    "service": service,
                    "place": place,
                    "hours": hours_summary(place) if place else "",
                    "phone": next(iter(service.phones.all()), None),
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
            "bilingual": bilingual,
            "languages": ["fr", "nl"] if bilingual else [translation.get_language()],
        },
    )


@cache_control(max_age=86400, public=True)
def service_qr(request, slug):
    service = get_object_or_404(Service.objects.public(), slug=slug)
    svg = qr_svg(request.build_absolute_uri(service.get_absolute_url()), scale=4)
    return HttpResponse(svg, content_type="image/svg+xml")
