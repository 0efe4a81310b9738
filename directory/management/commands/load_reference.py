from django.core.management.base import BaseCommand

from directory.reference import load_reference


class Command(BaseCommand):
    help = (
        "Loads the 19 communes, the quartiers, the taxonomy and the coordinators' group "
        "(safe to run again)."
    )

    def handle(self, *args, **options):
        counts = load_reference()
        self.stdout.write(", ".join(f"{n} {kind}" for kind, n in counts.items()))
