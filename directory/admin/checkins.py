"""Crisis check-ins in the admin: a coordinator starts one for communes of their scope,
follows who answered, reminds those who did not, and stops it (directory/checkins.py)."""

from django.contrib import admin, messages
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import checkins, roles
from ..models import CheckIn, CheckInRequest
from .scopes import ScopedAdmin


class CheckInRequestInline(admin.TabularInline):
    """Who was asked, by which address, and what they answered: those without an answer
    first, and those without an address marked for a phone call."""

    model = CheckInRequest
    extra = 0
    can_delete = False
    fields = ["service", "address", "sent_at", "reminded_at", "answered_at", "answer", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("service")
        return rows.order_by(F("answered_at").asc(nulls_first=True), "service__name_fr")

    @admin.display(description=gettext_lazy("e-mail"))
    def address(self, row):
        return row.email or _("aucune adresse : à téléphoner")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CheckIn)
class CheckInAdmin(ScopedAdmin, admin.ModelAdmin):
    scope = staticmethod(roles.check_ins_in_scope)
    list_display = ["title_fr", "commune_names", "starts_on", "ends_on", "running", "answered"]
    fields = [("title_fr", "title_nl", "title_en"), "communes", "ends_on", "coordinator"]
    readonly_fields = ["coordinator"]
    filter_horizontal = ["communes"]
    inlines = [CheckInRequestInline]
    actions = ["remind", "stop"]

    def get_queryset(self, request):
        rows = super().get_queryset(request).prefetch_related("communes")
        return rows.annotate(
            asked=Count("requests", distinct=True),
            answered_count=Count(
                "requests", filter=Q(requests__answered_at__isnull=False), distinct=True
            ),
        )

    def get_inline_instances(self, request, obj=None):
        # The requests are made when the check-in is saved: none to show on the add page.
        return super().get_inline_instances(request, obj) if obj else []

    def get_readonly_fields(self, request, obj=None):
        # The communes asked cannot change once the e-mails are out.
        return [*self.readonly_fields, "communes"] if obj else self.readonly_fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "communes":
            kwargs["queryset"] = roles.communes_in_scope(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.coordinator = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            return
        check_in = form.instance
        sent = checkins.ask(check_in)
        messages.success(
            request,
            ngettext(
                "%(count)s service a reçu le lien par e-mail.",
                "%(count)s services ont reçu le lien par e-mail.",
                sent,
            )
            % {"count": sent},
        )
        to_call = [str(r.service) for r in check_in.requests.filter(email="")]
        if to_call:
            messages.warning(
                request,
                _("Sans adresse e-mail, à téléphoner : %(names)s.") % {"names": ", ".join(to_call)},
            )

    @admin.display(description=gettext_lazy("communes"))
    def commune_names(self, check_in):
        return ", ".join(str(commune) for commune in check_in.communes.all())

    @admin.display(boolean=True, description=gettext_lazy("en cours"))
    def running(self, check_in):
        return check_in.is_running

    @admin.display(description=gettext_lazy("réponses"))
    def answered(self, check_in):
        return f"{check_in.answered_count} / {check_in.asked}"

    @admin.action(description=gettext_lazy("Relancer les services qui n'ont pas répondu"))
    def remind(self, request, queryset):
        sent = sum(checkins.remind(check_in) for check_in in queryset if check_in.is_running)
        messages.success(
            request,
            ngettext("%(count)s rappel envoyé.", "%(count)s rappels envoyés.", sent)
            % {"count": sent},
        )

    @admin.action(description=gettext_lazy("Arrêter la vérification"))
    def stop(self, request, queryset):
        for check_in in queryset:
            checkins.end(check_in)
        messages.success(request, _("Vérification arrêtée : les liens ne fonctionnent plus."))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)
