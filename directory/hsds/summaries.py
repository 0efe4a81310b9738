"""The services list's items kept as JSON text, per process, until the directory changes.

A list page reads the ids of its services (the search) and its count (memo.counted); each
service's item (serialise.service_summary) is then taken from what this process keeps
(memo.kept), then from what the node's processes share (memo.shared_many: one read of
the cache for the page), and only the services none has written yet are read, in one bulk
read with what an item shows (querysets.summarised_services), and serialised.

An item is kept in the language it was written in, and for the day it was written on: its
`alert` speaks of the statuses and closures in force or coming within 60 days of today.
Nothing else in it depends on the request or the clock.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .. import memo
from . import serialise
from .querysets import summarised_services

KEPT = "api-service-summary"


def encode(data):
    """`data` as JsonResponse writes it (see api.page_response)."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


class KeptSummaries:
    """Reads a page's services for search.pages.Ranked, in place of a queryset: `in_bulk`
    gives each id's list item as JSON text."""

    def in_bulk(self, ids):
        today = timezone.localdate()

        def shared(keys):
            wanted = {f"{get_language()}:{day}:{pk}": (pk, day) for pk, day in keys}
            texts = memo.shared_many(KEPT, list(wanted), lambda names: write(names, wanted))
            return {wanted[name]: text for name, text in texts.items()}

        def write(names, wanted):
            named = {wanted[name][0]: name for name in names}
            rows = summarised_services().in_bulk(list(named))
            return {named[pk]: encode(serialise.service_summary(row)) for pk, row in rows.items()}

        texts = memo.kept(KEPT, [(pk, today) for pk in ids], shared)
        return {pk: texts[pk, today] for pk in ids if (pk, today) in texts}


def page_of_texts(envelope, texts):
    """The HSDS Page `envelope` with `texts`, items already written as JSON, as its
    `contents`: the bytes JsonResponse would write for the same items."""
    head = encode(envelope)
    return HttpResponse(
        head[:-1] + ', "contents": [' + ", ".join(texts) + "]}",
        content_type="application/json",
    )
