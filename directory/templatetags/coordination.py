"""Tags of the coordinators' admin."""

from django import template

from ..admin import home

register = template.Library()


@register.inclusion_tag("admin/_todo.html", takes_context=True)
def coordinator_todo(context):
    """The to-do of the admin's home (admin/home.py), for the user looking at it."""
    return {"todo": home.coordinator_todo(context["request"].user)}
