"""Coordinators' scopes in the admin: lists show what they may edit, the rest is refused.

The rules are in roles.py; here they are applied to the admin's lists, forms and
object pages. A row outside the scope answers 403 with the reason, rather than the
admin's "does not exist" (which would be untrue) or a silent redirect.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .. import derived, roles
from ..models import CoordinatorScope


class ScopedAdmin:
    """For a ModelAdmin whose rows a coordinator may edit only within their scope.

    `scope` is one of the `*_in_scope(user, queryset)` functions of roles.py.
    """

    scope = None  # a staticmethod: roles.services_in_scope and the like
    out_of_scope_message = gettext_lazy(
        "Cette fiche est hors de votre périmètre de coordination: vous ne pouvez ni la voir "
        "ni la modifier ici. Demandez à un administrateur d'élargir votre périmètre."
    )

    def get_queryset(self, request):
        return self.scope(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not request.user.is_superuser:
            field = (
                self.model._meta.pk
                if from_field is None
                else self.model._meta.get_field(from_field)
            )
            try:
                exists = self.model._default_manager.filter(
                    **{field.name: field.to_python(object_id)}
                ).exists()
            except (ValidationError, ValueError):
                exists = False
            if exists:
                raise PermissionDenied(self.out_of_scope_message)
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The derived data of what was saved (derived.py), before the admin's transaction
        # commits: another form checked against the service's version then sees this one.
        derived.flush(router.db_for_write(self.model))

    def history_view(self, request, object_id, extra_context=None):
        # simple_history finds the object on its own: look first, to refuse with the reason.
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def in_scope(self, request, obj):
        """Whether the user may edit `obj`, asked of the database once per request."""
        if obj is None or request.user.is_superuser:
            return True
        cache = request.__dict__.setdefault("_scope_cache", {})
        key = (obj._meta.label, obj.pk)
        if key not in cache:
            rows = self.model._default_manager.filter(pk=obj.pk)
            cache[key] = self.scope(request.user, rows).exists()
        return cache[key]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def get_inline_instances(self, request, obj=None):
        # Every inline (ours and any added later) edits a part of `obj`.
        if not self.in_scope(request, obj):
            return []
        return super().get_inline_instances(request, obj)

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and not request.user.is_superuser:
            announce_scope(request)
        return super().changelist_view(request, extra_context)


def announce_scope(request):
    """Says on a list which part of the directory it shows, or that it shows nothing."""
    communes, organisations = roles.describe_scope(request.user)
    names = [str(area) for area in communes] + [str(org) for org in organisations]
    if names:
        messages.info(
            request, _("Votre périmètre de coordination: %(names)s.") % {"names": ", ".join(names)}
        )
    else:
        messages.warning(
            request,
            _(
                "Aucun périmètre de coordination ne vous est attribué: vous ne pouvez modifier "
                "aucune fiche. Demandez à un administrateur de vous en donner un."
            ),
        )


class SuperuserOnly:
    """Scopes are given by superusers; coordinators cannot widen their own."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(CoordinatorScope)
class CoordinatorScopeAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["user", "commune_names", "organisation_names"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    autocomplete_fields = ["user", "organisations"]
    filter_horizontal = ["communes"]
    fields = ["user", "communes", "organisations"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("communes", "organisations")

    @admin.display(description=gettext_lazy("communes"))
    def commune_names(self, scope):
        return ", ".join(str(commune) for commune in scope.communes.all())

    @admin.display(description=gettext_lazy("organisations"))
    def organisation_names(self, scope):
        return ", ".join(str(organisation) for organisation in scope.organisations.all())
