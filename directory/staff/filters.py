"""The colleague directory's filters (django-filter), for logged-in workers only."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import ByNameFilter, QuartierFilter
from ..models import Commune, Language, Organisation, Quartier, Service, Worker


def organisations_with_visible_workers():
    members = Worker.organisations.through.objects.filter(
        worker__in=Worker.objects.visible_to_colleagues()
    )
    return Organisation.objects.filter(pk__in=members.values("organisation_id")).only(
        "pk", "slug", "name_fr", "name_nl", "name_en"
    )


class WorkerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Nom, fonction ou sujet"), method="filter_text", max_length=100
    )
    quartier = QuartierFilter(
        label=_("Quartier"),
        queryset=Quartier.objects.with_commune(),
        to_field_name="slug",
        method="filter_quartier",
    )
    commune = ByNameFilter(
        label=_("Commune"),
        queryset=Commune.objects.all(),
        to_field_name="slug",
        method="filter_commune",
    )
    organisation = ByNameFilter(
        label=_("Organisation"),
        queryset=organisations_with_visible_workers(),
        to_field_name="slug",
        method="filter_organisation",
    )
    function = django_filters.CharFilter(
        label=_("Fonction"),
        method="filter_function",
        max_length=100,
        widget=forms.TextInput(attrs={"list": "worker-functions", "autocomplete": "off"}),
    )
    language = ByNameFilter(
        label=_("Langue parlée"),
        queryset=Language.objects.all(),
        to_field_name="code",
        method="filter_language",
    )

    class Meta:
        model = Worker
        fields = []

    def filter_text(self, queryset, name, text):
        return queryset.matching(text.strip()) if text.strip() else queryset

    def filter_function(self, queryset, name, text):
        return queryset.with_function(text.strip()) if text.strip() else queryset

    def filter_quartier(self, queryset, name, quartier):
        return queryset.in_quartier(quartier)

    def filter_commune(self, queryset, name, commune):
        return queryset.in_commune(commune)

    def filter_organisation(self, queryset, name, organisation):
        return queryset.in_organisation(organisation)

    def filter_language(self, queryset, name, language):
        return queryset.speaking(language)


class StaleServiceFilter(django_filters.FilterSet):
    commune = ByNameFilter(
        label=_("Commune"),
        queryset=Commune.objects.all(),
        to_field_name="slug",
        method="filter_commune",
    )

    class Meta:
        model = Service
        fields = []

    def filter_commune(self, queryset, name, commune):
        return queryset.in_commune(commune)
