"""The one kept field our own export also writes from our rows: `alert`.

An export says a service's temporary statuses and its places' closures in `alert`
(serialise.alert). Read back into the same directory, that text is ours, not the
file's: kept, it would outlive the closure. So an alert equal to what the export
would write now is not kept.
"""

from django.db.models import Prefetch
from django.utils import translation

from ..models import Service, TemporaryStatus


def drop_our_alerts(plans, rows, lang):
    """Removes from the plans' kept fields the alerts that are the service's own."""
    asked = {
        plan.id: plan
        for plan in plans
        if plan.extra is not None
        and plan.extra[0].get("alert")
        and plan.id in rows
        and (rows[plan.id]["hsds_extra"] or {}).get("alert") != plan.extra[0]["alert"]
    }
    if not asked:
        return
    from .serialise import alert

    services = (
        Service.objects.filter(pk__in=list(asked))
        .for_listing()
        .prefetch_related(Prefetch("temporary_statuses", queryset=TemporaryStatus.objects.all()))
    )
    with translation.override(lang):
        for service in services:
            plan = asked[service.pk]
            if alert(service) == plan.extra[0]["alert"]:
                del plan.extra[0]["alert"]
