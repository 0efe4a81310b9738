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
from ..translation import CONTENT_LANGUAGES, INTERFACE_LANGUAGES

# The languages of the pages that listings are not written in: volunteers translate the
# names of needs, audiences and languages into them.
OTHER_LANGUAGES = [code for code in INTERFACE_LANGUAGES if code not in CONTENT_LANGUAGES]


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
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "slug",
                    "position",
                    languages("name"),
                    languages("description"),
                    languages("synonyms"),
                ]
            },
        ),
        (
            _("Dans les autres langues des pages"),
            {
                "classes": ["collapse"],
                "fields": [
                    (f"name_{code}", f"description_{code}", f"synonyms_{code}")
                    for code in OTHER_LANGUAGES
                ],
            },
        ),
    ]


@admin.register(Audience, Language)
class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "name_nl", "name_en"]
    fieldsets = [
        (None, {"fields": [languages("name")]}),
        (
            _("Dans les autres langues des pages"),
            {"classes": ["collapse"], "fields": [tuple(f"name_{c}" for c in OTHER_LANGUAGES)]},
        ),
    ]
