"""Listing content in FR, NL and EN, the reference vocabulary (categories, audiences,
languages) in every interface language: one column per language, read through
`translated`."""

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import get_language
from translated_fields import TranslatedField

CONTENT_LANGUAGES = ("fr", "nl", "en")
# The languages of the pages (fa is Dari), in which residents read and search the names of
# categories, audiences and languages.
INTERFACE_LANGUAGES = ("fr", "nl", "en", "ar", "tr", "es", "pt", "ro", "pl", "bg", "uk", "fa")
DEFAULT_LANGUAGE = "fr"
# What each interface language reads, first to last. Listings are written in French and
# Dutch (English optional): a page in another interface language reads its own column
# where a field has one (category names, see `translated(..., languages=...)`), then
# French, the Region's common language and the one at most counters, then English, read
# by more newcomers than Dutch, then Dutch. The text says which language it is in
# (`Localised.lang`), so the page marks it (the `lang_attr` filter).
FALLBACKS = {"fr": ("fr", "nl", "en"), "nl": ("nl", "fr", "en"), "en": ("en", "fr", "nl")}
FALLBACKS.update(
    {code: (code, "fr", "en", "nl") for code, _name in settings.LANGUAGES if code not in FALLBACKS}
)


class Localised(str):
    """A text read from a translated field, with the language it is written in."""

    lang = DEFAULT_LANGUAGE

    def __reduce__(self):
        return (_localised, (str(self), self.lang))


def _localised(text, lang):
    text = Localised(text)
    text.lang = lang
    return text


def interface_language():
    """The page's language, one of settings.LANGUAGES (French outside a request)."""
    lang = (get_language() or DEFAULT_LANGUAGE)[:2]
    return lang if lang in FALLBACKS else DEFAULT_LANGUAGE


def active_language():
    """The listing content language closest to the page's: the page's own when listings
    are written in it, else French (the API, the HSDS export, the staff vocabulary)."""
    lang = interface_language()
    return lang if lang in CONTENT_LANGUAGES else DEFAULT_LANGUAGE


def in_active_language(obj, name, languages=CONTENT_LANGUAGES):
    """`<name>_<lang>` in the page's language, else the first non-empty of the others in
    the order of FALLBACKS, as a `Localised` text that knows its language.

    FR and NL are written by coordinators; EN is optional, so an empty value is never
    shown when another language has one.
    """
    for code in FALLBACKS[interface_language()]:
        if code in languages and (text := getattr(obj, f"{name}_{code}", "")):
            return _localised(text, code)
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
