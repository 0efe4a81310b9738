"""The staff side in the admin: workers' profiles, invitations to join, partnerships."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import roles
from ..locking import VersionedForm
from ..models import Invitation, Partnership, Worker
from ..models.staff import erase_worker
from ..staff import invitations
from .scopes import ScopedAdmin


class PendingFilter(admin.SimpleListFilter):
    """Yes/no on whether a date field is set ("consent given", "deletion requested")."""

    field = ""

    def lookups(self, request, model_admin):
        return [("yes", _("oui")), ("no", _("non"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.field}__isnull": self.value() == "no"})
        return queryset


class ConsentFilter(PendingFilter):
    title = _("accord donné")
    parameter_name = "consent"
    field = "consent_given_at"


class DeletionRequestedFilter(PendingFilter):
    title = _("suppression demandée")
    parameter_name = "deletion"
    field = "deletion_requested_at"


@admin.register(Worker)
class WorkerAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "function",
        "user",
        "consent_given_at",
        "hidden",
        "deletion_requested_at",
        "is_demo",
    ]
    list_filter = [
        ConsentFilter,
        "hidden",
        DeletionRequestedFilter,
        "quartiers__commune",
        "is_demo",
    ]
    search_fields = ["name", "function", "email", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user", "organisations", "quartiers"]
    filter_horizontal = ["languages"]
    readonly_fields = ["consent_given_at", "deletion_requested_at", "created", "modified"]
    form = VersionedForm
    actions = ["erase"]
    fieldsets = [
        (None, {"fields": ["user", "name", "function", "organisations"]}),
        (
            _("Profil"),
            {
                "fields": [
                    "quartiers",
                    "languages",
                    ("phone", "email"),
                    "can_help_with",
                    "availability",
                ]
            },
        ),
        (
            _("Vie privée"),
            {"fields": ["consent_given_at", "hidden", "deletion_requested_at"]},
        ),
        (_("Suivi"), {"fields": [("created", "modified"), "version"]}),
    ]

    @admin.action(
        description=_("Effacer les profils choisis et tout leur historique"),
        permissions=["delete"],
    )
    def erase(self, request, queryset):
        count = 0
        for worker in queryset:
            erase_worker(worker)
            count += 1
        self.message_user(request, _("%(count)d profil(s) effacé(s).") % {"count": count})


class PartnershipForm(VersionedForm):
    user = None  # set by PartnershipAdmin.get_form on the class it makes for each request

    def clean(self):
        data = super().clean()
        ends = [data.get("from_organisation"), data.get("to_organisation")]
        ids = [organisation.pk for organisation in ends if organisation]
        in_scope = roles.organisations_in_scope(self.user).filter(pk__in=ids) if self.user else None
        if in_scope is not None and ids and not in_scope.exists():
            raise forms.ValidationError(
                _("L'une des deux organisations doit faire partie de votre périmètre.")
            )
        return data


@admin.register(Partnership)
class PartnershipAdmin(ScopedAdmin, SimpleHistoryAdmin):
    scope = staticmethod(roles.partnerships_in_scope)
    form = PartnershipForm
    list_display = ["from_organisation", "kind", "to_organisation", "start_date", "end_date"]
    list_filter = ["kind"]
    search_fields = [
        "from_organisation__name_fr",
        "from_organisation__name_nl",
        "to_organisation__name_fr",
        "to_organisation__name_nl",
    ]
    list_select_related = ["from_organisation", "to_organisation"]
    autocomplete_fields = ["from_organisation", "to_organisation"]
    fields = [
        "from_organisation",
        "kind",
        "to_organisation",
        "note",
        ("start_date", "end_date"),
        "version",
    ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form


class InvitationStatusFilter(admin.SimpleListFilter):
    title = _("état")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Invitation.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Invitation.Status.values:
            return queryset.with_status(self.value())
        return queryset


class InvitationForm(forms.ModelForm):
    user = None  # set by InvitationAdmin.get_form on the class it makes for each request

    class Meta:
        model = Invitation
        fields = ["email", "organisation", "language"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if invitations.account_exists(email):
            raise forms.ValidationError(
                _(
                    "Un compte existe déjà pour cette adresse: la personne peut se connecter, "
                    "ou choisir « Mot de passe oublié ? » sur la page de connexion."
                )
            )
        if roles.invitations_in_scope(self.user).pending().filter(email=email).exists():
            raise forms.ValidationError(
                _(
                    "Une invitation en attente existe déjà pour cette adresse: renvoyez-la "
                    "depuis la liste des invitations."
                )
            )
        return email


def site_address(request):
    """The address the coordinator reached the site at, for the link in the e-mail."""
    return request.build_absolute_uri("/").rstrip("/")


@admin.register(Invitation)
class InvitationAdmin(ScopedAdmin, admin.ModelAdmin):
    """Coordinators invite people to join an organisation of their scope, by e-mail."""

    scope = staticmethod(roles.invitations_in_scope)
    form = InvitationForm
    list_display = ["email", "organisation", "status_label", "expires_at", "sent_at"]
    list_filter = [InvitationStatusFilter]
    search_fields = ["email", "organisation__name_fr", "organisation__name_nl"]
    list_select_related = ["organisation", "invited_by"]
    autocomplete_fields = ["organisation"]
    actions = ["resend"]
    details = ["status_label", "expires_at", "sent_at", "invited_by", "accepted_at"]

    def get_fields(self, request, obj=None):
        return ["email", "organisation", "language", *(self.details if obj else [])]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else []

    def has_change_permission(self, request, obj=None):
        # An invitation is sent, then only sent again (the list's action) or deleted.
        return obj is None and super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "language":  # the interface languages, the page's by default
            return forms.ChoiceField(
                label=capfirst(db_field.verbose_name),
                choices=settings.LANGUAGES,
                initial=get_language(),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        # Once sent, an invitation is not edited: no "save and continue editing".
        context["show_save_and_continue"] = False
        return super().render_change_form(request, context, *args, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = roles.organisations_in_scope(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, invitation, form, change):
        sent = invitations.invite(invitation, request.user, site_address(request))
        values = {
            "email": invitation.email,
            "date": date_format(timezone.localtime(invitation.expires_at), "j F Y"),
        }
        if sent:
            messages.success(
                request,
                _(
                    "L'invitation est partie par e-mail à %(email)s. Le lien fonctionne une "
                    "fois, jusqu'au %(date)s."
                )
                % values,
            )
        else:
            messages.warning(request, self.not_sent_message % values)

    not_sent_message = _(
        "L'invitation à %(email)s est enregistrée, mais l'e-mail n'a pas pu partir. "
        "Renvoyez-la plus tard depuis la liste; si cela se répète, prévenez "
        "l'administrateur du site (réglages e-mail)."
    )

    def response_add(self, request, obj, post_url_continue=None):
        # save_model has said what happened; the list shows the invitation and its state.
        if "_addanother" in request.POST:
            return redirect(request.path)
        return redirect("admin:directory_invitation_changelist")

    @admin.display(description=_("état"))
    def status_label(self, invitation):
        return invitation.status.label

    @admin.action(
        description=_("Renvoyer les invitations choisies (avec un nouveau lien)"),
        permissions=["change"],
    )
    def resend(self, request, queryset):
        address = site_address(request)
        sent = accepted = 0
        for invitation in queryset.select_related("organisation"):
            if invitation.accepted_at:
                accepted += 1
            elif invitations.resend(invitation, address):
                sent += 1
            else:
                messages.warning(request, self.not_sent_message % {"email": invitation.email})
        if sent:
            messages.success(
                request,
                _("%(count)d invitation(s) renvoyée(s): les liens précédents ne fonctionnent plus.")
                % {"count": sent},
            )
        if accepted:
            messages.info(
                request,
                _("%(count)d invitation(s) déjà acceptée(s): rien à renvoyer.")
                % {"count": accepted},
            )
