"""Phone numbers as people write them in Brussels, checked by libphonenumber.

A number is Belgian unless it says otherwise ("02 512 34 56", "0470 12 34 56",
"+33 1 42 68 53 00"); short numbers ("112", "1712") are numbers too. Links dial the
E.164 form, so a phone abroad or a softphone calls the right line.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberFormat, shortnumberinfo

REGION = "BE"
INVALID = _("Écrivez un numéro de téléphone, par exemple 02 512 34 56.")


def parse(number):
    """The parsed number, or None when nobody could call it."""
    try:
        parsed = phonenumbers.parse(number or "", REGION)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(parsed) or shortnumberinfo.is_valid_short_number(parsed):
        return parsed
    return None


def validate_phone(number):
    if parse(number) is None:
        raise ValidationError(INVALID, code="invalid_phone")


def tel_uri(number):
    """A tel: link: "02 512 34 56" -> "tel:+3225123456", "1712" -> "tel:1712"."""
    parsed = parse(number)
    if parsed is None:  # an old, unchecked number: dial the digits as written
        return "tel:" + "".join(c for c in number or "" if c.isdigit() or c == "+")
    if not phonenumbers.is_valid_number(parsed):
        return f"tel:{parsed.national_number}"
    return "tel:" + phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
