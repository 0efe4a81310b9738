"""Social workers and their accounts, in one line per test."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from directory.models import Language, Quartier, Worker

PASSWORD = "un-mot-de-passe-de-test"  # noqa: S105


def make_worker(
    name="Awa Diallo",
    function="assistante sociale",
    organisations=(),
    quartiers=(),
    languages=(),
    consent=True,
    username=None,
    **fields,
):
    """A worker with a login; `quartiers` are quartier slugs, `languages` ISO codes."""
    user = get_user_model().objects.create_user(
        username=username or name.lower().replace(" ", "."), password=PASSWORD
    )
    worker = Worker.objects.create(
        user=user,
        name=name,
        function=function,
        consent_given_at=timezone.now() if consent else None,
        **fields,
    )
    worker.organisations.set(organisations)
    worker.quartiers.set(Quartier.objects.filter(slug__in=quartiers))
    worker.languages.set(Language.objects.filter(code__in=languages))
    return worker


def make_coordinator(username="coordinatrice", communes=(), organisations=()):
    """A staff account in the coordinators' group, scoped to communes (slugs) and organisations."""
    from django.contrib.auth.models import Group

    from directory.models import Commune, CoordinatorScope
    from directory.roles import COORDINATORS, create_coordinator_group

    create_coordinator_group()
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    scope = CoordinatorScope.objects.create(user=user)
    scope.communes.set(Commune.objects.filter(slug__in=communes))
    scope.organisations.set(organisations)
    return user
