"""Listing content in FR, NL and EN: one column per language, read through `Translated`."""

from django.utils.translation import get_language

CONTENT_LANGUAGES = ("fr", "nl", "en")
DEFAULT_LANGUAGE = "fr"
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


def _accepted_languages(header):
    """The languages of an Accept-Language header, most wanted first."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if weight > 0:
            ranked.append((-weight, position, tag.strip().lower()[:2]))
    return [tag for _, _, tag in sorted(ranked)]


def requested_language(request):
    """The API's content language: `lang`, else the first of ours in Accept-Language, else
    French; None when `lang` is not one of ours.

    The API answers in it and the page cache keys the API's answers on it, so no odd
    header or language cookie can store one language's answer under another's key.
    """
    if "lang" in request.GET:
        lang = request.GET["lang"].strip().lower()
        return lang if lang in CONTENT_LANGUAGES else None
    accepted = _accepted_languages(request.headers.get("Accept-Language", ""))
    return next((lang for lang in accepted if lang in CONTENT_LANGUAGES), DEFAULT_LANGUAGE)
