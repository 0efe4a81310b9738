from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Makes a demo worker and a demo coordinator with known passwords, and prints them. "
        "Development only: refused without DEBUG=true or with PRODUCTION=true."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site", default="http://127.0.0.1:8000", help="where `make run` serves the site"
        )

    def handle(self, *args, site, **options):
        from directory.demo.accounts import create_demo_accounts

        try:
            accounts = create_demo_accounts()
        except RuntimeError as exc:  # not in development, no demo data, a real account
            raise CommandError(str(exc)) from exc
        self.stdout.write("Demo accounts (development only, never with PRODUCTION=true):")
        for role, username, password, path, scope in accounts:
            scope = f" (scope: {scope})" if scope else ""
            self.stdout.write(f"  {role}: {username} / {password}  ->  {site}{path}{scope}")
