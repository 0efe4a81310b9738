"""What residents search, week by week (search/counts.py), and a word they use made a
category's synonym in two clicks.

Read-only: rows come from searches and go with the retention. Coordinators see their
communes' searches and those about no place (roles.search_counts_in_scope); a row they
may see they may add as a synonym, which search finds at once (Category.add_synonym).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import roles
from ..models import Category, SearchCount, Service
from ..models.search_counts import FEW_RESULTS, RESULTS_CAP
from ..search import counts
from ..search.engine import search
from ..translation import CONTENT_LANGUAGES
from .scopes import announce_scope

PERMISSION = "directory.add_synonym_searchcount"
LANGUAGES = [
    ("fr", gettext_lazy("français")),
    ("nl", gettext_lazy("néerlandais")),
    ("en", gettext_lazy("anglais")),
]


class WeekFilter(admin.SimpleListFilter):
    title = gettext_lazy("semaine")
    parameter_name = "week"

    def lookups(self, request, model_admin):
        weeks = model_admin.get_queryset(request).order_by("-week").values_list("week", flat=True)
        return [
            (week.isoformat(), _("du %(day)s") % {"day": formats.date_format(week)})
            for week in weeks.distinct()
        ]

    def queryset(self, request, queryset):
        return queryset.filter(week=self.value()) if self.value() else queryset


class ResultsFilter(admin.SimpleListFilter):
    title = gettext_lazy("résultats")
    parameter_name = "results"

    def lookups(self, request, model_admin):
        return [
            ("none", _("aucun résultat")),
            ("few", _("peu de résultats (1 à %(few)s)") % {"few": FEW_RESULTS}),
            ("more", _("plus de %(few)s résultats") % {"few": FEW_RESULTS}),
        ]

    def queryset(self, request, queryset):
        chosen = {
            "none": {"results": 0},
            "few": {"results__range": (1, FEW_RESULTS)},
            "more": {"results__gt": FEW_RESULTS},
        }.get(self.value())
        return queryset.filter(**chosen) if chosen else queryset


@admin.register(SearchCount)
class SearchCountAdmin(admin.ModelAdmin):
    list_filter = [
        WeekFilter,
        ResultsFilter,
        ("commune", admin.RelatedOnlyFieldListFilter),
        ("quartier", admin.RelatedOnlyFieldListFilter),
        "language",
        "kind",
    ]
    search_fields = ["text"]
    ordering = ["-searches", "-week", "text"]
    list_select_related = ["commune", "quartier"]
    list_per_page = 100

    def get_queryset(self, request):
        rows = counts.kept(super().get_queryset(request))
        return roles.search_counts_in_scope(request.user, rows)

    def get_list_display(self, request):
        """The columns, with the categories' names read once per page."""
        names = {category.slug: category.name for category in Category.objects.all()}
        may_add = request.user.has_perm(PERMISSION)

        @admin.display(description=_("catégories nommées"))
        def categories(row):
            return ", ".join(names.get(slug, slug) for slug in row.category_slugs)

        @admin.display(description=_("synonyme"))
        def synonym(row):
            if not (may_add and row.kind == SearchCount.Kind.TEXT and row.text):
                return ""
            url = reverse("admin:directory_searchcount_synonym", args=[row.pk])
            return format_html('<a href="{}">{}</a>', url, _("Ajouter comme synonyme"))

        return [
            "week",
            "searched",
            "language",
            "commune",
            "quartier",
            "results_shown",
            categories,
            "searches",
            synonym,
        ]

    @admin.display(description=gettext_lazy("recherche"), ordering="text")
    def searched(self, row):
        return row.text or format_html("<em>{}</em>", row.get_kind_display())

    @admin.display(description=gettext_lazy("résultats"), ordering="results")
    def results_shown(self, row):
        return f"{RESULTS_CAP}+" if row.results >= RESULTS_CAP else row.results

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and not request.user.is_superuser:
            announce_scope(request)
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False  # rows come from residents' searches

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # rows go with the retention (SEARCH_COUNTS_WEEKS)

    def get_urls(self):
        page = self.admin_site.admin_view(self.synonym_view)
        return [
            path("<int:pk>/synonyme/", page, name="directory_searchcount_synonym"),
            *super().get_urls(),
        ]

    def synonym_view(self, request, pk):
        """A search's text added to a category's synonyms, in the language chosen."""
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        row = self.get_queryset(request).filter(pk=pk).first()
        if row is None:
            if SearchCount.objects.filter(pk=pk).exists():
                raise PermissionDenied(_("Cette recherche est hors de votre périmètre."))
            raise Http404
        if row.kind != SearchCount.Kind.TEXT or not row.text:
            raise Http404
        named = row.category_slugs
        form = SynonymForm(
            request.POST or None,
            initial={
                "text": row.text,
                "language": row.language if row.language in CONTENT_LANGUAGES else "fr",
                "category": Category.objects.filter(slug__in=named).first(),
            },
        )
        if request.method == "POST" and form.is_valid():
            return self._add(request, **form.cleaned_data)
        return TemplateResponse(
            request,
            "admin/directory/searchcount/synonym.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Ajouter « %(text)s » comme synonyme") % {"text": row.text},
                "row": row,
                "form": form,
            },
        )

    def _add(self, request, category, language, text):
        values = {"text": text, "category": category.name, "language": language.upper()}
        if category.add_synonym(language, text):
            found = search(Service.objects.public(), text).services.count()
            messages.success(
                request,
                _(
                    "« %(text)s » est un synonyme (%(language)s) de « %(category)s » : "
                    "cette recherche trouve maintenant %(count)s service(s)."
                )
                % (values | {"count": found}),
            )
        else:
            messages.info(
                request,
                _("« %(text)s » est déjà un synonyme (%(language)s) de « %(category)s ».") % values,
            )
        return redirect("admin:directory_searchcount_changelist")


class SynonymForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Synonyme"),
        max_length=SearchCount._meta.get_field("text").max_length,
        help_text=gettext_lazy("Tel que les habitants l'écrivent ; vous pouvez le raccourcir."),
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Catégorie"), queryset=Category.objects.all()
    )
    language = forms.ChoiceField(label=gettext_lazy("Langue du synonyme"), choices=LANGUAGES)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        kept = counts.kept_text(text)
        if kept is None or kept[0] != SearchCount.Kind.TEXT:
            raise forms.ValidationError(_("Écrivez des mots, sans chiffre, adresse ni e-mail."))
        return text
