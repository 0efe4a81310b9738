"""System checks for settings that each parse but cannot work together (`manage.py check`)."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from .phones import parse


@register()
def settings_that_cannot_work(app_configs, **kwargs):
    problems = []
    if getattr(settings, "PRODUCTION", False) and settings.DEBUG:
        problems.append(
            Error(
                "PRODUCTION=true with DEBUG=true would show tracebacks to anyone.",
                hint="Unset DEBUG in production.",
                id="quartier.E001",
            )
        )
    engine = settings.DATABASES["default"]["ENGINE"]
    if "replica" in settings.DATABASES and "postgresql" not in engine:
        problems.append(
            Error(
                "DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL to replicate.",
                id="quartier.E002",
            )
        )
    if settings.HELPLINE_NUMBER and parse(settings.HELPLINE_NUMBER) is None:
        problems.append(
            Error(
                f"HELPLINE_NUMBER={settings.HELPLINE_NUMBER!r} is not a number anyone can call.",
                hint="Write it as on a poster, for example 0800 35 243, or leave it empty.",
                id="quartier.E003",
            )
        )
    if settings.EMAIL_USE_TLS and settings.EMAIL_USE_SSL:
        problems.append(
            Error(
                "EMAIL_USE_TLS and EMAIL_USE_SSL are both true: a mail server speaks one.",
                hint="STARTTLS (usually port 587): EMAIL_USE_TLS; TLS from the start "
                "(usually port 465): EMAIL_USE_SSL.",
                id="quartier.E004",
            )
        )
    cache = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS and "redis" not in cache.lower():
        problems.append(
            Warning(
                "PAGE_CACHE_SECONDS is set without REDIS_URL: each worker would keep its own "
                "pages, and an edit would not show on the others for that long.",
                hint="Set REDIS_URL, or PAGE_CACHE_SECONDS=0.",
                id="quartier.W001",
            )
        )
    return problems
