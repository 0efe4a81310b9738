"""How workers get back in: the password resets asked for, counted to limit them."""

from django.db import models


class ResetRequest(models.Model):
    """A password reset asked for, known by keyed hashes of the sender's address and of the
    e-mail given: enough to count them for an hour (see staff/joining.py), no more."""

    address_key = models.CharField(max_length=64, db_index=True)
    email_key = models.CharField(max_length=64, db_index=True)
    created = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M}"
