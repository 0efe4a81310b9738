"""Paper for noticeboards and shop windows: the quartier poster and QR codes."""

import functools
from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import geo
from .models import Category, Service

POSTER_MAX_SERVICES = 12
# Two languages take twice the lines: fewer services, so the sheet stays one A4 page.
BILINGUAL_MAX_SERVICES = 8
# A second language other than French and Dutch adds headings, not names: fewer lines.
SECOND_LANGUAGE_MAX_SERVICES = 10
POSTER_PER_CATEGORY = 2
SHORT_DAYS = [_("lu"), _("ma"), _("me"), _("je"), _("ve"), _("sa"), _("di")]


# Listing content (service names, addresses, alerts) is written in French and Dutch:
# a second language from elsewhere brings the sheet's own words, never the listings'.
LISTING_LANGUAGES = ("fr", "nl")


@dataclass(frozen=True)
class PaperLanguage:
    """One language of a printed sheet: its code, its direction, its name in its own script."""

    code: str
    rtl: bool = False
    name: str = ""

    @property
    def dir(self):
        return "rtl" if self.rtl else "ltr"


def paper_language(code):
    name = dict(settings.LANGUAGES).get(code, code)
    with translation.override(code):
        return PaperLanguage(code, code.split("-")[0] in settings.LANGUAGES_BIDI, str(name))


def interface_languages():
    return [code for code, _name in settings.LANGUAGES]


def sheet_languages(current, also=None):
    """The languages of a poster printed from a page in `current` with `?also=<also>`.

    With a second interface language, French (Dutch on a Dutch page) comes first, so the
    listings stay readable, then `also`; otherwise, or when `also` is no interface language
    (a stale link), the page's language alone.
    """
    if also not in interface_languages():
        return [paper_language(current)]
    base = current if current in LISTING_LANGUAGES else LISTING_LANGUAGES[0]
    return [paper_language(code) for code in dict.fromkeys([base, also])]


def listing_languages(languages):
    """The sheet's languages its listings are shown in: French and Dutch, or its only one."""
    return [lang for lang in languages if lang.code in LISTING_LANGUAGES] or languages[:1]


def poster_limit(languages):
    """How many services a poster in `languages` has room for on one A4 page."""
    if len(listing_languages(languages)) > 1:
        return BILINGUAL_MAX_SERVICES
    return SECOND_LANGUAGE_MAX_SERVICES if len(languages) > 1 else POSTER_MAX_SERVICES


def names_in(obj, languages, field="name"):
    """`obj.<field>` read in each of `languages` through the model's own accessor (so it
    picks up whatever translated columns exist, with its fallback to French), each value
    once and marked with the language it is really in: (PaperLanguage, text) pairs."""
    names = {}
    for language in languages:
        with translation.override(language.code):
            text = str(getattr(obj, field))
        if text and text not in names:
            names[text] = written_in(obj, field, text, language)
    return [(language, text) for text, language in names.items()]


def written_in(obj, field, text, language):
    if getattr(obj, f"{field}_{language.code}", None) == text:
        return language
    for code in ("fr", "nl", "en"):  # a fallback: the column it came from
        if getattr(obj, f"{field}_{code}", None) == text:
            return paper_language(code)
    return language


def second_language_choices(*already):
    """Every interface language but those `already` on the sheet, for its "also in" choice."""
    return [paper_language(code) for code in interface_languages() if code not in already]


# A code is 6 ms to make and 2 to 5 KB of SVG; a poster shows one per service.
@functools.lru_cache(maxsize=1024)
def qr_svg(url, scale=3):
    """An inline SVG QR code (no XML declaration), readable from a printed A4 sheet, made
    once per process for each address."""
    return segno.make(url, error="m").svg_inline(scale=scale, dark="#000", omitsize=False)


def hours_summary(place):
    """Weekly hours in one short line: "lu–ve 09:00–12:30, 13:30–17:00 · sa 09:00–12:00".

    Consecutive days with the same slots are joined; reads prefetched schedules.
    """
    by_day = {}
    for slot in place.current_schedules():
        by_day.setdefault(slot.weekday, []).append(f"{slot.opens_at:%H:%M}–{slot.closes_at:%H:%M}")
    runs = []
    for day in range(7):
        slots = ", ".join(by_day.get(day, []))
        if runs and runs[-1][2] == slots and runs[-1][1] == day - 1:
            runs[-1][1] = day
        else:
            runs.append([day, day, slots])
    parts = []
    for first, last, slots in runs:
        if slots:
            days = SHORT_DAYS[first] if first == last else f"{SHORT_DAYS[first]}–{SHORT_DAYS[last]}"
            parts.append(f"{days} {slots}")
    return " · ".join(parts)


@dataclass
class PosterGroup:
    category: Category
    entries: list = field(default_factory=list)  # (service, PublicPlace) pairs


def poster_groups(quartier, limit=POSTER_MAX_SERVICES):
    """The quartier's key services grouped by need, in taxonomy order, fit for one A4 page,
    and how many more services the commune has (the poster sends to the QR code for them).

    Services located in the quartier come first; services of the rest of the commune,
    nearest to the quartier's centre, fill the sheet when the quartier has few. Each comes
    with its temporary statuses (for_cards), so a closed service is marked on the sheet.
    """
    services = list(
        Service.objects.public().in_quartier(quartier).for_cards().prefetch_related("phones")
    )
    if len(services) < limit:
        nearby = (
            Service.objects.public()
            .in_commune(quartier.commune)
            .exclude(pk__in=[s.pk for s in services])
            .near(float(quartier.latitude), float(quartier.longitude))
            .for_cards()
            .prefetch_related("phones")[: limit * 2]
        )
        services += list(nearby)
    groups, placed = {}, 0
    for service in services:
        category = min(service.categories.all(), key=lambda c: c.position, default=None)
        if category is None or placed >= limit:
            continue
        group = groups.setdefault(category.pk, PosterGroup(category))
        if len(group.entries) < POSTER_PER_CATEGORY:
            group.entries.append((service, service.nearest_place(quartier_point(quartier))))
            placed += 1
    in_area = Service.objects.public().filter(
        Q(pk__in=Service.objects.in_commune(quartier.commune))
        | Q(pk__in=Service.objects.in_quartier(quartier))
    )
    more = max(in_area.count() - placed, 0)
    return sorted(groups.values(), key=lambda g: g.category.position), more


def quartier_point(quartier):
    return geo.Point(float(quartier.latitude), float(quartier.longitude), quartier.name)
