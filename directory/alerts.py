"""The crisis alerts a page shows, from the day's alerts in force, read once per process
until the directory changes (memo.py): every public page shows the region-wide ones."""

from django.utils import timezone

from . import memo
from .models import GEOMETRY_FIELDS
from .models.crisis import Alert


def alerts_for(communes):
    """Alert.objects.for_communes(communes): the region-wide alerts in force today and
    those of any of `communes` (Commune objects), in the same order."""
    day = timezone.localdate()
    geometry = [f"commune__{field}" for field in GEOMETRY_FIELDS]
    in_force = memo.remembered(
        f"alerts-in-force-{day}",
        lambda: list(Alert.objects.in_force(day).select_related("commune").defer(*geometry)),
        per_language=False,
    )
    ids = {commune.pk for commune in communes}
    return [alert for alert in in_force if alert.commune_id is None or alert.commune_id in ids]
