"""Getting in without a coordinator at hand: an invitation's link, a forgotten password.

Neither page says whether an address has an account: the reset page answers the same
for any address, and the invitation page speaks only to whoever holds a real link.
Password resets are limited per sender and per address given, as logins are.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ResetRequest
from ..reports import sender_key
from . import invitations
from .forms import JoinForm, ResetForm

RESETS_PER_ADDRESS_PER_HOUR = 10
RESETS_PER_EMAIL_PER_HOUR = 3
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"

UNUSABLE_STATUS = {
    invitations.Unusable.UNKNOWN: 404,
    invitations.Unusable.USED: 410,
    invitations.Unusable.EXPIRED: 410,
    invitations.Unusable.ACCOUNT_EXISTS: 410,
}


def invitation(request, token):
    """The link of an invitation e-mail: make the account, then land on one's profile."""
    try:
        pending = invitations.find(token)
    except invitations.Unusable as error:
        return unusable(request, error.problem)
    form = JoinForm(request.POST or None, email=pending.email)
    if request.method == "POST" and form.is_valid():
        try:
            worker = invitations.accept(pending, **form.account())
        except invitations.Unusable as error:
            return unusable(request, error.problem)
        login(request, worker.user, backend=LOGIN_BACKEND)
        messages.success(
            request,
            _(
                "Bienvenue ! Votre compte est créé. Complétez votre profil: vos quartiers, "
                "vos langues, comment vous joindre."
            ),
        )
        return redirect("staff:my-profile")
    return render(request, "staff/invitation.html", {"invitation": pending, "form": form})


def unusable(request, problem):
    return render(
        request,
        "staff/invitation_unusable.html",
        {"problem": problem},
        status=UNUSABLE_STATUS[problem],
    )


def keyed(text):
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def reset_allowed(request, email):
    """Counts this request and says whether it is within the hourly limits.

    Every request counts, whether or not the address has an account: the limit itself
    says nothing about accounts.
    """
    now = timezone.now()
    address, email = sender_key(request), keyed(email.strip().lower())
    ResetRequest.objects.filter(created__lt=now - timedelta(hours=1)).delete()
    recent = ResetRequest.objects.filter(created__gte=now - timedelta(hours=1))
    allowed = (
        recent.filter(address_key=address).count() < RESETS_PER_ADDRESS_PER_HOUR
        and recent.filter(email_key=email).count() < RESETS_PER_EMAIL_PER_HOUR
    )
    if allowed:
        ResetRequest.objects.create(address_key=address, email_key=email, created=now)
    return allowed


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, in the site's words, within the hourly limits."""

    form_class = ResetForm
    template_name = "staff/password_reset_form.html"
    subject_template_name = "staff/email/password_reset_subject.txt"
    email_template_name = "staff/email/password_reset.txt"
    success_url = reverse_lazy("staff:password-reset-done")

    def form_valid(self, form):
        if not reset_allowed(self.request, form.cleaned_data["email"]):
            return render(self.request, "staff/password_reset_limited.html", status=429)
        self.extra_email_context = {"valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400}
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="staff/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="staff/password_reset_confirm.html",
    post_reset_login=True,
    post_reset_login_backend=LOGIN_BACKEND,
    success_url=reverse_lazy("staff:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="staff/password_reset_complete.html"
)
