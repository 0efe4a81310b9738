"""The vocabulary of workers' functions (fixtures/functions.yaml): each function in French,
Dutch and English, masculine, feminine and plural, and the activity it names.

A profile that names one form of a function gets every other form in its search text
(derived.worker_text), so "assistante sociale", "Assistant social", "maatschappelijk
werker" and "social worker" find one another, and "médiation de dettes" finds the
"schuldbemiddelaar".
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from ..text import normalise, sort_key
from ..translation import CONTENT_LANGUAGES

FILE = Path(settings.BASE_DIR) / "fixtures" / "functions.yaml"
# Small words that do not tell functions apart: "médiatrice de dettes" is "médiatrice
# dettes", "chargée d'accueil" is "chargée accueil". Single letters ("assistant(e)") too.
FILLERS = frozenset(
    "a au aux d de des du en et l la le les and for of the den der het van voor".split()
)


class VocabularyError(RuntimeError):
    """fixtures/functions.yaml is malformed; the message names the function and the key."""


@dataclass(frozen=True)
class Function:
    key: str
    names: dict  # {language: (masculine, feminine)}, the forms people pick from
    forms: tuple  # every form, in every language, normalised

    def phrases(self):
        return {key_words(form) for form in self.forms}


def key_words(text):
    """The words of a form or a profile that tell functions apart, normalised."""
    return tuple(w for w in normalise(text).split() if len(w) > 1 and w not in FILLERS)


def _function(key, row):
    if not isinstance(row, dict) or set(row) != set(CONTENT_LANGUAGES):
        raise VocabularyError(f"{FILE.name}: {key}: give fr, nl and en")
    names, forms = {}, []
    for language in CONTENT_LANGUAGES:
        entry = row[language]
        if not isinstance(entry, dict) or not isinstance(entry.get("m"), str):
            raise VocabularyError(f"{FILE.name}: {key}.{language}: give m, its masculine form")
        if set(entry) - {"m", "f", "other"}:
            raise VocabularyError(f"{FILE.name}: {key}.{language}: only m, f and other")
        other = entry.get("other", [])
        if not isinstance(other, list) or not all(isinstance(o, str) for o in other):
            raise VocabularyError(f"{FILE.name}: {key}.{language}.other: a list of forms")
        names[language] = (entry["m"], entry.get("f", entry["m"]))
        forms += [entry["m"], entry.get("f", entry["m"]), *other]
    if not all(key_words(form) for form in forms):
        raise VocabularyError(f"{FILE.name}: {key}: a form has no word that counts")
    return Function(key, names, tuple(dict.fromkeys(normalise(form) for form in forms)))


@cache
def functions():
    """Every function of the vocabulary, read once."""
    with FILE.open(encoding="utf-8") as stream:
        rows = yaml.safe_load(stream)
    return tuple(_function(key, row) for key, row in rows.items())


@cache
def _phrases():
    """{first word: [(words, function)]}: the forms, found by their first word."""
    index = {}
    for function in functions():
        for words in function.phrases():
            index.setdefault(words[0], []).append((words, function))
    return index


def functions_named_in(text):
    """The functions of which `text` contains a form, as whole words in a row."""
    words = key_words(text)
    found = {}
    for start, word in enumerate(words):
        for phrase, function in _phrases().get(word, ()):
            if words[start : start + len(phrase)] == phrase:
                found[function.key] = function
    return list(found.values())


def other_forms(text):
    """Every form of every function `text` names, as one normalised text."""
    return " ".join(form for function in functions_named_in(text) for form in function.forms)


def suggestions(language, used=()):
    """The functions' names in `language`, masculine and feminine, with the functions
    colleagues wrote themselves (`used`), once each, in alphabetical order."""
    names = [name for function in functions() for name in function.names[language]]
    unique = {}
    for name in [*names, *used]:
        unique.setdefault(normalise(name), name)
    return sorted(unique.values(), key=sort_key)
