from django.core.management.base import BaseCommand

from directory.hsds.export import export_csv, export_json
from directory.translation import CONTENT_LANGUAGES


class Command(BaseCommand):
    help = (
        "Writes the published services as HSDS 3.0: a JSON array of full services, or with "
        "--format csv the tabular data package (PATH is then a folder). Unpublished services "
        "and confidential addresses stay out."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--lang",
            choices=CONTENT_LANGUAGES,
            default="fr",
            help="language of the texts (HSDS holds one); default fr",
        )

    def handle(self, path, format, lang, **options):
        export = export_csv if format == "csv" else export_json
        count = export(path, lang=lang)
        self.stdout.write(f"{count} published services written to {path} ({format}, {lang})")
