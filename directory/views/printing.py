"""Printable pages: the quartier poster (A4), a service's door sticker, and QR codes."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import cache_control

from ..context_processors import helpline
from ..models import Quartier, Service
from ..models.crisis import Alert
from ..printing import (
    LISTING_LANGUAGES,
    hours_summary,
    interface_languages,
    listing_languages,
    names_in,
    paper_language,
    poster_groups,
    poster_limit,
    qr_svg,
    second_language_choices,
    sheet_languages,
)


def quartier_poster(request, slug):
    """One A4 sheet: the helpline, the commune's alerts, key services by need with their
    organisation, hours, phone, a closure mark and a QR code each.

    `?also=<code>` adds any interface language to French (Dutch on a Dutch page): its
    headings, category names and notes, each block marked with its `lang` and `dir`; the
    listings stay in French or Dutch. `?bilingual=1` prints French and Dutch. Two languages
    take more lines: the sheet then shows fewer services.
    """
    quartier = get_object_or_404(Quartier.objects.select_related("commune"), slug=slug)
    page_language = translation.get_language()
    if request.GET.get("bilingual") == "1":
        languages = [paper_language("fr"), paper_language("nl")]
    else:
        languages = sheet_languages(page_language, request.GET.get("also"))
    two = len(languages) > 1
    groups, more = poster_groups(quartier, limit=poster_limit(languages))
    today = timezone.localdate()
    with translation.override(languages[0].code):  # hours and names in the sheet's language
        rows = [
            {
                "category": group.category,
                "names": names_in(group.category, languages),
                "entries": [
                    {
                        "service": service,
                        "place": place,
                        "hours": hours_summary(place) if place else "",
                        "phone": next(iter(service.phones.all()), None),
                        "status": service.status_on(today),
                        "full": service.is_full_on(today),
                        "qr": qr_svg(scanned_url(request, service.get_absolute_url()), 2),
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
                "more_qr": qr_svg(scanned_url(request, quartier.get_absolute_url()), 2),
                "bilingual": two,
                "languages": languages,
                "listing_languages": listing_languages(languages),
                "page": paper_language(page_language),
                "also": languages[1].code if two else "",
                "choices": second_language_choices(languages[0].code),
                "helplines": helplines(languages),
                "alerts": Alert.objects.for_communes([quartier.commune_id]),
            },
        )


def helplines(languages):
    """The free line's number once, its label in each of the poster's languages."""
    lines = []
    for language in languages:
        with translation.override(language.code):
            line = helpline(language.code)
        if line:
            lines.append((language, line))
    return lines


@cache_control(max_age=86400, public=True)
def service_qr(request, slug):
    service = get_object_or_404(Service.objects.public(), slug=slug)
    svg = qr_svg(request.build_absolute_uri(service.get_absolute_url()), scale=4)
    return HttpResponse(svg, content_type="image/svg+xml")


def today_url(request, service):
    """The address a door sticker's QR code opens: the service's day."""
    return scanned_url(request, reverse("directory:service-today", args=[service.slug]))


def scanned_url(request, path):
    """`path` without its language prefix, so the scanner's phone picks the language
    (LocaleMiddleware redirects by Accept-Language): a sheet in French and Arabic opens
    the Arabic page on an Arabic phone."""
    prefix = f"/{translation.get_language()}/"
    return request.build_absolute_uri("/" + path.removeprefix(prefix))


def service_sticker(request, slug):
    """A door sticker (A6): the service's name and a QR code to its status today, in
    French and Dutch, and with `?also=<code>` in a third interface language."""
    service = get_object_or_404(Service.objects.public().select_related("organisation"), slug=slug)
    url = today_url(request, service)
    page = paper_language(translation.get_language())
    languages = [paper_language("fr"), paper_language("nl")]
    also = request.GET.get("also")
    if also in interface_languages() and also not in LISTING_LANGUAGES:
        languages.append(paper_language(also))
    return render(
        request,
        "directory/service_sticker.html",
        {
            "service": service,
            "qr": qr_svg(url, 4),
            "url": url,
            "languages": languages,
            "listing_languages": languages[:2],
            "page": page,
            "also": languages[2].code if len(languages) > 2 else "",
            "choices": second_language_choices("fr", "nl"),
        },
    )
