"""The demo accounts of a developer's machine: a social worker and a coordinator with
known passwords (fixtures/demo/workers.yaml, `accounts`), printed by `make run`.

Only in development: never without DEBUG, never with PRODUCTION=true, whoever calls. Their
profiles are demo profiles (`is_demo`), so removing the demo (or loading it again)
removes the accounts too; `manage.py demo_accounts` makes them again.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from ..models import Commune, CoordinatorScope, Language, Organisation, Quartier, Worker
from ..roles import COORDINATORS
from .colleagues import DEMO_MARK
from .data import WORKERS


class NotForProduction(RuntimeError):
    """Demo accounts were asked for outside development."""


def in_development():
    return settings.DEBUG and not getattr(settings, "PRODUCTION", False)


def _social_service(commune):
    """The demo CPAS of the commune: the demo organisation with social help there that
    load_demo made first (CPAS come first in organisations.yaml)."""
    organisation = (
        Organisation.objects.filter(
            is_demo=True,
            services__locations__commune=commune,
            services__categories__slug="aide-sociale",
        )
        .order_by("pk")
        .first()
    )
    if organisation is None:
        raise RuntimeError("Run `manage.py load_demo` first.")
    return organisation


def _account(row, **flags):
    """The account and its demo profile, made or set back to what workers.yaml says."""
    User = get_user_model()
    user = User.objects.filter(username=row["username"]).first()
    if user is not None and not Worker.objects.filter(user=user, is_demo=True).exists():
        raise RuntimeError(f"{row['username']} is a real account: it is left alone.")
    user = user or User(username=row["username"])
    for name, value in flags.items():
        setattr(user, name, value)
    user.set_password(row["password"])
    user.save()
    commune = Commune.objects.get(slug=row["commune"])
    organisation = _social_service(commune)
    worker, _ = Worker.objects.update_or_create(
        user=user,
        defaults={
            "name": row["name"] + DEMO_MARK,
            "function": row["function"],
            "is_demo": True,
            "consent_given_at": timezone.now(),
            "hidden": False,
            "deletion_requested_at": None,
            "email": f"{row['username']}@{organisation.email.rpartition('@')[2]}",
        },
    )
    worker.organisations.set([organisation])
    quartiers = Quartier.objects.filter(
        commune=commune, locations__service__organisation=organisation
    ).distinct()
    worker.quartiers.set(quartiers[:3] or Quartier.objects.filter(commune=commune)[:2])
    worker.languages.set(Language.objects.filter(code__in=row["languages"]))
    return user


@transaction.atomic
def create_demo_accounts():
    """Makes the demo worker and coordinator accounts; returns [(role, username, password,
    where to go, scope)]. NotForProduction outside development, with nothing written."""
    if not in_development():
        raise NotForProduction(
            "Demo accounts are for development only (DEBUG=true, PRODUCTION not set): "
            "none was created."
        )
    rows = WORKERS["accounts"]
    _account(rows["worker"], is_staff=False)
    coordinator = _account(rows["coordinator"], is_staff=True)
    coordinator.groups.set([Group.objects.get(name=COORDINATORS)])
    scope, _ = CoordinatorScope.objects.get_or_create(user=coordinator)
    scope.communes.set(Commune.objects.filter(slug__in=rows["coordinator"]["communes"]))
    communes = ", ".join(scope.communes.order_by("name_fr").values_list("name_fr", flat=True))
    return [
        ("worker", rows["worker"]["username"], rows["worker"]["password"], "/fr/staff/", ""),
        (
            "coordinator",
            rows["coordinator"]["username"],
            rows["coordinator"]["password"],
            "/admin/",
            communes,
        ),
    ]
