"""Listing content in FR, NL and EN: one column per language, read through `Translated`."""

from django.utils.translation import get_language

CONTENT_LANGUAGES = ("fr", "nl", "en")
FALLBACKS = {"fr": ("fr", "nl", "en"), "nl": ("nl", "fr", "en"), "en": ("en", "fr", "nl")}


def active_language():
    lang = (get_language() or "fr")[:2]
    return lang if lang in FALLBACKS else "fr"


class Translated:
    """Reads `<field>_<lang>` for the active language, falling back to the other languages.

    FR and NL are written by coordinators; EN is optional, so an empty value is never
    shown when another language has one.
    """

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return self.value(obj, active_language())

    def value(self, obj, lang):
        for code in FALLBACKS[lang]:
            text = getattr(obj, f"{self.name}_{code}", "")
            if text:
                return text
        return ""


def all_languages(obj, name):
    """The non-empty values of a translated field, in every language."""
    return [v for code in CONTENT_LANGUAGES if (v := getattr(obj, f"{name}_{code}", ""))]
