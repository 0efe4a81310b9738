"""Pages in twelve languages over listings in three: each text says its own language.

Listing content is written in French, Dutch or English (directory/translation.py) and
read as a `Localised` text that knows which. On a page in another language, the element
around it gets its `lang` (a screen reader reads it with the right voice) and, on a right
to left page, `dir="ltr"`; a short note says in which language the listing is written.
Numbers that must read left to right (phone numbers, postcodes, hours) are isolated on
right to left pages and left as they are elsewhere.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language_bidi, get_language_info, gettext_lazy

from ..translation import interface_language

register = template.Library()

CONTENT_NOTES = {
    "fr": gettext_lazy("Ces informations sont écrites en français."),
    "nl": gettext_lazy("Ces informations sont écrites en néerlandais."),
    "en": gettext_lazy("Ces informations sont écrites en anglais."),
}
MIXED_NOTE = gettext_lazy(
    "Ces informations sont écrites en français, en néerlandais ou en anglais."
)


def foreign_language(text):
    """The language of `text` when it is not the page's, else None."""
    lang = getattr(text, "lang", None)
    return lang if lang and lang != interface_language() else None


def _attributes(lang):
    if get_language_bidi() and not get_language_info(lang)["bidi"]:
        return format_html(' lang="{}" dir="ltr"', lang)
    return format_html(' lang="{}"', lang)


@register.filter
def lang_attr(text):
    """` lang="fr"` for the element holding `text` when it is not in the page's language:
    `<p{{ service.description|lang_attr }}>`."""
    lang = foreign_language(text)
    return _attributes(lang) if lang else ""


@register.filter
def written_in(value, text):
    """`value` (text of a listing, or a piece of page made of it: an address) wrapped with
    the language of `text` when it is not the page's:
    `{% filter written_in:place.street_address %}…{% endfilter %}`."""
    lang = foreign_language(text)
    return format_html("<bdi{}>{}</bdi>", _attributes(lang), value) if lang else value


@register.filter
def foreign(text):
    """`text`, inside a sentence of the page, wrapped with its own language when it is not
    the page's: `{{ area.name|foreign }}`."""
    return written_in(text, text)


@register.filter
def ltr(value):
    """A number that reads left to right (02 511 22 33, 1080, 09:00–12:30), isolated from
    the text around it on a right to left page; unchanged on the others."""
    return format_html('<bdi dir="ltr">{}</bdi>', value) if get_language_bidi() else value


@register.simple_tag
def content_note(*texts):
    """One line saying in which language listings are written, when some of `texts` are
    not in the page's language (a service's name and description, or a list's names)."""
    langs = []
    for text in texts:
        items = text if isinstance(text, (list, tuple)) else [text]
        langs += [lang for item in items if (lang := foreign_language(item))]
    if not langs:
        return ""
    note = CONTENT_NOTES.get(langs[0], MIXED_NOTE) if len(set(langs)) == 1 else MIXED_NOTE
    return format_html('<p class="content-note">{}</p>', note)


@register.filter
def service_names(cards):
    """The names of the services of a list of cards, for `content_note`."""
    return [card.service.name for card in cards]
