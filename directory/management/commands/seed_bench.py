from django.core.management.base import BaseCommand, CommandError

from directory.bench_data import seed_services


class Command(BaseCommand):
    help = "Adds N generated services (all communes, every category, FR/NL) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, services, seed, **options):
        if services < 1:
            raise CommandError("--services must be at least 1")
        try:
            total = seed_services(services, seed)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{services} services added, {total} in all")
