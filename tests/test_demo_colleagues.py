"""The demo shows the colleague layer: fictional workers everywhere, in every function,
language and consent state, and partnerships that the quartier network pages show."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from directory.demo.loader import remove_demo
from directory.models import Commune, Language, Organisation, Partnership, Quartier, Worker
from directory.phones import parse
from directory.staff import network, vocabulary
from directory.text import normalise
from tests.factories import make_organisation
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db

PHONE = re.compile(r"^02 555 0\d \d\d$")


def home_communes(organisation):
    return set(organisation.services.values_list("locations__commune", flat=True)) - {None}


def test_demo_workers_cover_every_commune_function_language_and_consent_state(demo):
    workers = Worker.objects.filter(is_demo=True)
    visible = workers.visible_to_colleagues()

    assert workers.count() >= 60 and visible.count() >= 60
    for commune in Commune.objects.all():
        assert visible.in_commune(commune).exists(), commune
    for language in Language.objects.all():
        assert visible.speaking(language).exists(), language
    for function in vocabulary.functions():
        assert visible.with_function(function.names["fr"][0]).exists(), function.key
    assert workers.filter(consent_given_at=None).exists()  # withdrawn
    assert workers.filter(hidden=True).exists()
    assert workers.exclude(deletion_requested_at=None).exists()
    # Functions are written as people write them: both genders, all three languages.
    written = {normalise(f) for f in workers.values_list("function", flat=True)}
    for language, gender in (("fr", 0), ("fr", 1), ("nl", 0), ("en", 0)):
        forms = {normalise(f.names[language][gender]) for f in vocabulary.functions()}
        assert written & forms, (language, gender)


def test_demo_workers_are_plainly_fictional_and_cannot_log_in(demo):
    for worker in Worker.objects.filter(is_demo=True).select_related("user"):
        assert worker.name.endswith(" (démo)"), worker
        assert not worker.user.has_usable_password(), worker
        assert PHONE.match(worker.phone) and parse(worker.phone), worker.phone
        if worker.email:
            assert worker.email.rpartition("@")[2].endswith(".example.org"), worker.email
        organisation = worker.organisations.get()
        assert organisation.is_demo


def test_a_demo_profile_says_it_is_fictional(client, demo):
    worker = Worker.objects.filter(is_demo=True).visible_to_colleagues().first()
    me = make_worker("Moi Même", username="moi")
    client.force_login(me.user)

    html = client.get(worker.get_absolute_url()).content.decode()

    assert "Profil de démonstration: cette personne est fictive." in html


def test_demo_partnerships_link_demo_organisations_across_communes_too(demo):
    partnerships = Partnership.objects.select_related("from_organisation", "to_organisation")

    assert partnerships.count() >= 40
    assert all(p.from_organisation.is_demo and p.to_organisation.is_demo for p in partnerships)
    across = [
        p
        for p in partnerships
        if not home_communes(p.from_organisation) & home_communes(p.to_organisation)
    ]
    assert len(across) >= 10
    assert {p.kind for p in partnerships} == set(Partnership.Kind.values)


def test_the_quartier_network_pages_show_the_demo_partnerships(demo):
    shown = set()
    for quartier in Quartier.objects.all():
        shown |= {p.pk for p in network.quartier_network(quartier).partnerships}

    assert len(shown) >= 40
    across = Partnership.objects.filter(pk__in=shown).select_related(
        "from_organisation", "to_organisation"
    )
    assert (
        sum(
            not home_communes(p.from_organisation) & home_communes(p.to_organisation)
            for p in across
        )
        >= 10
    )


def test_the_quartier_pages_show_who_of_the_demo_is_present_this_week(demo):
    weeks = [network.presence_week(quartier) for quartier in Quartier.objects.all()]
    slots = [slot for week in weeks for day in week for slot in day.slots]

    assert len({slot.pk for slot in slots}) >= 30
    assert sum(any(day.slots for day in week) for week in weeks) >= 20
    assert not any(slot.location.address_hidden for slot in slots)


def test_the_colleague_search_finds_demo_workers_in_any_language(demo):
    visible = Worker.objects.filter(is_demo=True).visible_to_colleagues()
    social = visible.with_function("assistante sociale")

    assert social.filter(function="Maatschappelijk werker").exists()
    assert social.filter(function="Assistant social").exists()
    assert visible.matching("médiation de dettes").filter(function="Schuldbemiddelaar").exists()


def test_load_demo_again_gives_the_same_colleagues_and_keeps_real_ones(demo):
    names = sorted(Worker.objects.filter(is_demo=True).values_list("name", flat=True))
    real_organisation = make_organisation("Vraie asbl")
    real = make_worker("Vraie Personne", organisations=[real_organisation])
    Partnership.objects.create(
        from_organisation=real_organisation,
        to_organisation=make_organisation("Autre vraie asbl"),
        kind="referral",
    )
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert sorted(Worker.objects.filter(is_demo=True).values_list("name", flat=True)) == names
    assert f"{len(names)} workers" in out.getvalue()
    assert Worker.objects.get(pk=real.pk).organisations.get() == real_organisation
    assert get_user_model().objects.filter(pk=real.user_id).exists()
    assert Partnership.objects.filter(from_organisation=real_organisation).exists()


def test_removing_the_demo_erases_its_workers_accounts_and_their_history(demo):
    workers = Worker.objects.filter(is_demo=True)
    ids = list(workers.values_list("pk", flat=True))
    accounts = list(workers.values_list("user_id", flat=True))
    workers.first().give_consent()  # a change, with a past version

    remove_demo()

    assert not Worker.objects.filter(pk__in=ids).exists()
    assert not get_user_model().objects.filter(pk__in=accounts).exists()
    assert not Worker.history.filter(id__in=ids).exists()
    assert not Partnership.objects.exists()
    assert not Organisation.objects.filter(is_demo=True).exists()
