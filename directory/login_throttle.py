"""Login throttling: django-axes' database handler, with a failure limit for each count.

Failed logins are counted three ways (settings.AXES_LOCKOUT_PARAMETERS): for one username
from one address, from one address whatever the username (password spraying), and for
one username whatever the address (one account attacked from many). Axes compares every
count with one limit; an office behind one NAT shares an address, so that count needs a
higher one. Each count is scaled here so that reaching its own limit reaches axes' one.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def own_limit(parameters):
    if parameters == "ip_address":
        return settings.AXES_ADDRESS_FAILURE_LIMIT
    if parameters == "username":
        return settings.AXES_USERNAME_FAILURE_LIMIT
    return settings.AXES_FAILURE_LIMIT


class LoginThrottle(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """The count nearest its own limit, as a share of AXES_FAILURE_LIMIT."""
        limit = settings.AXES_FAILURE_LIMIT
        attempts = self.get_user_attempts(request, credentials)  # one queryset per count
        counts = zip(settings.AXES_LOCKOUT_PARAMETERS, attempts, strict=True)
        return max(
            (attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0) * limit // own_limit(p)
            for p, attempts in counts
        )

    def reset_user_attempts(self, request, credentials=None):
        """A successful login forgives that username's failures from that address only.

        Axes would clear every count the login is part of: the address's (a sprayer
        logging into their own account would start again) and the username's elsewhere.
        """
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count
