"""Workers decide who sees them; partnerships link two organisations for a while."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory.models import Commune, Language, Partnership, Quartier, Worker
from directory.models.staff import can_manage_partnerships, erase_worker
from tests.factories import make_organisation
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db


def visible():
    return set(Worker.objects.visible_to_colleagues())


def test_a_worker_is_invisible_to_colleagues_until_they_consent(reference):
    worker = make_worker(consent=False)
    assert worker not in visible()

    worker.give_consent()

    assert worker in visible()
    assert worker.is_visible_to_colleagues


def test_withdrawing_consent_hiding_or_asking_for_deletion_hides_the_profile(reference):
    withdrawn = make_worker("Un")
    withdrawn.withdraw_consent()
    hidden = make_worker("Deux")
    hidden.set_hidden(True)
    leaving = make_worker("Trois")
    leaving.request_deletion()
    inactive = make_worker("Quatre")
    inactive.user.is_active = False
    inactive.user.save()

    assert visible() == set()
    assert not any(w.is_visible_to_colleagues for w in (withdrawn, hidden, leaving))


def test_directory_filters_by_quartier_commune_organisation_language_and_text(reference):
    cpas = make_organisation("CPAS de Molenbeek")
    awa = make_worker(
        "Awa", "assistante sociale", [cpas], ["gare-de-l-ouest"], ["ar"], can_help_with="dettes"
    )
    make_worker("Bram", "éducateur de rue", [], ["marolles"], ["nl"])

    workers = Worker.objects.all()

    assert list(workers.in_quartier(Quartier.objects.get(slug="gare-de-l-ouest"))) == [awa]
    assert list(workers.in_commune(Commune.objects.get(slug="molenbeek-saint-jean"))) == [awa]
    assert list(workers.in_organisation(cpas)) == [awa]
    assert list(workers.speaking(Language.objects.get(code="ar"))) == [awa]
    assert list(workers.matching("molenbeek")) == [awa]
    assert list(workers.matching("DETTES")) == [awa]
    assert list(workers.matching("sociale")) == [awa]


def test_erasing_a_worker_leaves_no_trace_in_the_history(reference):
    cpas = make_organisation("CPAS")
    worker = make_worker(organisations=[cpas], quartiers=["marolles"], languages=["fr"])
    worker.phone = "0470 11 22 33"
    worker.save()
    assert worker.history.count() >= 2

    erase_worker(worker)

    assert not Worker.history.model.objects.filter(id=worker.pk).exists()
    assert not Worker.objects.filter(pk=worker.pk).exists()


def test_only_members_and_coordinators_manage_an_organisations_partnerships(reference, admin_user):
    cpas, other = make_organisation("CPAS"), make_organisation("Autre")
    member = make_worker("Membre", organisations=[cpas])
    outsider = make_worker("Dehors", organisations=[other])

    assert can_manage_partnerships(member.user, cpas)
    assert not can_manage_partnerships(outsider.user, cpas)
    assert can_manage_partnerships(admin_user, cpas)


def test_a_partnership_links_two_different_organisations_once_per_kind(reference):
    cpas, asbl = make_organisation("CPAS"), make_organisation("Asbl")
    Partnership.objects.create(from_organisation=cpas, to_organisation=asbl, kind="referral")

    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(from_organisation=cpas, to_organisation=asbl, kind="referral")
    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(
            from_organisation=cpas, to_organisation=cpas, kind="network_member"
        )
    with pytest.raises(ValidationError):
        Partnership(
            from_organisation=cpas,
            to_organisation=asbl,
            kind="joint_project",
            start_date=date(2026, 5, 1),
            end_date=date(2026, 1, 1),
        ).full_clean()


def test_active_partnerships_are_those_running_on_the_day(reference):
    cpas, asbl, mm = make_organisation("CPAS"), make_organisation("Asbl"), make_organisation("MM")
    running = Partnership.objects.create(
        from_organisation=cpas, to_organisation=asbl, kind="referral", start_date=date(2026, 1, 1)
    )
    Partnership.objects.create(
        from_organisation=cpas, to_organisation=mm, kind="referral", end_date=date(2025, 12, 31)
    )

    assert list(Partnership.objects.active(date(2026, 6, 1))) == [running]
    assert set(Partnership.objects.involving(asbl)) == {running}
    assert list(Partnership.objects.between([asbl.pk, mm.pk])) == []
