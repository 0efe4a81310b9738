"""How complete and how reviewed each interface language's gettext catalogue is.

Reads the .po files of LOCALE_PATHS with a few lines of our own (no new dependency): an
entry counts as translated when every msgstr is filled and it is not marked fuzzy (Django
leaves fuzzy entries out of the compiled catalogue, so the page shows French there). The
strings to translate are those of the Dutch and English catalogues, which `make messages`
keeps in step with the code and the lead keeps complete. A second reading is recorded by the
reader in the catalogue's header: `"X-Second-Reading: 2026-12-01 Name\\n"`.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

REFERENCE_LANGUAGES = ("nl", "en")
_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")


def catalogue_path(language):
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def read_entries(path):
    """[(context, msgid, [msgstr...], fuzzy)] of a .po file, its header left out."""
    entries, current, key, fuzzy = [], {}, None, False

    def close():
        if "msgid" in current and current["msgid"]:
            strings = [v for k, v in current.items() if k.startswith("msgstr")]
            entries.append((current.get("msgctxt", ""), current["msgid"], strings, fuzzy))

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#~"):  # obsolete entries: not shown anywhere
            continue
        if line.startswith("#,") or (not line and current):
            if current:
                close()
                current, key, fuzzy = {}, None, False
            fuzzy = fuzzy or ("fuzzy" in line if line.startswith("#,") else False)
            continue
        if match := _KEYWORD.match(line):
            if match[1] in ("msgctxt", "msgid") and key and key.startswith("msgstr"):
                close()
                current, fuzzy = {}, False
            key = match[1]
            current[key] = ast.literal_eval(match[2])
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    close()
    return entries


def header(path, field):
    text = Path(path).read_text(encoding="utf-8")
    match = re.search(rf'^"{re.escape(field)}:\s*(.*?)\\n"$', text, re.M)
    return match[1].strip() if match else ""


@dataclass
class Status:
    code: str
    name: str
    total: int
    translated: int
    fuzzy: int
    second_reading: str
    exists: bool

    @property
    def percent(self):
        return round(100 * self.translated / self.total) if self.total else 0


def source_strings():
    keys = set()
    for code in REFERENCE_LANGUAGES:
        if catalogue_path(code).exists():
            keys |= {(ctx, msgid) for ctx, msgid, _s, _f in read_entries(catalogue_path(code))}
    return keys


def language_status(code, name, source):
    path = catalogue_path(code)
    if code == settings.LANGUAGE_CODE:  # the source language: its text is the code's
        return Status(code, name, len(source), len(source), 0, "source", True)
    if not path.exists():
        return Status(code, name, len(source), 0, 0, "", False)
    translated = fuzzy = 0
    for ctx, msgid, strings, is_fuzzy in read_entries(path):
        if (ctx, msgid) not in source:
            continue
        if is_fuzzy:
            fuzzy += 1
        elif strings and all(strings):
            translated += 1
    reading = header(path, "X-Second-Reading")
    return Status(code, name, len(source), translated, fuzzy, reading, True)


def all_statuses():
    source = source_strings()
    return [language_status(code, name, source) for code, name in settings.LANGUAGES]
