from django.conf import settings
from django.core.management.base import BaseCommand

from directory.search.counts import first_week_kept, purge


class Command(BaseCommand):
    help = (
        "Deletes the counts of residents' searches older than SEARCH_COUNTS_WEEKS weeks "
        "(run it daily from cron; the app also does it at the first count of each day)."
    )

    def handle(self, *args, **options):
        deleted = purge()
        if options["verbosity"]:
            self.stdout.write(
                f"{deleted} row(s) deleted; kept: the weeks since {first_week_kept()} "
                f"(SEARCH_COUNTS_WEEKS={settings.SEARCH_COUNTS_WEEKS})"
            )
