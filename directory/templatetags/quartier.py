from functools import lru_cache

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import printing

register = template.Library()


@register.filter
def distance(metres):
    """A distance a resident reads at a glance: 350 m, 1,2 km, 12 km."""
    if metres < 1000:
        return _("%(n)s m") % {"n": int(round(metres, -1))}
    if metres < 10_000:
        return _("%(n)s km") % {"n": number_format(metres / 1000, 1)}
    return _("%(n)s km") % {"n": int(round(metres / 1000))}


# A kept card's badges that change with the clock and the resident's point are written on
# every card of every page (in {% live %}): here, at the cost of one tag, where the same
# HTML in the template cost about a hundred calls each.
@register.simple_tag
def opening_badge(card):
    """ "Ouvert maintenant", else when its doors next open, if known."""
    if card.open_now:
        return format_html('<span class="badge badge-open">{}</span>', _("Ouvert maintenant"))
    if card.next_opening:
        return format_html('<span class="badge badge-next">{}</span>', opens(card.next_opening))
    return ""


@register.simple_tag
def distance_badge(card):
    """How far its place is from the point searched, if it was a search by distance."""
    if card.distance_m is None:
        return ""
    return format_html('<span class="badge badge-distance">{}</span>', distance(card.distance_m))


@register.simple_tag
def category_icon(category):
    """The category's icon from the sprite, hidden from screen readers: its name is beside it."""
    sprite = static("icons/categories.svg")
    return format_html(
        '<svg class="icon" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        sprite,
        category.slug,
    )


@register.filter
def hours_summary(place):
    """A place's weekly hours on one line, for print: "lu–ve 09:00–12:30 · sa 09:00–12:00"."""
    return printing.hours_summary(place)


@register.filter
def opening_day(moment):
    """The day of a next opening: "mardi" within the week, "lundi 14 décembre" beyond.

    Never "today" or "tomorrow": the page may be read from a cache or offline later.
    """
    moment = timezone.localtime(moment)
    days = (moment.date() - timezone.localdate()).days
    return date_format(moment, "l" if days < 7 else "l j F")


@register.filter
def opens(moment):
    """ "Ouvre mardi à 09:00": a next opening as a badge says it (opening_day)."""
    return _opens(get_language(), timezone.localtime(moment), timezone.localdate())


@lru_cache(maxsize=1024)
def _opens(language, moment, today):
    # Most cards of a page open at one of a few moments: each is written once a day.
    return _("Ouvre %(day)s à %(time)s") % {
        "day": opening_day(moment),
        "time": moment.strftime("%H:%M"),
    }
