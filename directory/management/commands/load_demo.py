from django.core.management.base import BaseCommand, CommandError

from directory.demo import load_demo


class Command(BaseCommand):
    help = "Replaces the fictional demo organisations and services (safe to run again)."

    def handle(self, *args, **options):
        try:
            counts = load_demo()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(", ".join(f"{n} {kind}" for kind, n in counts.items()))
