from django.core.management.base import BaseCommand

from directory.catalogues import all_statuses


class Command(BaseCommand):
    help = (
        "How complete each interface language is (strings translated and not fuzzy, of "
        "those in the Dutch and English catalogues) and whether a second reader has "
        "reviewed it, as a Markdown table for the README."
    )

    def handle(self, **options):
        self.stdout.write(
            "| code | language | translated | complete | to check (fuzzy) | second reading |"
        )
        self.stdout.write("|---|---|---|---|---|---|")
        for s in all_statuses():
            reading = s.second_reading or ("not yet" if s.exists else "no catalogue yet")
            self.stdout.write(
                f"| {s.code} | {s.name} | {s.translated} / {s.total} | {s.percent}% "
                f"| {s.fuzzy} | {reading} |"
            )
