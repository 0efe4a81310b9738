from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def distance(metres):
    """A distance a resident reads at a glance: 350 m, 1,2 km, 12 km."""
    if metres < 1000:
        return _("%(n)s m") % {"n": int(round(metres, -1))}
    if metres < 10_000:
        return _("%(n)s km") % {"n": number_format(metres / 1000, 1)}
    return _("%(n)s km") % {"n": int(round(metres / 1000))}
