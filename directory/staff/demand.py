"""What residents ask for, beside what is there: the demand half of the coverage page.

Read from the weekly search counts kept (search/counts.py) and the needs workers counted
on their rounds (NeedTally), in the coordinator's scope
(roles.search_counts_in_scope): per commune, the searches naming each category and those
that found nothing. Supply comes from the coverage (network.coverage): a category is
thin in a commune when at most half of its quartiers have it in or near them.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Sum

from .. import roles
from ..models import NeedTally
from ..search import counts


@dataclass
class DemandRow:
    commune: object  # a Commune, or None: searches about no place
    thin: list  # per category: is supply thin in the commune?
    searches: int = 0
    unanswered: int = 0  # searches with no result
    asked: list = field(default_factory=list)  # per category: searches naming it
    unanswered_asked: list = field(default_factory=list)  # per category: of which none found

    def __post_init__(self):
        self.asked = [0] * len(self.thin)
        self.unanswered_asked = [0] * len(self.thin)

    @property
    def cells(self):
        """(searches naming the category, is it thin here), per category."""
        return list(zip(self.asked, self.thin, strict=True))


@dataclass
class Wanted:
    """A category residents ask for in a commune where it is thin or was not found."""

    commune: object
    category: object
    searches: int
    unanswered: int


@dataclass
class Demand:
    categories: list
    rows: list
    weeks: int
    since: object  # the Monday of the first week counted

    @property
    def wanted(self):
        """Categories asked for in a commune where supply is thin, or where searches
        naming them found nothing, most asked first."""
        found = [
            Wanted(row.commune, category, asked, unanswered)
            for row in self.rows
            if row.commune is not None
            for category, asked, unanswered, thin in zip(
                self.categories, row.asked, row.unanswered_asked, row.thin, strict=True
            )
            if asked and (thin or unanswered)
        ]
        return sorted(found, key=lambda w: (-w.searches, -w.unanswered, w.commune.name_fr))


def thin_supply(coverage):
    """{commune id: [is the category thin there, per category]} from the coverage rows."""
    quartiers, present = {}, {}
    for row in coverage.rows:
        commune_id = row.quartier.commune_id
        quartiers[commune_id] = quartiers.get(commune_id, 0) + 1
        counted = present.setdefault(commune_id, [0] * len(coverage.categories))
        for i, here in enumerate(row.present):
            counted[i] += here
    return {
        commune_id: [2 * count <= quartiers[commune_id] for count in counted]
        for commune_id, counted in present.items()
    }


def demand(user, coverage):
    """The searches of the weeks kept, by commune and category, in one query."""
    categories = coverage.categories
    column = {category.slug: i for i, category in enumerate(categories)}
    communes = {row.quartier.commune_id: row.quartier.commune for row in coverage.rows}
    thin = thin_supply(coverage)
    grouped = (
        roles.search_counts_in_scope(user, counts.kept())
        .order_by()
        .values_list("commune_id", "categories")
        .annotate(total=Sum("searches"), unanswered=Sum("searches", filter=Q(results=0)))
    )
    rows = {}
    for commune_id, slugs, searches, unanswered in grouped:
        if commune_id is not None and commune_id not in communes:
            continue  # a commune without quartiers: not on the page
        row = rows.get(commune_id)
        if row is None:
            no_supply = [False] * len(categories)  # searches about no place
            row = rows[commune_id] = DemandRow(
                communes.get(commune_id), thin.get(commune_id, no_supply)
            )
        unanswered = unanswered or 0
        row.searches += searches
        row.unanswered += unanswered
        for slug in slugs.split():
            if (i := column.get(slug)) is not None:
                row.asked[i] += searches
                row.unanswered_asked[i] += unanswered
    ordered = sorted(
        rows.values(), key=lambda row: (row.commune is None, row.commune and row.commune.name_fr)
    )
    return Demand(categories, ordered, settings.SEARCH_COUNTS_WEEKS, counts.first_week_kept())


@dataclass
class NeedsRow:
    """Needs counted on rounds in one commune: per category, (counted, unmet, thin)."""

    commune: object
    thin: list
    counted: list = field(default_factory=list)
    unmet: list = field(default_factory=list)

    def __post_init__(self):
        self.counted = [0] * len(self.thin)
        self.unmet = [0] * len(self.thin)

    @property
    def total(self):
        return sum(self.counted)

    @property
    def total_unmet(self):
        return sum(self.unmet)

    @property
    def cells(self):
        return list(zip(self.counted, self.unmet, self.thin, strict=True))


def needs_counted(user, coverage):
    """The needs workers counted on their rounds (NeedTally) in the coordinator's communes,
    over the weeks searches are kept (all when they are not), by commune and category, in
    one query: what was asked in the street, beside what residents searched and what is
    there."""
    categories = coverage.categories
    column = {category.pk: i for i, category in enumerate(categories)}
    communes = {row.quartier.commune_id: row.quartier.commune for row in coverage.rows}
    thin = thin_supply(coverage)
    tallies = NeedTally.objects.filter(quartier__commune__in=roles.communes_in_scope(user))
    if settings.SEARCH_COUNTS_WEEKS:
        tallies = tallies.filter(day__gte=counts.first_week_kept())
    grouped = (
        tallies.order_by()
        .values_list("quartier__commune_id", "category_id")
        .annotate(total=Count("pk"), unmet=Count("pk", filter=Q(met=False)))
    )
    rows = {}
    for commune_id, category_id, total, unmet in grouped:
        if commune_id not in communes or category_id not in column:
            continue
        row = rows.get(commune_id)
        if row is None:
            row = rows[commune_id] = NeedsRow(communes[commune_id], thin[commune_id])
        row.counted[column[category_id]] += total
        row.unmet[column[category_id]] += unmet
    return sorted(rows.values(), key=lambda row: row.commune.name_fr)
