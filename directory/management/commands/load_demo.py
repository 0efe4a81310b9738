from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Replaces the fictional demo organisations and services (safe to run again)."

    def handle(self, *args, **options):
        try:
            # Imported here: importing it reads fixtures/demo/, and a malformed file must end
            # in one line naming the file and the key (DemoDataError), not in a traceback.
            from directory.demo.loader import load_demo

            counts = load_demo()
        except RuntimeError as exc:  # a malformed demo file, or no reference data
            raise CommandError(str(exc)) from exc
        self.stdout.write(", ".join(f"{n} {kind}" for kind, n in counts.items()))
