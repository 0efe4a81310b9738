"""Residents' reports of wrong listings (directory/reports.py): the moderation queue."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import roles
from ..locking import VersionedForm
from ..models import Report
from .scopes import ScopedAdmin


class ReportForm(VersionedForm):
    """Only the status is edited, and every change of status sets `handled_at`."""

    version_field = "handled_at"


@admin.register(Report)
class ReportAdmin(ScopedAdmin, admin.ModelAdmin):
    scope = staticmethod(roles.parts_in_scope)
    form = ReportForm
    list_display = ["created", "service", "reason", "message", "status"]
    list_filter = ["status", "reason"]
    list_select_related = ["service"]
    search_fields = ["service__name_fr", "service__name_nl", "message"]
    date_hierarchy = "created"
    readonly_fields = ["service_link", "reason", "message", "created", "handled_at", "handled_by"]
    fields = [
        "service_link",
        "reason",
        "message",
        "created",
        "status",
        "handled_at",
        "handled_by",
        "version",
    ]
    actions = ["mark_fixed", "dismiss"]

    def has_add_permission(self, request):
        return False  # reports come from residents, through the service page

    @admin.display(description=_("service"))
    def service_link(self, report):
        url = reverse("admin:directory_service_change", args=[report.service_id])
        return format_html('<a href="{}">{}</a>', url, report.service)

    def save_model(self, request, report, form, change):
        if "status" in form.changed_data:
            report.handled_by, report.handled_at = request.user, timezone.now()
        super().save_model(request, report, form, change)

    def _handle(self, request, queryset, status):
        count = queryset.update(status=status, handled_by=request.user, handled_at=timezone.now())
        self.message_user(request, _("%(count)d signalement(s) traité(s).") % {"count": count})

    @admin.action(description=_("Marquer comme corrigés"), permissions=["change"])
    def mark_fixed(self, request, queryset):
        self._handle(request, queryset, Report.Status.FIXED)

    @admin.action(description=_("Écarter"), permissions=["change"])
    def dismiss(self, request, queryset):
        self._handle(request, queryset, Report.Status.DISMISSED)
