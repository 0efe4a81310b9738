"""The answer page of a crisis check-in: a service says how it is today, without a login.

The link itself is the key (models/checkins.py): a forged, replaced or ended one gets a
page that says so, never an error. The page is never cached (its form carries a CSRF
token, and a service's answer must show at once).
"""

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .. import checkins
from ..models import CheckInRequest

UNUSABLE_STATUS = {
    checkins.Unusable.UNKNOWN: 404,
    checkins.Unusable.ENDED: 410,
    checkins.Unusable.TOO_MANY: 429,
}


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=CheckInRequest.Answer.choices)
    note = forms.CharField(
        label=_("Nouveaux horaires (si modifiés)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("par exemple : de 10 h à 14 h")}),
    )


@never_cache
def answer(request, token):
    try:
        pending = checkins.find(token)
    except checkins.Unusable as error:
        return unusable(request, error.problem)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checkins.answer(pending, form.cleaned_data["answer"], form.cleaned_data["note"])
        except checkins.Unusable as error:
            return unusable(request, error.problem)
        return redirect(f"{request.path}?merci")
    context = {
        "pending": pending,
        "service": pending.service,
        "form": form,
        "thanks": "merci" in request.GET and pending.answered_at,
        "answers": CheckInRequest.Answer,
    }
    return render(request, "directory/checkin_answer.html", context)


def unusable(request, problem):
    return render(
        request,
        "directory/checkin_unusable.html",
        {"problem": problem},
        status=UNUSABLE_STATUS[problem],
    )
