"""Reference data in the admin: communes, quartiers, categories, audiences, languages,
other systems' taxonomies and the crosswalk from their terms to our categories."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..hsds.foreign_terms import crosswalked
from ..models import (
    Audience,
    Category,
    Commune,
    Crosswalk,
    ForeignTaxonomy,
    ForeignTerm,
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


@admin.register(ForeignTaxonomy)
class ForeignTaxonomyAdmin(admin.ModelAdmin):
    """Taxonomies that imports brought: read here, changed only by the next import."""

    list_display = ["name", "version", "uri"]
    search_fields = ["name"]
    readonly_fields = ["id", "name", "description", "uri", "version"]


@admin.register(ForeignTerm)
class ForeignTermAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "taxonomy", "mapped_to"]
    list_filter = ["taxonomy"]
    search_fields = ["name", "code"]
    readonly_fields = ["id", "taxonomy", "code", "name", "description", "parent_id", "language"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("taxonomy")

    def changelist_view(self, request, extra_context=None):
        self.crosswalk = Crosswalk.objects.lookup()
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("catégorie (correspondance)"))
    def mapped_to(self, term):
        return crosswalked(getattr(self, "crosswalk", {}), term, str(term.id)) or "—"


@admin.register(Crosswalk)
class CrosswalkAdmin(admin.ModelAdmin):
    """The crosswalk coordinators keep: a foreign term (by taxonomy and code) -> a category.

    Every later import gives the services with that term the category.
    """

    list_display = ["taxonomy", "code", "term_name", "category"]
    list_editable = ["category"]
    list_filter = ["taxonomy", "category"]
    search_fields = ["taxonomy", "code"]

    @admin.display(description=_("terme"))
    def term_name(self, row):
        term = ForeignTerm.objects.filter(taxonomy__name=row.taxonomy, code=row.code).first()
        return term.name if term else "—"
