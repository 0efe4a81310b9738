"""Paper for noticeboards and shop windows: the quartier poster and QR codes."""

from dataclasses import dataclass, field

import segno
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import geo
from .models import Category, Service

POSTER_MAX_SERVICES = 12
# Two languages take twice the lines: fewer services, so the sheet stays one A4 page.
BILINGUAL_MAX_SERVICES = 8
POSTER_PER_CATEGORY = 2
SHORT_DAYS = [_("lu"), _("ma"), _("me"), _("je"), _("ve"), _("sa"), _("di")]


def qr_svg(url, scale=3):
    """An inline SVG QR code (no XML declaration), readable from a printed A4 sheet."""
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
