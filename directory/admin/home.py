"""The admin's home for a coordinator: what is waiting for them in their scope.

Listings not verified for too long, residents' reports not yet handled, and the
categories no published service covers in their communes, each with a link to the whole
list. Everything is read within the scope (roles.py), in a fixed number of queries
whatever the size of the directory; a superuser's scope is the whole Region.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from .. import roles
from ..models import Category, Location, Report, Service
from ..staff import freshness

SHOWN = 5  # items listed under each heading; the link leads to the rest


@dataclass
class Gap:
    commune: object
    categories: list


@dataclass
class Todo:
    has_scope: bool
    stale: list = field(default_factory=list)
    stale_count: int = 0
    stale_url: str = ""
    stale_months: int = 0
    reports: list = field(default_factory=list)
    report_count: int = 0
    reports_url: str = ""
    gaps: list = field(default_factory=list)  # Gap, communes with missing categories
    communes_count: int = 0
    coverage_url: str = ""

    @property
    def empty(self):
        return not (self.stale_count or self.report_count or self.gaps)


def coverage_gaps(communes):
    """[Gap] for the communes with categories that no published service has a place in."""
    if not communes:
        return []
    present = set(
        Location.objects.filter(commune__in=communes, service__in=Service.objects.public())
        .exclude(service__categories=None)
        .values_list("commune_id", "service__categories")
        .distinct()
    )
    categories = list(Category.objects.all())
    gaps = [
        Gap(commune, [c for c in categories if (commune.pk, c.pk) not in present])
        for commune in communes
    ]
    return [gap for gap in gaps if gap.categories]


def _scope_communes(user):
    communes = roles.communes_in_scope(user).defer("boundary", "boundary_display")
    return list(communes.order_by("name_fr"))


def coordinator_todo(user):
    """What waits for `user` in their scope (nothing for a staff account without one)."""
    if not user.is_superuser and not any(roles.describe_scope(user)):
        return Todo(has_scope=False)
    stale = roles.services_in_scope(user, freshness.stale_services())
    pending = roles.parts_in_scope(user, Report.objects.filter(status=Report.Status.NEW))
    communes = _scope_communes(user)
    reports_list = reverse("admin:directory_report_changelist")
    return Todo(
        has_scope=True,
        stale=list(stale[:SHOWN]),
        stale_count=stale.count(),
        stale_url=reverse("staff:stale-listings"),
        stale_months=round(settings.STALE_AFTER_DAYS / 30.4),
        reports=list(pending.select_related("service")[:SHOWN]),
        report_count=pending.count(),
        reports_url=f"{reports_list}?{urlencode({'status__exact': Report.Status.NEW})}",
        gaps=coverage_gaps(communes),
        communes_count=len(communes),
        coverage_url=reverse("staff:coverage"),
    )
