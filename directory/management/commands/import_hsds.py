from django.core.management.base import BaseCommand, CommandError

from directory.hsds.files import DEFAULT_MAX_SIZE, MB
from directory.hsds.foreign_terms import UNKNOWN_TAXONOMY
from directory.hsds.importer import ImportFailed, import_hsds, preview_import
from directory.translation import CONTENT_LANGUAGES


class Command(BaseCommand):
    help = (
        "Imports HSDS 3.0 services (a JSON file, or a CSV data package: its folder, its "
        "datapackage.json or a zip). Upserts by id; all or nothing; importing the same file "
        "again changes nothing. A field or list a record leaves out is kept; a list it gives "
        "replaces the service's, and what that removes is listed (try --dry-run first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--lang",
            choices=CONTENT_LANGUAGES,
            default="fr",
            help="language of the file's texts: they go to these columns; default fr",
        )
        parser.add_argument(
            "--unknown-taxonomy",
            choices=UNKNOWN_TAXONOMY,
            default="keep",
            help="a taxonomy term that is none of our categories and that the crosswalk does "
            "not map: keep it as another classification (default), skip it, or refuse the file",
        )
        parser.add_argument(
            "--strict-taxonomy",
            action="store_true",
            help="refuse the file if a term is none of our categories (--unknown-taxonomy error)",
        )
        parser.add_argument(
            "--crosswalk",
            help="a CSV file (taxonomy,code,category) mapping foreign terms to our category "
            "slugs; saved with the import, and used by later imports",
        )
        parser.add_argument(
            "--max-size",
            type=int,
            default=DEFAULT_MAX_SIZE // MB,
            help=f"refuse files over this many MB ({DEFAULT_MAX_SIZE // MB})",
        )
        parser.add_argument(
            "--progress", type=int, default=10_000, help="print a line every N services"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, path, lang, unknown_taxonomy, max_size, progress, dry_run, **options):
        run = preview_import if dry_run else import_hsds
        if options["strict_taxonomy"]:
            unknown_taxonomy = "error"
        try:
            report = run(
                path,
                lang=lang,
                unknown_taxonomy=unknown_taxonomy,
                crosswalk=options["crosswalk"],
                max_size=max_size * MB,
                progress=self.stdout.write,
                progress_every=max(progress, 1),
            )
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        shown = report.warnings[:20]
        for warning in shown:
            self.stderr.write(f"warning: {warning}")
        if report.warning_count > len(shown):
            self.stderr.write(f"... and {report.warning_count - len(shown)} more warnings.")
        if report.errors:
            raise CommandError(str(ImportFailed(report)))
        if report.crosswalk:
            self.stdout.write(f"Crosswalk: {report.crosswalk} mappings saved.")
        self.stdout.write(report.summary())
        if report.count("removals"):
            verb = "Would remove" if dry_run else "Removed"
            self.stdout.write(f"{verb}:")
            for line in report.removal_lines():
                self.stdout.write(f"  {line}")
