"""Needs counted on an outreach round, received from the device that kept them offline.

static/js/offline.js queues each tally with an id made on the device and sends the queue
when the network is back; a tally sent twice (the answer lost on the way) is kept once.
"""

import json
import uuid
from datetime import date

from django.db import transaction
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache

from ..models import Category, NeedTally, Quartier
from .views import worker_required

# A round's queue: more than this in one request is refused, not cut.
MAX_TALLIES = 500


def _parse(item, categories, quartiers):
    """A NeedTally from one sent item, or None when a field is missing or unknown."""
    try:
        return NeedTally(
            id=uuid.UUID(str(item["id"])),
            category_id=categories[item["category"]],
            quartier_id=quartiers[item["quartier"]],
            day=date.fromisoformat(item["date"]),
            met=bool(item["met"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


@never_cache
@worker_required
def need_tally(request):
    """GET: a CSRF token for the device to send with. POST: {"tallies": [...]}, answered
    with the ids received (new or already there), which the device then forgets."""
    if request.method != "POST":
        return JsonResponse({"csrf": get_token(request)})
    try:
        items = json.loads(request.body)["tallies"]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "tallies"}, status=400)
    if not isinstance(items, list) or len(items) > MAX_TALLIES:
        return JsonResponse({"error": "tallies"}, status=400)
    categories = dict(Category.objects.values_list("slug", "pk"))
    quartiers = dict(Quartier.objects.values_list("slug", "pk"))
    tallies = [_parse(item, categories, quartiers) for item in items if isinstance(item, dict)]
    if len(tallies) != len(items) or None in tallies:
        return JsonResponse({"error": "tallies"}, status=400)
    with transaction.atomic():
        NeedTally.objects.bulk_create(tallies, ignore_conflicts=True)
    return JsonResponse({"received": [str(tally.id) for tally in tallies]})
