"""What the importer says about a file, written once for two readers.

A message is a French text marked for translation (gettext_noop where it is written)
and its values. `str()` gives it in English, for the command line, logs and exceptions,
as import_hsds always spoke; `translated()` gives it in the language of the page, for a
coordinator on the admin's import page. A message some library wrote (the schema
validator's) is a plain string, in English for both.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext


@dataclass(frozen=True)
class Message:
    text: str  # a French msgid, with %(name)s placeholders when it has values
    values: tuple = ()  # (name, value) pairs: plain data, so plans cross processes

    def translated(self):
        text = gettext(self.text)
        if not self.values:
            return text
        return text % {name: translated(value) for name, value in self.values}

    def __str__(self):
        with translation.override("en"):
            return self.translated()


def message(text, **values):
    """A Message; `text` must be marked with gettext_noop where it is written."""
    return Message(text, tuple(values.items()))


def translated(message):
    """The message in the page's language; anything else as it is (a number stays one,
    for %(n)d)."""
    return message.translated() if isinstance(message, Message) else message
