"""A service as a list and a map show it: its card, and its marker on the map."""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from .. import memo
from ..models import Service
from ..places import PublicPlace
from ..search import alternatives
from ..search.pages import card_rows
from ..templatetags.remembered import shared_by_the_node


@dataclass
class Card:
    """One result as the list and the map show it."""

    service: Service
    place: PublicPlace | None
    distance_m: float | None
    open_now: bool
    next_opening: object = None  # when closed: the moment its doors next open, if known
    full: bool = False  # it said it is full today
    alternative: object = None  # then: where to go instead (search/alternatives.py)
    for_residents: str = ""  # "Pour les habitants de Koekelberg", for a residents-only service
    phone: object = None  # for a service reached only at a distance: the number to call
    day: object = None  # the day it was made for ("Complet aujourd'hui, jeudi 26 novembre")


def for_residents_of(commune):
    """ "Pour les habitants de Koekelberg" in the page's language ("d'Ixelles": French
    elides "de" before a vowel; the other languages translate both alike)."""
    name = commune.name
    if name[:1] in "AEIOUÉ":
        return gettext("Pour les habitants d'%(commune)s") % {"commune": name}
    return gettext("Pour les habitants de %(commune)s") % {"commune": name}


def render_with_cards(request, template_name, context, cards):
    """render(), the HTML of `cards` that another process of the node rendered read from
    the shared cache in one go, and the cards this one renders given to the others."""
    with shared_by_the_node("directory/_service_card.html", "card", cards):
        return render(request, template_name, context)


def service_cards(services, point=None, moment=None):
    """Cards for `services`, each showing its place nearest to `point` (a `near` geo.Point):
    the place a search ranks it by. A service reached only at a distance shows its phone
    rather than a distance; one reserved to its commune's residents says which commune."""
    moment = moment or timezone.localtime()
    cards = []
    for service in services:
        place = service.nearest_place(point)
        remote = service.remote_only
        distance = place.distance_m(point) if point and place and place.exact else None
        open_now, next_opening = service.opening_at(moment)
        cards.append(
            Card(
                service,
                place,
                None if remote else distance,
                open_now,
                next_opening=next_opening,
                for_residents=(
                    for_residents_of(place.commune)
                    if service.residents_only and place and place.commune
                    else ""
                ),
                phone=next(iter(service.phones.all()), None) if remote else None,
                day=moment.date(),
            )
        )
    return alternatives.point_to_others(cards, moment.date())


def in_order(ids):
    """The public services of `ids` (a list or a queryset of ids), in that order, with
    what their cards show (card_rows)."""
    ids = list(ids)
    rows = card_rows(ids)
    return [rows[pk] for pk in ids if pk in rows]


def marker(place, service, link=True):
    """A map marker at a place's own point (callers keep to places whose point is `exact`)."""
    data = {"lat": place.lat, "lon": place.lon, "name": service.name}
    if link:
        data["url"] = service.get_absolute_url()
    return data | {"address": place.street_address}


def map_markers(cards):
    """Markers for the map, twins of the list items; hidden addresses get no marker, nor
    does a service reached only by phone (no door to walk to). Each process keeps them,
    per language, until the directory changes (memo.kept)."""
    shown = {
        (card.service.pk, card.place.id): card
        for card in cards
        if card.place and card.place.exact and not card.service.remote_only
    }
    markers = memo.kept(
        "markers",
        list(shown),
        lambda keys: {key: marker(shown[key].place, shown[key].service) for key in keys},
    )
    return [markers[key] for key in shown]
