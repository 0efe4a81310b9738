"""Derived data is computed in one place, once per transaction, the same on every path.

Elsewhere in the suite every mark is flushed at once (tests/conftest.py); here
`deferred` turns that off, so the flush runs as it does in production: when the
transaction commits (captured with django_capture_on_commit_callbacks), or, in the
admin, as its transaction ends.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from directory import derived
from directory.admin.places import LocationAdmin
from directory.hsds.importer import import_hsds
from directory.models import Commune, Location, Phone, Service, ServicePoint
from tests.admin_forms import admin_form
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_worker
from tests.test_hsds_import_export import empty_directory, export

pytestmark = pytest.mark.django_db

# Statements that open or close a transaction or savepoint: not work done by a save.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")


@pytest.fixture
def deferred(monkeypatch):
    monkeypatch.setattr(derived, "FLUSH_AT_ONCE", False)


@pytest.fixture
def flushes(monkeypatch):
    """The flushes that found something to recompute, each as {kind: ids}."""
    done, flush = [], derived.flush

    def counting(using="default"):
        marked = flush(using)
        if marked:
            done.append(marked)
        return marked

    monkeypatch.setattr(derived, "flush", counting)
    return done


def stored_point(service):
    service.refresh_from_db()
    return service.latitude, service.longitude


def per_row(service):
    """The derived data of a service as the rules give it for that one row."""
    service = Service.objects.select_related("organisation").get(pk=service.pk)
    located = service.locations.order_by("pk")
    return derived.build_document(service), derived.service_point(located)


def stored_points():
    """{service id: the set of its ServicePoints}."""
    found = {}
    for service_id, *point in ServicePoint.objects.values_list(
        "service_id", "latitude", "longitude"
    ):
        found.setdefault(service_id, set()).add(tuple(point))
    return found


def test_many_edits_in_one_transaction_are_recomputed_by_one_flush(
    reference, deferred, flushes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            services = [make_service(f"Épicerie {i}", lat=50.85 + i / 100) for i in range(5)]
            for service in services:
                Phone.objects.create(service=service, number="02 555 00 00")
                place = service.locations.get()
                place.latitude += Decimal("0.001")
                place.save()
            organisation = services[0].organisation
            organisation.name_fr = "Renommée"
            organisation.save()
            assert flushes == []  # nothing recomputed before the commit

    assert len(flushes) == 1
    for service in services:
        service.refresh_from_db()
        assert (service.search_document, stored_point(service)) == per_row(service)
    assert "renommee" in Service.objects.get(pk=services[0].pk).search_document


def test_a_savepoint_rolled_back_does_not_lose_the_flush(
    reference, deferred, flushes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    make_service("Perdu")  # marks, and its callback goes with the savepoint
                    raise RuntimeError
            except RuntimeError:
                pass
            kept = make_service("Gardé")

    assert len(flushes) == 1
    kept.refresh_from_db()
    assert kept.search_document == per_row(kept)[0]


def test_saving_a_place_in_the_admin_costs_at_most_four_queries(
    admin_client, reference, deferred, monkeypatch, django_capture_on_commit_callbacks
):
    """Counted: every query from the moment the admin saves the place (save_model) to the
    end of the request, on-commit work included, except the admin's own change log entry
    and the statements that open and close transactions. The form's reads (the place,
    its service, the version check, the hours formsets) come before and are not counted.
    Before derived.py, with an unchanged point, this was 11 queries."""
    service = make_service()
    derived.flush()  # what making it marked: not part of the save measured
    place = service.locations.get()
    before = Service.objects.get(pk=service.pk).modified
    url = f"/admin/directory/location/{place.pk}/change/"
    data = admin_form(admin_client.get(url), "location_form")
    data["name"] = "Antenne du Canal"
    started, save_model = {}, LocationAdmin.save_model

    def marking(self, *args, **kwargs):
        started["at"] = len(queries.captured_queries)
        save_model(self, *args, **kwargs)

    monkeypatch.setattr(LocationAdmin, "save_model", marking)
    with CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, data)

    assert response.status_code == 302
    saving = [
        q["sql"]
        for q in queries.captured_queries[started["at"] :]
        if not q["sql"].startswith(TRANSACTION_CONTROL) and "django_admin_log" not in q["sql"]
    ]
    assert len(saving) <= 4, "\n".join(saving)
    assert Service.objects.get(pk=service.pk).modified > before  # an edit of the service
    assert Location.objects.get().name == "Antenne du Canal"


def test_moving_a_place_moves_its_service_and_names_its_quartier(reference):
    service = make_service(lat=50.8549, lon=4.3200, postcode="1080")
    place = service.locations.get()
    first = place.commune
    place.latitude, place.longitude = Decimal("50.8466"), Decimal("4.3528")
    place.postcode = "1000"
    place.save()

    assert stored_point(service) == (Decimal("50.846600"), Decimal("4.352800"))
    assert place.commune == Location.objects.get().commune != first


def test_a_service_is_found_at_each_public_point_of_its_places(reference):
    service = make_service(lat=50.8549, lon=4.3200, postcode="1080")
    assert stored_points() == {}  # one point: on its row
    assert Service.objects.get(pk=service.pk).point_count == 1
    branch = Location.objects.create(
        service=service, postcode="1000", latitude=Decimal("50.8466"), longitude=Decimal("4.3528")
    )
    molenbeek = (Decimal("50.854900"), Decimal("4.320000"))
    assert stored_points() == {service.pk: {molenbeek, (Decimal("50.846600"), Decimal("4.352800"))}}

    branch.address_hidden = True  # a refuge: found at its commune's centre, never its own
    branch.save()
    city = Commune.objects.get(slug="bruxelles")
    assert stored_points() == {service.pk: {molenbeek, (city.latitude, city.longitude)}}
    assert Service.objects.get(pk=service.pk).point_count == 2

    branch.delete()
    assert stored_points() == {}
    assert Service.objects.get(pk=service.pk).point_count == 1


def test_history_keeps_no_derived_column(reference):
    service = make_service()
    versions = service.history.count()
    service.description_fr = "Colis et conseils."
    service.save()

    history = Service.history.model
    names = {f.name for f in history._meta.fields}
    derived_columns = {"latitude", "longitude", "point_count", "search_document"}
    assert not names & (derived_columns | {"search_categories"})
    assert service.history.count() == versions + 1
    assert {f.name for f in Location.history.model._meta.fields} >= {"commune", "quartier"}


def test_a_renamed_organisation_shows_in_its_workers_search(reference):
    organisation = make_organisation("Maison de quartier")
    worker = make_worker(organisations=[organisation])
    organisation.name_fr = "Maison des Cultures"
    organisation.save()

    worker.refresh_from_db()
    assert "maison des cultures" in worker.search_text


def test_the_demo_data_set_is_derived_as_the_rules_give_each_row(reference):
    call_command("load_demo", verbosity=0)

    services = list(Service.objects.all())
    assert services
    points = stored_points()
    for service in services:
        assert (service.search_document, (service.latitude, service.longitude)) == per_row(service)
        located = derived.service_points(service.locations.order_by("pk"))
        assert points.get(service.pk, set()) == (set(located) if len(located) > 1 else set())
        assert service.point_count == len(located)
    assert 10 < len(points) < len(services) / 2


def test_an_import_derives_what_the_set_functions_derive(reference, tmp_path):
    """The importer computes in memory, with derived.py's rules, what the set functions
    compute from the rows it wrote: recomputing after it changes nothing."""
    call_command("load_demo", verbosity=0)
    path = export(tmp_path / "services.json")
    empty_directory()

    import_hsds(path)

    ids = list(Service.objects.values_list("pk", flat=True))
    before = list(Service.objects.order_by("pk").values_list(*DERIVED))
    points = stored_points()
    derived.refresh_services(documents=ids, points=ids)
    assert list(Service.objects.order_by("pk").values_list(*DERIVED)) == before
    assert stored_points() == points
    assert all(before[0]) and len(points) > 10


DERIVED = ("search_document", "search_categories", "latitude", "longitude", "point_count")


def test_a_bulk_writers_rows_are_derived_once_at_the_end_of_its_batch(reference, monkeypatch):
    """Here every mark is flushed at once (conftest), as if each row committed alone; a
    bulk writer (load_demo) flushes its whole set itself, once."""
    flushed = []
    flush = derived.flush
    monkeypatch.setattr(derived, "flush", lambda *args: flushed.append(flush(*args)))

    with derived.batched():
        services = [make_service(f"Colis {n}", lat=50.85 + n / 1000) for n in range(3)]
        assert Service.objects.filter(latitude=None).count() == 3  # nothing derived yet

    assert len([done for done in flushed if done]) == 1
    assert not Service.objects.filter(pk__in=[s.pk for s in services], latitude=None).exists()
