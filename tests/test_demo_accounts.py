"""`make run` prints a demo worker's and a demo coordinator's logins, on a developer's
machine only: never without DEBUG, never with PRODUCTION=true."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from directory.demo.data import WORKERS
from directory.demo.loader import remove_demo
from directory.models import Worker

pytestmark = pytest.mark.django_db

ACCOUNTS = WORKERS["accounts"]
USERNAMES = [ACCOUNTS["worker"]["username"], ACCOUNTS["coordinator"]["username"]]


def demo_accounts():
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    return out.getvalue()


@pytest.fixture
def development(settings):
    settings.DEBUG, settings.PRODUCTION = True, False


def log_in(client, account):
    return client.post(
        "/fr/staff/login/", {"username": account["username"], "password": account["password"]}
    )


@pytest.mark.parametrize("debug, production", [(True, True), (False, True), (False, False)])
def test_no_demo_account_outside_development(settings, demo, debug, production):
    settings.DEBUG, settings.PRODUCTION = debug, production

    with pytest.raises(CommandError, match="development only"):
        demo_accounts()

    assert not get_user_model().objects.filter(username__in=USERNAMES).exists()


def test_the_demo_worker_logs_in_and_finds_colleagues(client, development, demo):
    printed = demo_accounts()

    worker = ACCOUNTS["worker"]
    assert f"{worker['username']} / {worker['password']}" in printed
    assert log_in(client, worker)["Location"] == "/fr/staff/"
    html = client.get("/fr/staff/?function=assistante+sociale").content.decode()
    assert "(démo)" in html
    profile = Worker.objects.get(user__username=worker["username"])
    assert profile.is_demo and profile.is_visible_to_colleagues
    assert profile.organisations.get().is_demo


def test_the_demo_coordinator_has_a_scope_and_the_admin(client, development, demo):
    printed = demo_accounts()

    coordinator = ACCOUNTS["coordinator"]
    assert f"{coordinator['username']} / {coordinator['password']}" in printed
    assert "Molenbeek-Saint-Jean" in printed
    user = get_user_model().objects.get(username=coordinator["username"])
    assert user.is_staff and not user.is_superuser
    assert set(user.coordinator_scope.communes.values_list("slug", flat=True)) == set(
        coordinator["communes"]
    )
    log_in(client, coordinator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/fr/staff/fiches-a-verifier/").status_code == 200


def test_demo_accounts_are_made_again_not_twice_and_go_with_the_demo(development, demo):
    demo_accounts()
    demo_accounts()

    users = get_user_model().objects.filter(username__in=USERNAMES)
    assert users.count() == 2
    remove_demo()
    assert not users.exists()


def test_a_real_account_with_a_demo_name_is_left_alone(development, demo):
    real = get_user_model().objects.create_user(USERNAMES[1], password="un-vrai-mot-de-passe")

    with pytest.raises(CommandError, match="real account"):
        demo_accounts()

    real.refresh_from_db()
    assert real.check_password("un-vrai-mot-de-passe") and not real.is_staff
    assert not get_user_model().objects.filter(username=USERNAMES[0]).exists()
