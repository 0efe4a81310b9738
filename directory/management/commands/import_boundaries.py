from django.core.management.base import BaseCommand, CommandError

from directory.boundaries import BoundaryError, import_boundaries


class Command(BaseCommand):
    help = (
        "Loads official boundaries (GeoJSON, WGS84) onto the communes or quartiers, "
        "then sets every location's commune and quartier from its coordinates."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["communes", "quartiers"])
        parser.add_argument("path")

    def handle(self, kind, path, **options):
        try:
            areas, locations = import_boundaries(kind, path)
        except BoundaryError as exc:
            raise CommandError(f"{exc}. Nothing was imported.") from exc
        self.stdout.write(f"{areas} {kind} updated, {locations} locations relocated")
