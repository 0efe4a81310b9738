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
