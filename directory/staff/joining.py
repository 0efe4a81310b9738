"""Getting back in without a coordinator at hand: a forgotten password.

The reset page answers the same whether or not an address has an account. Password
resets are limited per sender and per address given, as logins are.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

from ..models import ResetRequest
from ..reports import sender_key
from .forms import ResetForm

RESETS_PER_ADDRESS_PER_HOUR = 10
RESETS_PER_EMAIL_PER_HOUR = 3
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


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
