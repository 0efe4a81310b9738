"""Reading HSDS files: full services one at a time, from JSON or a tabular data package.

JSON: an array of full services (what `export_hsds` writes), a Page envelope (its
`contents`), or one service; or organizations with their services, or
service_at_locations (file_kinds.py says which, and makes them services). An array is
read incrementally, so a file of 100 000
services is never in memory at once. CSV: a folder (or a zip, or the path of its
`datapackage.json`) with one CSV per HSDS table; each service is put back together
with its organisation, phones, locations, addresses and schedules. A table the package
does not have leaves its key out of the records, as an empty cell leaves out its field:
the import then keeps what the directory has (hsds_reverse).

Every reader yields `(number, record)`, numbering records from 1, and raises FileError
with a message for people on anything it cannot read. Nothing here touches the database.
"""

import codecs
import csv
import json
import re
import sys
import zipfile
from pathlib import Path

from django.utils.translation import gettext_noop

from . import packages
from .file_errors import MB, FileError
from .file_kinds import expand
from .messages import message

# An HSDS service nests 6 levels deep; Python's parser gives up near 1 000, unhelpfully.
MAX_DEPTH = 100
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|\d+')
# About 28 000 services as export_hsds writes them (100 000 take 356 MB): a bigger
# file is refused, unread, unless the operator raises the limit (--max-size).
DEFAULT_MAX_SIZE = 100 * MB
CHUNK = MB
csv.field_size_limit(16 * MB)


MALFORMED = gettext_noop("JSON mal formé à la ligne %(line)s : %(what)s.")
MALFORMED_AFTER = gettext_noop(
    "JSON mal formé à la ligne %(line)s après la fiche %(n)s : %(what)s."
)
AFTER_THE_LIST = gettext_noop("du texte après la fin de la liste")


def check_size(path, max_size):
    """Refuses a file (or a folder's CSV files) over `max_size` bytes, before reading it."""
    path = Path(path)
    if path.is_dir():
        size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    else:
        size = path.stat().st_size
    if size > max_size:
        too_big = gettext_noop(
            "%(name)s fait %(size)s Mo, plus que la limite de %(limit)s Mo (relevez-la avec "
            "--max-size)."
        )
        size, limit = f"{size / MB:.1f}", f"{max_size / MB:.0f}"
        raise FileError(message(too_big, name=path.name, size=size, limit=limit))


def read_records(source, max_size=DEFAULT_MAX_SIZE):
    """(number, record) for each service of a JSON file, folder, zip or open file.

    An open file is JSON, or a zip if it is seekable (as an upload kept in memory is).
    """
    if hasattr(source, "read"):
        if hasattr(source, "seek") and zipfile.is_zipfile(source):
            source.seek(0)
            yield from _read_zip(source, getattr(source, "name", "The file"), max_size)
            return
        if hasattr(source, "seek"):
            source.seek(0)
        yield from read_json(source)
        return
    path = Path(source)
    if not path.exists():
        raise FileError(message(gettext_noop("%(path)s n'existe pas."), path=str(path)))
    check_size(path, max_size)
    if path.is_dir() or path.name == "datapackage.json":
        folder = path if path.is_dir() else path.parent
        yield from packages.read_package(packages.FolderFiles(folder))
    elif zipfile.is_zipfile(path):
        yield from _read_zip(path, path.name, max_size)
    else:
        with path.open("rb") as file:
            yield from read_json(file)


def _read_zip(source, name, max_size):
    try:
        with zipfile.ZipFile(source) as archive:
            yield from packages.read_package(packages.ZipFiles(archive, max_size))
    except zipfile.BadZipFile as exc:
        unreadable = gettext_noop("%(name)s n'est pas un fichier zip lisible (%(error)s).")
        raise FileError(message(unreadable, name=name, error=str(exc))) from None


# JSON ------------------------------------------------------------------------------


def _text_chunks(file):
    """The file's text, a chunk at a time, decoded as UTF-8 (with or without a BOM)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    while True:
        data = file.read(CHUNK)
        if isinstance(data, str):
            text, final = data, not data
        else:
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                not_utf8 = gettext_noop("Le fichier n'est pas du texte UTF-8 (%(reason)s).")
                raise FileError(message(not_utf8, reason=exc.reason)) from None
            final = not data
        yield text
        if final:
            return


def _unparsable(text, start, error):
    """(what, position) of what made Python's parser give up on the JSON from `start`.

    It refuses, without saying where, a nesting deeper than the recursion limit
    (RecursionError) and an integer of more digits than `sys.get_int_max_str_digits()`
    (ValueError); this finds the first one, strings skipped.
    """
    depth, limit = 0, sys.get_int_max_str_digits()
    too_deep = isinstance(error, RecursionError)
    for token in _TOKENS.finditer(text, start):
        kind = token.group()[0]
        if kind in "[{":
            depth += 1
            if too_deep and depth > MAX_DEPTH:
                deep = gettext_noop("imbriqué sur plus de %(depth)s niveaux")
                return message(deep, depth=MAX_DEPTH), token.start()
        elif kind in "]}":
            depth -= 1
        elif not too_deep and kind.isdigit() and len(token.group()) > limit:
            long = gettext_noop("un nombre de %(digits)s chiffres (au plus %(limit)s)")
            return message(long, digits=len(token.group()), limit=limit), token.start()
    return message(gettext_noop("imbriqué trop profondément, ou un nombre trop long")), start


class _Stream:
    """A growing text buffer over the chunks, with the position of what was consumed."""

    def __init__(self, file):
        self.chunks = _text_chunks(file)
        self.text, self.pos, self.line, self.done = "", 0, 1, False

    def more(self):
        if self.done:
            return False
        chunk = next(self.chunks, "")
        self.done = not chunk
        self.line += self.text.count("\n", 0, self.pos)
        self.text, self.pos = self.text[self.pos :] + chunk, 0
        return not self.done

    def peek(self):
        """The next non-blank character ("" at the end), without consuming it."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.text) or not self.more():
                return self.text[self.pos : self.pos + 1]

    def error(self, what, number=None, pos=None):
        line = self.line + self.text.count("\n", 0, self.pos if pos is None else pos)
        if number:
            return FileError(message(MALFORMED_AFTER, line=line, n=number, what=what))
        return FileError(message(MALFORMED, line=line, what=what))

    def unparsable(self, error, number=None):
        """The FileError for a record Python's parser refused (see `_unparsable`)."""
        what, pos = _unparsable(self.text, self.pos, error)
        return self.error(what, number, pos)


def read_json(file):
    """(number, service) for the services of a JSON file, whatever objects it holds
    (services, organizations with their services, service_at_locations: file_kinds.py)."""
    yield from expand(_json_objects(file))


def _json_objects(file):
    """The objects of a JSON file: the items of an array (read incrementally) or of a
    Page's `contents`, or the one object it is."""
    stream, decoder = _Stream(file), json.JSONDecoder()
    first = stream.peek()
    if first == "{":
        while stream.more():
            pass
        try:
            document = json.loads(stream.text[stream.pos :])
        except json.JSONDecodeError as exc:
            raise FileError(message(MALFORMED, line=exc.lineno, what=exc.msg)) from None
        except (RecursionError, ValueError) as exc:
            raise stream.unparsable(exc) from None
        contents = document.get("contents", [document])  # a Page, or one service
        if not isinstance(contents, list):
            not_a_page = gettext_noop(
                "`contents` n'est pas une liste de services : pas une page HSDS."
            )
            raise FileError(message(not_a_page))
        yield from contents
        return
    if first != "[":
        raise stream.error(message(gettext_noop("une liste de services ou un service attendu")))
    stream.pos += 1
    number = 0
    if stream.peek() == "]":
        stream.pos += 1
        if stream.peek():
            raise stream.error(message(AFTER_THE_LIST))
        return
    while True:
        stream.peek()  # raw_decode does not skip blanks
        try:
            record, end = decoder.raw_decode(stream.text, stream.pos)
        except json.JSONDecodeError as exc:
            if stream.more():
                continue
            raise stream.error(exc.msg, number) from None
        except (RecursionError, ValueError) as exc:
            raise stream.unparsable(exc, number) from None
        # A number cut by the end of the chunk parses short: read on before trusting it.
        if end == len(stream.text) and not isinstance(record, dict | list) and stream.more():
            continue
        number += 1
        stream.pos = end
        yield record
        separator = stream.peek()
        stream.pos += 1
        if separator == "]":
            if stream.peek():
                raise stream.error(message(AFTER_THE_LIST), number)
            return
        if separator != ",":
            comma = gettext_noop("une virgule ou la fin de la liste attendue")
            raise stream.error(message(comma), number)
