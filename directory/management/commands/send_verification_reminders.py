from django.conf import settings
from django.core.management.base import BaseCommand

from directory.staff.freshness import reminders, send_reminder


class Command(BaseCommand):
    help = (
        "E-mails each organisation with stale listings (not verified for --max-age days) "
        "a reminder, to its address and its workers'. With the console e-mail backend, "
        "the messages are printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=None, help="days (default: setting)")
        parser.add_argument("--dry-run", action="store_true", help="list, send nothing")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="the site's address, for the links in the messages (default: SITE_URL)",
        )

    def handle(self, *args, max_age, dry_run, base_url, **options):
        max_age = max_age or settings.STALE_AFTER_DAYS
        sent = unreachable = 0
        for reminder in reminders(max_age):
            name, count = reminder.organisation.name_fr, len(reminder.services)
            if not reminder.recipients:
                unreachable += 1
                self.stderr.write(f"{name}: {count} stale listing(s), but no e-mail address")
                continue
            if not dry_run:
                send_reminder(reminder, base_url)
            sent += 1
            self.stdout.write(
                f"{name}: {count} stale listing(s) -> {', '.join(reminder.recipients)}"
            )
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(
            f"{sent} reminder(s) {verb}, {unreachable} organisation(s) without an address "
            f"(listings older than {max_age} days)."
        )
