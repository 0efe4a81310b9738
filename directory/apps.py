from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Annuaire")

    def ready(self):
        from . import checks, kept_rows, page_cache, signals  # noqa: F401

        page_cache.connect_signals()
        kept_rows.pickled_by_class(self.get_models())
