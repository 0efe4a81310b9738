"""Rows as an import drafts them: their values, and which of them the file changes."""

from ..search.engine import SECTION, document
from ..translation import FALLBACKS


def document_parts(names, texts):
    """(names, texts, names section, texts section) of a search document.

    Computed where the plan is made, from the file's texts; used if the row's final
    texts are the same, which they are for every new service.
    """
    head, _, tail = document(names, [], texts).split(SECTION)
    return names, texts, head, tail


def prepare_document(plan):
    """Attaches to the plan the text sections of its search document, when it is new."""
    org_texts = plan.organisation.texts if plan.organisation else {}
    names = [t for t in (plan.texts.get("name"), org_texts.get("name")) if t]
    texts = [plan.texts["description"]] if plan.texts.get("description") else []
    plan.document_parts = document_parts(names, texts)


def columns(model):
    return [f.attname for f in model._meta.concrete_fields]


def shown(values, key, lang):
    """What the export shows for a translated field: its language, else the fallbacks."""
    return next((v for code in FALLBACKS[lang] if (v := values.get(f"{key}_{code}"))), "")


class Draft:
    """A row's values (by attname) and the names of those the import changes."""

    def __init__(self, values, new):
        self.values, self.new, self.changed = values, new, set()
        self.old = {}  # the value before the import, of each changed column

    def set(self, name, value):
        if self.new:
            self.values[name] = value  # every value of a new row is written anyway
        elif self.values.get(name) != value:
            self.old.setdefault(name, self.values.get(name))
            self.values[name] = value
            self.changed.add(name)

    def set_text(self, key, text, lang, strip=False):
        column = f"{key}_{lang}" if f"{key}_{lang}" in self.values else f"{key}_fr"
        if self.new:
            self.values[column] = text
            return
        current = shown(self.values, key, lang)
        if text != (current.strip() if strip else current):
            self.set(column, text)
