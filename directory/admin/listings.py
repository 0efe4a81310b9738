"""The coordinators' workspace: every listing editable, every change recorded.

Organisations, services and their phones; their places and hours are in places.py."""

from functools import partial

from django import forms
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import roles
from ..locking import VersionedForm
from ..models import CoordinatorScope, CostOption, Organisation, Phone, RequiredDocument, Service
from ..phones import validate_phone
from .crisis import TemporaryStatusInline
from .imports import import_page, may_import
from .places import LocationInline
from .reference import languages
from .scopes import ScopedAdmin


class PhoneForm(forms.ModelForm):
    def clean_number(self):
        # Only a number typed now is checked: an old one nobody touched never blocks a save.
        number = self.cleaned_data["number"]
        if "number" in self.changed_data:
            validate_phone(number)
        return number


class PhoneInline(admin.TabularInline):
    model = Phone
    form = PhoneForm
    extra = 0


class CostOptionInline(admin.TabularInline):
    """Prices: a service is listed as free by its "gratuit" box, not by these."""

    model = CostOption
    fields = ["option", "amount", "currency", "amount_description", "valid_from", "valid_to"]
    extra = 0


class RequiredDocumentInline(admin.TabularInline):
    """What to bring, shown on the service page."""

    model = RequiredDocument
    fields = ["document", "uri"]
    extra = 0


class ServiceForm(VersionedForm):
    """The admin builds the fields; the base class refuses to overwrite a newer version."""


@admin.register(Service)
class ServiceAdmin(ScopedAdmin, SimpleHistoryAdmin):
    scope = staticmethod(roles.services_in_scope)
    form = ServiceForm
    list_display = ["name_fr", "organisation", "communes", "last_verified", "is_active"]
    list_filter = [
        "categories",
        "locations__commune",
        "locations__quartier",
        "is_active",
        "free",
        "walk_in",
        "residents_only",
        "remote_only",
        "organisation__is_demo",
    ]
    search_fields = ["name_fr", "name_nl", "name_en", "organisation__name_fr", "slug"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["categories", "audiences", "languages"]
    readonly_fields = ["slug", "created", "modified"]
    date_hierarchy = "last_verified"
    inlines = [
        LocationInline,
        PhoneInline,
        CostOptionInline,
        RequiredDocumentInline,
        TemporaryStatusInline,
    ]
    fieldsets = [
        (None, {"fields": ["organisation", languages("name"), "slug", "is_active"]}),
        (_("Description"), {"fields": [languages("description"), languages("how_to_access")]}),
        (
            _("Classement"),
            {
                "fields": [
                    "categories",
                    "audiences",
                    ("minimum_age", "maximum_age"),
                    "languages",
                    "area_served",
                    "residents_only",
                ]
            },
        ),
        (
            _("Accès"),
            {"fields": [("free", "walk_in", "by_appointment", "remote_only"), languages("fees")]},
        ),
        (_("Contact"), {"fields": ["email", "website"]}),
        (_("Suivi"), {"fields": ["last_verified", ("created", "modified"), "version"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation")
            .prefetch_related("locations__commune")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = roles.organisations_in_scope(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_import": may_import(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        """The HSDS import page (directory/admin/imports.py), linked from the list."""
        page = self.admin_site.admin_view(partial(import_page, self))
        return [path("import/", page, name="directory_service_import"), *super().get_urls()]

    @admin.display(description=_("communes"))
    def communes(self, service):
        names = {loc.commune.name for loc in service.locations.all() if loc.commune}
        return ", ".join(sorted(names))


class OrganisationForm(VersionedForm):
    """The admin builds the fields; the base class refuses to overwrite a newer version."""


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin, SimpleHistoryAdmin):
    scope = staticmethod(roles.organisations_in_scope)
    form = OrganisationForm
    list_display = ["name_fr", "name_nl", "is_demo", "modified"]
    list_filter = ["is_demo", "services__locations__commune", "services__categories"]
    search_fields = ["name_fr", "name_nl", "name_en"]
    readonly_fields = ["slug"]
    fields = [
        languages("name"),
        "slug",
        languages("description"),
        "email",
        "website",
        "is_demo",
        "version",
    ]

    def get_queryset(self, request):
        match = request.resolver_match
        picking = match and match.url_name == "autocomplete"
        if picking and request.GET.get("model_name") not in ("service", "invitation"):
            # Naming a partner or a worker's employer is not editing it: all are offered.
            # A service, or an invitation to join, is for an organisation in the scope.
            return super(ScopedAdmin, self).get_queryset(request)
        return super().get_queryset(request)

    def save_model(self, request, organisation, form, change):
        super().save_model(request, organisation, form, change)
        if not change and not request.user.is_superuser:
            # A coordinator keeps the organisations they add within their scope.
            scope, _created = CoordinatorScope.objects.get_or_create(user=request.user)
            scope.organisations.add(organisation)
