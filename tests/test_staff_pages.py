"""A social worker logs in, finds colleagues, opens their page, keeps their own profile."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from directory.locking import version_of
from directory.models import Partnership, Worker
from directory.staff.liaison import make_handover
from tests.factories import make_organisation, make_service
from tests.presence_factories import make_slot
from tests.staff_factories import PASSWORD, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def awa(reference):
    cpas = make_organisation("CPAS de Molenbeek")
    return make_worker(
        "Awa Diallo",
        "assistante sociale",
        [cpas],
        ["gare-de-l-ouest"],
        ["fr", "ar"],
        phone="02 600 11 22",
        email="awa@cpas.example",
        can_help_with="Dossiers de revenu d'intégration",
    )


@pytest.fixture
def bram(reference):
    return make_worker("Bram Peeters", "éducateur de rue", [], ["marolles"], ["nl"])


@pytest.fixture
def me(reference, client):
    worker = make_worker("Moi Même", "médiatrice de dettes", username="moi")
    client.force_login(worker.user)
    return worker


def staff_urls(worker, organisation, partnership):
    return [
        reverse("staff:worker-list"),
        reverse("staff:worker-detail", args=[worker.pk]),
        reverse("staff:worker-vcard", args=[worker.pk]),
        reverse("staff:my-profile"),
        reverse("staff:my-privacy"),
        reverse("staff:quartier-index"),
        reverse("staff:quartier-network", args=["marolles"]),
        reverse("staff:organisation-partnerships", args=[organisation.slug]),
        reverse("staff:partnership-edit", args=[organisation.slug, partnership.pk]),
        reverse("staff:partnership-delete", args=[organisation.slug, partnership.pk]),
        reverse("staff:my-presence"),
        reverse("staff:presence-add"),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_staff_url(client, awa):
    organisation = awa.organisations.get()
    partnership = Partnership.objects.create(
        from_organisation=organisation, to_organisation=make_organisation("Autre"), kind="referral"
    )
    for url in staff_urls(awa, organisation, partnership):
        for method in (client.get, client.post):
            response = method(url)

            assert response.status_code == 302, url
            assert response["Location"] == f"/fr/staff/login/?next={url}", url


def every_staff_url(sample_kwargs):
    """The URL of every route of the staff URLconf, filled from `sample_kwargs` by name."""
    urls = []
    for pattern in get_resolver("directory.staff.urls").url_patterns:
        kwargs = sample_kwargs.get(pattern.name, {})
        assert set(pattern.pattern.converters) <= set(kwargs), (
            f"new staff route {pattern.name}: give it sample values in tests/test_staff_pages.py"
        )
        urls.append(reverse(f"staff:{pattern.name}", kwargs=kwargs))
    return urls


def kept_by_nobody(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_no_staff_page_vcard_or_login_page_is_kept_by_a_browser_or_a_proxy(client, awa):
    organisation = awa.organisations.get()
    partnership = Partnership.objects.create(
        from_organisation=organisation, to_organisation=make_organisation("Autre"), kind="referral"
    )
    service = make_service("Permanence à vérifier", organisation=organisation)
    coordinator = make_worker("Chloé Coordination", username="chloe", organisations=[organisation])
    coordinator.user.is_staff = coordinator.user.is_superuser = True
    coordinator.user.save()
    slugs = {"slug": organisation.slug}
    # Fiches de liaison made by the coordinator, to a service of their organisation: one
    # per route that changes one (delete, confirm), so each finds its own.
    slips = {
        name: {"pk": make_handover(coordinator.user, service, None, organisation)[0].pk}
        for name in ("handover-slip", "handover-new-code", "handover-delete")
    }
    slips["handover-acknowledge"] = slips["handover-slip"]
    slot = make_slot(service.locations.get(), organisation, worker=coordinator)
    urls = every_staff_url(
        {
            **slips,
            "worker-detail": {"pk": awa.pk},
            "worker-vcard": {"pk": awa.pk},
            "mark-verified": {"pk": service.pk},
            "mark-full": {"pk": service.pk},
            "quartier-network": {"slug": "gare-de-l-ouest"},
            "organisation-partnerships": slugs,
            "partnership-edit": slugs | {"pk": partnership.pk},
            "partnership-delete": slugs | {"pk": partnership.pk},
            "password-reset-confirm": {"uidb64": "MQ", "token": "pas-un-jeton"},
            "invitation": {"token": "pas-un-jeton"},
            "presence-edit": {"pk": slot.pk},
            "presence-delete": {"pk": slot.pk},
        }
    )
    logout = reverse("staff:logout")

    visits = [("anonymous GET", url, client.get(url)) for url in urls]
    client.force_login(coordinator.user)
    visits += [("GET", url, client.get(url)) for url in urls]
    # POSTs change things (the last one logs out): the pages were read above. A view's
    # raised 404 is Django's error page, with nothing of a worker: my-privacy gets an action.
    privacy = {reverse("staff:my-privacy"): {"action": "show"}}
    visits += [
        ("POST", url, client.post(url, privacy.get(url, {})))
        for url in sorted(urls, key=lambda u: u == logout)
    ]

    assert [(method, url) for method, url, response in visits if not kept_by_nobody(response)] == []
    # The pages were really shown, not refused: all but login (logged in), the POST-only ones.
    not_shown = {
        url for method, url, response in visits if method == "GET" and response.status_code != 200
    }
    assert not_shown == {
        reverse("staff:login"),
        logout,
        reverse("staff:invitation", args=["pas-un-jeton"]),  # a wrong link: a 404 page
        reverse("staff:my-privacy"),
        reverse("staff:mark-verified", args=[service.pk]),
        reverse("staff:mark-full", args=[service.pk]),
        reverse("staff:partnership-delete", args=[organisation.slug, partnership.pk]),
        reverse("staff:handover-new"),  # sends to the list until a service is chosen
        reverse("staff:presence-delete", args=[slot.pk]),
        *(
            reverse(f"staff:{name}", kwargs=slips[name])
            for name in slips
            if name != "handover-slip"
        ),
    }


def test_a_worker_logs_in_with_the_form_and_lands_on_the_directory(client, awa):
    page = client.get("/fr/staff/login/")
    assert page.status_code == 200
    assert 'name="password"' in page.content.decode()

    response = client.post(
        "/fr/staff/login/", {"username": awa.user.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/fr/staff/"
    assert client.get("/fr/staff/").status_code == 200


def test_an_account_without_a_worker_profile_is_refused(client, reference):
    user = get_user_model().objects.create_user("curieux", password=PASSWORD)
    client.force_login(user)

    assert client.get("/fr/staff/").status_code == 403


def test_only_consenting_visible_workers_are_listed(client, me, awa, bram):
    make_worker("Sans Accord", consent=False)
    hidden = make_worker("Cachée")
    hidden.set_hidden(True)

    html = client.get("/fr/staff/").content.decode()

    assert "Awa Diallo" in html and "Bram Peeters" in html
    assert "Sans Accord" not in html and "Cachée" not in html


@pytest.mark.parametrize(
    "query",
    [
        "quartier=gare-de-l-ouest",
        "commune=molenbeek-saint-jean",
        "function=sociale",
        "language=ar",
        "q=integration",
        "q=CPAS",
    ],
)
def test_colleagues_are_found_by_quartier_commune_function_language_or_text(
    client, me, awa, bram, query
):
    html = client.get(f"/fr/staff/?{query}").content.decode()

    assert "Awa Diallo" in html
    assert "Bram Peeters" not in html


def test_colleagues_are_found_by_organisation(client, me, awa, bram):
    organisation = awa.organisations.get()

    html = client.get(f"/fr/staff/?organisation={organisation.slug}").content.decode()

    assert "Awa Diallo" in html and "Bram Peeters" not in html


def test_the_directory_costs_the_same_queries_for_3_or_30_colleagues(
    client, me, awa, django_assert_max_num_queries
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/fr/staff/?language=fr").status_code == 200
        return len(queries)

    few = count()
    organisation = make_organisation("Maison médicale")
    for n in range(27):
        make_worker(f"Collègue {n}", organisations=[organisation], quartiers=["marolles"])
        Worker.objects.filter(name=f"Collègue {n}").get().languages.set(awa.languages.all())

    assert count() == few
    with django_assert_max_num_queries(17):
        client.get("/fr/staff/?quartier=marolles&q=coll")


def test_a_colleagues_page_shows_how_to_reach_them(client, me, awa):
    html = client.get(awa.get_absolute_url()).content.decode()

    assert "assistante sociale" in html
    assert 'href="tel:+3226001122"' in html
    assert "mailto:awa@cpas.example" in html
    assert "Dossiers de revenu d&#x27;intégration" in html
    assert reverse("staff:quartier-network", args=["gare-de-l-ouest"]) in html


def test_a_hidden_profile_is_not_found_except_by_its_owner(client, me, awa):
    awa.set_hidden(True)
    assert client.get(awa.get_absolute_url()).status_code == 404
    assert client.get(reverse("staff:worker-vcard", args=[awa.pk])).status_code == 404

    me.withdraw_consent()
    own = client.get(me.get_absolute_url())
    assert own.status_code == 200
    assert "Vos collègues ne voient pas ce profil." in own.content.decode()


def test_the_vcard_escapes_special_characters_and_folds_long_lines(client, me, awa):
    awa.name = "Awa; Diallo, dite \\Awa"
    awa.can_help_with = "Ligne un\nLigne deux, avec virgule; et point-virgule. " + "é" * 80
    awa.save()

    response = client.get(reverse("staff:worker-vcard", args=[awa.pk]))

    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="awa-diallo-dite-awa.vcf"'
    raw = response.content
    assert raw.startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\n") and raw.endswith(b"END:VCARD\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    unfolded = raw.decode().replace("\r\n ", "")
    assert "FN:Awa\\; Diallo\\, dite \\\\Awa\r\n" in unfolded
    assert "ORG:CPAS de Molenbeek\r\n" in unfolded
    assert "TITLE:assistante sociale\r\n" in unfolded
    assert "TEL;TYPE=WORK,VOICE:02 600 11 22\r\n" in unfolded
    assert "EMAIL;TYPE=INTERNET,WORK:awa@cpas.example\r\n" in unfolded
    assert "NOTE:Ligne un\\nLigne deux\\, avec virgule\\; et point-virgule. " + "é" * 80 in unfolded


def profile_data(worker=None, **changes):
    """What the profile form posts; with the version of `worker`'s profile, as the page has it."""
    data = {
        "name": "Moi Même",
        "function": "médiatrice de dettes",
        "phone": "0470 12 34 56",
        "email": "moi@asbl.example",
        "can_help_with": "Plans de paiement",
        "availability": "Mardi matin",
        "quartiers": [],
        "languages": [],
    }
    if worker is not None:
        data["version"] = version_of(worker.modified)
    data.update(changes)
    return data


def test_a_worker_edits_their_own_profile(client, me):
    from directory.models import Language, Quartier

    marolles = Quartier.objects.get(slug="marolles")
    response = client.post(
        "/fr/staff/mon-profil/",
        profile_data(me, quartiers=[marolles.pk], languages=[Language.objects.get(code="tr").pk]),
    )

    assert response.status_code == 302
    me.refresh_from_db()
    assert me.phone == "0470 12 34 56"
    assert list(me.quartiers.all()) == [marolles]
    assert me.languages.get().code == "tr"
    assert me.history.latest().history_user == me.user
    assert "Votre profil est enregistré." in client.get("/fr/staff/mon-profil/").content.decode()


def test_a_worker_cannot_make_themselves_member_of_an_organisation(client, me):
    organisation = make_organisation("Pas la mienne")

    response = client.post(
        "/fr/staff/mon-profil/", profile_data(me, organisations=[organisation.pk])
    )

    assert response.status_code == 302
    assert not me.organisations.exists()


def test_a_wrong_phone_number_is_explained_in_the_form(client, me):
    response = client.post("/fr/staff/mon-profil/", profile_data(me, phone="appelez-moi"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Écrivez un numéro de téléphone" in html
    me.refresh_from_db()
    assert me.phone == ""


@pytest.mark.parametrize(
    "action, visible",
    [("withdraw", False), ("hide", False), ("delete", False)],
)
def test_a_worker_withdraws_consent_hides_or_asks_for_deletion(client, me, action, visible):
    response = client.post("/fr/staff/mon-profil/confidentialite/", {"action": action})

    assert response.status_code == 302
    me.refresh_from_db()
    assert me.is_visible_to_colleagues is visible
    assert me not in Worker.objects.visible_to_colleagues()


def test_a_worker_gives_consent_then_shows_a_hidden_profile_again(client, me):
    me.withdraw_consent()
    me.set_hidden(True)
    me.request_deletion()

    for action in ("consent", "show", "keep"):
        client.post("/fr/staff/mon-profil/confidentialite/", {"action": action})

    me.refresh_from_db()
    assert me.is_visible_to_colleagues


def test_privacy_changes_need_a_post(client, me):
    assert client.get("/fr/staff/mon-profil/confidentialite/?action=hide").status_code == 405
    assert client.post("/fr/staff/mon-profil/confidentialite/", {"action": "x"}).status_code == 404


def test_a_coordinator_without_a_profile_creates_one(client, admin_user, reference):
    client.force_login(admin_user)
    assert client.get("/fr/staff/mon-profil/").status_code == 200

    client.post("/fr/staff/mon-profil/", profile_data(name="Coordinatrice"))

    assert Worker.objects.get(user=admin_user).name == "Coordinatrice"


def test_staff_pages_speak_dutch_and_english(client, me, awa):
    assert "Mijn profiel" in client.get("/nl/staff/mon-profil/").content.decode()
    assert "My profile" in client.get("/en/staff/mon-profil/").content.decode()


def test_my_profile_reads_no_boundary_and_costs_the_same_queries_whatever_it_holds(client, me):
    from directory.models import Commune, Language, Quartier

    # Communes with their polygons, as after import_boundaries: the page must not read them.
    square = {
        "type": "Polygon",
        "coordinates": [[[4.3, 50.8], [4.4, 50.8], [4.4, 50.9], [4.3, 50.8]]],
    }
    for commune in Commune.objects.all():
        commune.set_boundary(square)
        commune.save()

    def visit():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/fr/staff/mon-profil/").status_code == 200
        assert not [q for q in queries if '"directory_commune"."boundary' in q["sql"]]
        return len(queries)

    empty = visit()
    me.quartiers.set(Quartier.objects.all()[:12])
    me.languages.set(Language.objects.all()[:6])
    me.organisations.set([make_organisation(f"Asbl {n}") for n in range(4)])

    assert visit() == empty <= 13
