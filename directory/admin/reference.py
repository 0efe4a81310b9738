"""Reference data in the admin: communes, quartiers, categories, audiences, languages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import (
    Audience,
    Category,
    Commune,
    Language,
    Quartier,
)


def languages(name):
    """The FR, NL and EN columns of a translated field, side by side in one row."""
    return (f"{name}_fr", f"{name}_nl", f"{name}_en")


@admin.register(Commune)
class CommuneAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "name_nl", "nis_code", "has_boundary"]
    search_fields = ["name_fr", "name_nl", "nis_code"]
    readonly_fields = ["slug"]
    fields = [languages("name"), "nis_code", "postcodes", ("latitude", "longitude"), "slug"]

    @admin.display(boolean=True, description=_("limites importées"))
    def has_boundary(self, area):
        return area.has_boundary


@admin.register(Quartier)
class QuartierAdmin(CommuneAdmin):
    list_display = ["name_fr", "name_nl", "code", "commune", "has_boundary"]
    list_filter = ["commune"]
    search_fields = ["name_fr", "name_nl", "code"]
    fields = [languages("name"), "code", "commune", ("latitude", "longitude"), "slug"]


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "name_nl", "name_en", "slug", "position"]
    list_editable = ["position"]
    fields = [
        "slug",
        "position",
        languages("name"),
        languages("description"),
        languages("synonyms"),
    ]


@admin.register(Audience, Language)
class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "name_nl", "name_en"]
