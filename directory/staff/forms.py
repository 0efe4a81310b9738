"""Forms of the staff pages: joining, a worker's own profile, an organisation's partnerships."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from ..choices import (
    QuartierMultipleChoiceField,
    SortedChoiceField,
    SortedMultipleChoiceField,
    by_commune,
)
from ..locking import VersionedForm
from ..models import Language, Organisation, Partnership, Quartier, Worker
from ..phones import validate_phone


class WorkerProfileForm(VersionedForm):
    """What a worker edits about themselves; organisations are set by the coordination."""

    quartiers = QuartierMultipleChoiceField(
        label=_("Quartiers où je travaille"),
        queryset=Quartier.objects.with_commune(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = SortedMultipleChoiceField(
        label=_("Langues que je parle"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Worker
        fields = [
            "name",
            "function",
            "phone",
            "email",
            "can_help_with",
            "availability",
            "quartiers",
            "languages",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "can_help_with": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone:
            validate_phone(phone)
        return phone

    def quartier_groups(self):
        """[(commune, [(value, name, ticked)], any ticked)]: the quartiers' checkboxes under
        their commune, as plain values: 145 widgets rendered one by one through the form
        renderer cost more than the rest of the page."""
        field = self.fields["quartiers"]
        ticked = {str(value) for value in self["quartiers"].value() or ()}
        groups = []
        for commune, quartiers in by_commune(field.queryset):
            boxes = [(q.pk, field.label_from_instance(q), str(q.pk) in ticked) for q in quartiers]
            groups.append((commune, boxes, any(box[2] for box in boxes)))
        return groups


class PartnershipForm(VersionedForm):
    """A partnership as one organisation's members see it: with whom, how, since when."""

    partner = SortedChoiceField(label=_("Organisation partenaire"), queryset=None)

    class Meta:
        model = Partnership
        fields = ["partner", "kind", "note", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["partner"].queryset = Organisation.objects.exclude(pk=organisation.pk).only(
            "pk", "name_fr", "name_nl", "name_en"
        )
        if self.instance.pk:
            self.initial["partner"] = self.instance.other_organisation(organisation).pk

    def clean(self):
        data = super().clean()
        partner = data.get("partner")
        if partner is None:
            return data
        if self.instance.pk and self.instance.to_organisation_id == self.organisation.pk:
            self.instance.from_organisation = partner
        else:
            self.instance.from_organisation = self.organisation
            self.instance.to_organisation = partner
        twins = Partnership.objects.filter(
            from_organisation=self.instance.from_organisation,
            to_organisation=self.instance.to_organisation,
            kind=data.get("kind"),
        ).exclude(pk=self.instance.pk)
        if twins.exists():
            raise forms.ValidationError(_("Ce partenariat existe déjà."))
        return data


class JoinForm(forms.Form):
    """What an invited person gives to make their account: who they are, a password, and
    whether colleagues may see their profile (a choice to make, not a box ticked for them)."""

    name = forms.CharField(label=_("Votre nom"), max_length=120)
    function = forms.CharField(
        label=_("Votre fonction"),
        max_length=120,
        help_text=_("par ex. assistante sociale, éducateur de rue"),
    )
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Au moins 8 caractères; pas seulement des chiffres, ni un mot de passe courant."
        ),
    )
    password2 = forms.CharField(
        label=_("Le même mot de passe, une seconde fois"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.TypedChoiceField(
        label=_("Vos collègues peuvent-ils voir votre profil ?"),
        choices=[
            ("yes", _("Oui, les travailleurs sociaux connectés peuvent voir mon profil")),
            ("no", _("Non, pas pour l'instant: mon profil reste caché")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez oui ou non.")},
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        password = data.get("password1")
        if password and data.get("password2") and password != data["password2"]:
            self.add_error("password2", _("Les deux mots de passe ne sont pas les mêmes."))
        elif password:
            # The account as it will be: a password like the address or the name is refused.
            user = get_user_model()(
                username=self.email, email=self.email, first_name=data.get("name", "")
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

    def account(self):
        """The arguments of invitations.accept()."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "function": data["function"],
            "password": data["password1"],
            "consent": data["consent"],
        }


class ResetForm(PasswordResetForm):
    """Django's password reset form, with the site's words."""

    email = forms.EmailField(
        label=_("Adresse e-mail de votre compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
