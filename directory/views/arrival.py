"""The arrival page: the receiving service types a slip's code, without an account."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from ..staff import liaison
from ..staff.liaison import Arrival


class ArrivalForm(forms.Form):
    code = forms.CharField(
        label=_("Code de la fiche de liaison"),
        max_length=20,
        help_text=_("Huit lettres et chiffres, par exemple ACDE-FGHJ."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


MESSAGES = {
    Arrival.MALFORMED: _(
        "Ce n'est pas un code de fiche de liaison: il a huit lettres et chiffres, "
        "par exemple ACDE-FGHJ. Vérifiez-le sur la fiche."
    ),
    Arrival.UNKNOWN: _(
        "Aucune fiche n'a ce code. Vérifiez chaque signe sur la fiche (le code ne contient "
        "ni O, ni I, ni 0, ni 1)."
    ),
    Arrival.ALREADY: _("Ce code a déjà servi: cette arrivée est déjà enregistrée."),
    Arrival.EXPIRED: _(
        "Ce code a expiré: une fiche de liaison vaut %(days)s jours. "
        "Rien n'est enregistré, la personne est bien sûr la bienvenue."
    ),
    Arrival.THROTTLED: _(
        "Trop de codes erronés ont été essayés: la page est bloquée pour une heure. "
        "Les travailleurs du service peuvent confirmer l'arrivée dans leur espace."
    ),
}


@never_cache
def arrival(request):
    """No login: anyone at the receiving service's desk may confirm with the slip's code."""
    form = ArrivalForm(request.POST or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        result = liaison.acknowledge_by_code(form.cleaned_data["code"], liaison.sender_key(request))
        if result.outcome is Arrival.RECORDED:
            form = ArrivalForm()
        else:
            form.add_error("code", MESSAGES[result.outcome] % {"days": liaison.PERIOD_DAYS})
        if result.outcome is Arrival.THROTTLED:
            status = 429
    return render(
        request,
        "directory/arrival.html",
        {"form": form, "recorded": result and result.outcome is Arrival.RECORDED, "result": result},
        status=status,
    )
