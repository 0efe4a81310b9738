"""Listing content in FR, NL and EN, the reference vocabulary (categories, audiences,
languages) in every interface language: one column per language, read through
`translated`."""

from django.utils.text import format_lazy
from django.utils.translation import get_language
from translated_fields import TranslatedField

CONTENT_LANGUAGES = ("fr", "nl", "en")
# The languages of the pages (fa is Dari), in which residents read and search the names of
# categories, audiences and languages.
INTERFACE_LANGUAGES = ("fr", "nl", "en", "ar", "tr", "es", "pt", "ro", "pl", "bg", "uk", "fa")
DEFAULT_LANGUAGE = "fr"
# The page's own language, then French, Dutch and English.
FALLBACKS = {code: tuple(dict.fromkeys((code, "fr", "nl", "en"))) for code in INTERFACE_LANGUAGES}


def active_language():
    lang = (get_language() or "fr")[:2]
    return lang if lang in FALLBACKS else "fr"


def in_active_language(obj, name, languages=CONTENT_LANGUAGES):
    """`<name>_<lang>` in the active language, else the first non-empty of the others.

    FR and NL are written by coordinators; EN is optional, so an empty value is never
    shown when another language has one.
    """
    for code in FALLBACKS[active_language()]:
        if code in languages and (text := getattr(obj, f"{name}_{code}", "")):
            return text
    return ""


def _read_in_active_language(name, field):
    return lambda obj: in_active_language(obj, name, field.languages)


def translated(field, languages=CONTENT_LANGUAGES):
    """`field` once per language (`name_fr`, `name_nl`, `name_en`, labelled "nom (FR)" ...),
    read as `name` in the active language (django-translated-fields keeps the columns)."""
    specific = {
        code: {"verbose_name": format_lazy("{} ({})", field.verbose_name, code.upper())}
        for code in languages
    }
    for code in set(languages) - {"fr", "nl"}:  # coordinators write FR and NL; others optional
        specific[code]["blank"] = True
    return TranslatedField(
        field, specific, languages=languages, attrgetter=_read_in_active_language
    )


def all_languages(obj, name):
    """The non-empty values of a translated field, in every language it has."""
    return [v for code in INTERFACE_LANGUAGES if (v := getattr(obj, f"{name}_{code}", ""))]


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
