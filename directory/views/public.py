"""Public pages for residents: no account, server-rendered, the map as an enhancement."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .. import kept_rows, memo, quick_exit
from ..alerts import alerts_for
from ..models import (
    Category,
    Commune,
    ForeignTerm,
    Organisation,
    PresenceSlot,
    Quartier,
    Service,
)
from ..search import counts
from ..search.engine import MAX_QUERY_LENGTH
from ..search.filters import ServiceFilter, areas_by_code
from ..search.pages import kept_answer, search_page_results
from ..search.suggestions import suggest_terms
from .cards import in_order, map_markers, marker, render_with_cards, service_cards


def paginate(request, queryset, count=None):
    """The requested page of `queryset`; `count`, if given, is its number of rows already
    known (memo.counted), so the paginator does not count them again."""
    paginator = Paginator(queryset, settings.SEARCH_PAGE_SIZE)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def home(request):
    """The home page: what it shows changes only with the directory (memo.py)."""
    communes = memo.remembered(
        "home-communes", lambda: list(Commune.objects.all()), per_language=False
    )
    return render(
        request,
        "directory/home.html",
        {
            # Built only when the kept page is not: a filter set copies all its filters.
            "filter": lambda: ServiceFilter(queryset=Service.objects.none()),
            "categories": all_categories(),
            "communes": communes,
            "markers": memo.remembered("home-markers", lambda: commune_markers(communes)),
            "service_count": memo.remembered(
                "home-service-count", Service.objects.public().count, per_language=False
            ),
        },
    )


def all_categories():
    """Every category, read once per process until the directory changes (memo.py)."""
    return memo.remembered(
        "home-categories", lambda: list(Category.objects.all()), per_language=False
    )


def commune_markers(communes):
    return [
        {
            "lat": float(c.latitude),
            "lon": float(c.longitude),
            "name": c.name,
            "url": c.get_absolute_url(),
        }
        for c in communes
    ]


def service_list(request):
    services = ServiceFilter(request.GET or None, queryset=Service.objects.public())
    results = search_page_results(services)
    page = paginate(request, results)
    place = services.result.place if services.result else None
    cards = service_cards(page, place)
    by_phone = service_cards(results.apart_rows)
    context = {
        "filter": services,
        "result": services.result,
        "page": page,
        "cards": cards,
        "markers": map_markers(cards),
        "place": place,
        # Sorted by distance, those reached by phone anywhere are near nothing: apart.
        "by_phone": by_phone,
        "more_by_phone": results.apart_more,
        "query_without_page": without(request.GET, "page"),
        # A crisis in the commune searched shows on its results, with the region-wide ones.
        "alerts": alerts_for(searched_communes(services)),
        "active_filters": active_filters(services),
        "quick_exit": quick_exit.for_search(services),
    }
    if not cards and not by_phone:
        context.update(ways_out(request.GET, services.result))
    response = render_with_cards(request, "directory/service_list.html", context, cards + by_phone)
    return counts.attach(response, counts.searched(request, services, page.paginator.count))


# The filters of "Plus de filtres", in the order the panel shows them.
PANEL_FILTERS = (
    "category",
    "audience",
    "language",
    "commune",
    "quartier",
    "open_now",
    "free",
    "walk_in",
    "accessible",
    "by_phone",
)


def active_filters(services):
    """What the "Plus de filtres" panel has on, as the resident reads it: names of the
    needs, audience, language and area chosen, and the labels of the ticked boxes."""
    if not services.is_bound:
        return []
    services.form.is_valid()  # cleaned_data then holds the fields that were understood
    active = []
    for name in PANEL_FILTERS:
        value = services.form.cleaned_data.get(name)
        if value is True:
            active.append(str(services.form.fields[name].label))
        elif hasattr(value, "__iter__") and not isinstance(value, str):
            active += [str(item) for item in value]
        elif value:
            active.append(str(value))
    return active


def searched_communes(services):
    """The communes a search is about: its commune, its quartier's, the one `near` is in."""
    if not services.is_bound:
        return []
    services.form.is_valid()  # cleaned_data then holds the fields that were understood
    data = services.form.cleaned_data
    communes = {data.get("commune"), getattr(data.get("quartier"), "commune", None)}
    # The commune `near` names, else the one it lies in (the search found it).
    point = services.result.place if services.result else None
    if point and point.commune:
        communes.add(areas_by_code()[0].get(point.commune))
    return [commune for commune in communes if commune]


def without(params, *names):
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def with_query(params, text):
    params = params.copy()
    params["q"] = text
    params.pop("page", None)
    return params.urlencode()


def ways_out(params, result):
    """What an empty result page offers instead: close words, a wider area, categories."""
    text = params.get("q", "")[:MAX_QUERY_LENGTH]
    area_params = ("near", "commune", "quartier", "page")
    named = result.query.categories if result else []
    unreadable = bool(result and result.query.unreadable)
    categories = [c for c in all_categories() if unreadable or c.slug in named]
    return {
        "unreadable_query": unreadable,
        # Each close word keeps the place and the filters, as a new search would.
        "suggested_terms": [
            (term, with_query(params, term)) for term in (suggest_terms(text) if text else [])
        ],
        "related_categories": categories,
        "wider_area_query": (
            without(params, *area_params) if any(params.get(p) for p in area_params) else None
        ),
        "text_only_query": urlencode({"q": text}) if text else "",
    }


def share_links(url, title):
    """Plain links that share a page by SMS, WhatsApp and e-mail: they work without JS."""
    text = quote(f"{title} {url}")
    return {
        "sms": f"sms:?&body={text}",
        "whatsapp": f"https://wa.me/?text={text}",
        "email": f"mailto:?subject={quote(title)}&body={text}",
        "url": url,
    }


def service_page_row(key):
    """The public service of key (day, slug), or None: what its page shows, kept as
    card_rows are."""
    rows = kept_rows.read(service_pages(key[0]).filter(slug=key[1]))
    return next((kept_rows.kept(row) for row in rows), None)


def service_pages(day):
    """Public services with what their pages show, and their permanences not ended on
    `day` (`public_permanences`)."""
    permanences = PresenceSlot.objects.not_ended(day).at_published_places()
    return (
        Service.objects.public()
        .for_cards()
        .prefetch_related(
            "audiences",
            "languages",
            "cost_options",
            "required_documents",
            Prefetch("foreign_terms", queryset=ForeignTerm.objects.select_related("taxonomy")),
            # Function and organisation only: never a person's name on a public page.
            Prefetch("permanences", permanences.for_public_pages(), to_attr="public_permanences"),
        )
    )


def kept_service_page(key):
    """service_page_row(key), kept per process until the directory changes, and read once
    for the node's processes (memo.shared): the row is small (its relations held as rows,
    kept_rows) where its reading is 14 queries (~20 ms)."""

    def read(keys):
        service = memo.shared(f"service-page:{key[0]}:{key[1]}", lambda: service_page_row(key))
        return {key: service} if service else {}

    # A page's row is larger than a card's; fewer are asked for.
    return memo.kept(
        "service-pages", [key], read, per_language=False, most=settings.MEMO_KEPT_ROWS // 4
    ).get(key)


def service_detail(request, slug):
    service = kept_service_page((timezone.localdate(), slug))
    if service is None:
        raise Http404
    places = service.public_places()
    communes = [place.commune for place in places if place.commune]
    # As its card says it: open now or when it opens next, full today or not.
    full = service_cards([service])[0]
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "open_now": full.open_now,
            "next_opening": full.next_opening,
            "phone": next(iter(service.phones.all()), None),
            # Directions to the first place whose point is its own: never to a refuge.
            "directions": next((place for place in places if place.exact), None),
            "share": share_links(
                request.build_absolute_uri(service.get_absolute_url()), service.name
            ),
            "places": places,
            "markers": [marker(place, service, link=False) for place in places if place.exact],
            "today": timezone.localdate(),
            "full": full,
            # The alerts of the communes where the service is, with the region-wide ones.
            "alerts": alerts_for(communes),
            "permanences": service.public_permanences,
            "quick_exit": quick_exit.for_service(service),
        },
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    cards = service_cards(in_order(organisation.services.public().values_list("pk", flat=True)))
    return render_with_cards(
        request,
        "directory/organisation_detail.html",
        {"organisation": organisation, "cards": cards, "markers": map_markers(cards)},
        cards,
    )


def area_detail(request, area, services, template="directory/area_detail.html", **extra):
    services = services.public()
    name = f"area:{type(area).__name__}:{area.pk}"
    # A commune's services are counted once until the directory changes (memo.py), and
    # the ids of each of its pages read once: neither grows with the directory then.
    count = memo.counted(name, services.count)
    page = paginate(request, KeptIds(services.values_list("pk", flat=True), name), count)
    cards = service_cards(in_order(page))
    return render_with_cards(
        request,
        template,
        {"area": area, "page": page, "cards": cards, "markers": map_markers(cards), **extra},
        cards,
    )


class KeptIds:
    """`ids` (a queryset of ids) for a Paginator that knows their count: each page's ids
    read once per process, and for the node's processes, until the directory changes
    (kept_answer), under `name`."""

    def __init__(self, ids, name):
        self.ids, self.name = ids, name

    def __getitem__(self, index):
        return kept_answer((self.name, index.start, index.stop), lambda: tuple(self.ids[index]))


def kept_area(model, slug, read):
    """(the area of `slug`, with the boundary its map shows, and `read(area)`), read once
    per process until the directory changes; Http404 if there is none. Unknown slugs are
    not kept: they cannot fill the memory."""

    def areas(keys):
        area = model.objects.defer(None).defer("boundary").filter(slug=slug).first()
        return {} if area is None else {keys[0]: (area, read(area))}

    found = memo.kept(f"area-{model.__name__}", [slug], areas, per_language=False).get(slug)
    if found is None:
        raise Http404
    return found


def commune_detail(request, slug):
    commune, quartiers = kept_area(Commune, slug, lambda commune: list(commune.quartiers.all()))
    return area_detail(
        request,
        commune,
        Service.objects.in_commune(commune),
        quartiers=quartiers,
        kind="commune",
        alerts=alerts_for([commune]),
    )


def quartier_detail(request, slug):
    quartier, commune = kept_area(Quartier, slug, lambda quartier: quartier.commune)
    return area_detail(
        request,
        quartier,
        Service.objects.in_quartier(quartier),
        kind="quartier",
        alerts=alerts_for([commune]),
    )


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
