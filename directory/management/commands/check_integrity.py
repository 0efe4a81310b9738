from django.core.management.base import BaseCommand, CommandError

from directory.hsds.files import FileError
from directory.hsds.integrity import check_integrity
from directory.translation import CONTENT_LANGUAGES


class Command(BaseCommand):
    help = (
        "Checks the database against its HSDS export: every published service there with "
        "the same id, name, organisation, locations, phones and categories, nothing else, "
        "no confidential address, no row pointing to nothing. Exits 1 on any discrepancy."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            help="an export written earlier (JSON, or the CSV data package); default: a fresh one",
        )
        parser.add_argument(
            "--lang",
            choices=CONTENT_LANGUAGES,
            default="fr",
            help="the export's language (names are compared in it); default fr",
        )

    def handle(self, file, lang, **options):
        try:
            report = check_integrity(file, lang)
        except FileError as exc:
            raise CommandError(str(exc)) from exc
        for problem in report.problems:
            self.stdout.write(problem)
        source = file or "a fresh export"
        count = len(report.problems)
        found = f"{count} discrepanc{'y' if count == 1 else 'ies'}"
        self.stdout.write(
            f"{report.services} published services in the database, {report.exported} in "
            f"{source} ({lang}): {found}."
        )
        if report.problems:
            raise CommandError(f"{found}: see the lines above.")
