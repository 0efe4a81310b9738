"""Forms of the staff pages: joining, a worker's own profile, an organisation's partnerships."""

from itertools import groupby

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from ..locking import VersionedForm
from ..models import Language, Organisation, Partnership, Quartier, Worker
from ..phones import validate_phone


class WorkerProfileForm(VersionedForm):
    """What a worker edits about themselves; organisations are set by the coordination."""

    quartiers = forms.ModelMultipleChoiceField(
        label=_("Quartiers où je travaille"),
        queryset=Quartier.objects.select_related("commune").order_by("commune__name_fr", "name_fr"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.ModelMultipleChoiceField(
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
        """[(commune, checkboxes, any ticked)]: the quartiers' checkboxes under their commune."""
        choices = [(c.data["value"].instance.commune, c) for c in self["quartiers"]]
        groups = []
        for commune, pairs in groupby(choices, key=lambda pair: pair[0]):
            checkboxes = [checkbox for _commune, checkbox in pairs]
            groups.append((commune, checkboxes, any(c.data["selected"] for c in checkboxes)))
        return groups


class PartnershipForm(VersionedForm):
    """A partnership as one organisation's members see it: with whom, how, since when."""

    partner = forms.ModelChoiceField(label=_("Organisation partenaire"), queryset=None)

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


class ResetForm(PasswordResetForm):
    """Django's password reset form, with the site's words."""

    email = forms.EmailField(
        label=_("Adresse e-mail de votre compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
