"""Words the vocabulary knows: typos corrected and compounds read, for the engine.

Every word of the search documents is a `SearchTerm`; a query's unknown word may be one
of them with a typo ("logemnt"), or two glued ("daklozenopvang"), or two words typed
apart that the vocabulary knows glued ("schuld hulp").
"""

from ..backends import backend
from ..models import SearchTerm
from ..text import STOPWORDS, alphabet, stems

MIN_TYPO_LENGTH = 5


def edits(word):
    """Strings one edit from `word`: only a swap changes its first letter ("panne", "anne")."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    letters, after_first = alphabet(word), splits[1:]
    return (
        {a + b[1:] for a, b in after_first if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in after_first if b for c in letters}
        | {a + c + b for a, b in after_first for c in letters}
    ) - {word}


def known_terms_near(word, typos):
    """Vocabulary terms that could be `word` with one typo (a superset of those in
    `typos`, to be checked)."""
    near = backend().terms_near(SearchTerm.objects.all(), word, typos)
    return set(near.values_list("term", flat=True))


def known_words(words):
    """Those of `words` the vocabulary knows, as written or by one of their stems."""
    forms = {form for word in words for form in stems(word)}
    known = backend().terms_among(SearchTerm.objects.all(), forms)
    return {word for word in words if known.intersection(stems(word))}


def corrections(words, known):
    """Known terms one typo away from each unknown word of five letters or more."""
    fixes = {}
    for word in words:
        if len(word) >= MIN_TYPO_LENGTH and word not in known:
            typos = edits(word)
            fixes[word] = sorted(known_terms_near(word, typos) & typos)
    return fixes


# Dutch glues words into one ("daklozenopvang", "huurachterstand"): an unknown word this
# long is read as two words of the vocabulary, with the linking -s- or -e(n)- between; or
# as one such word of five letters or more and a longer rest ("asiel|zoeker"); or as a
# last word of eight letters or more and any rest ("gok|verslaving"). The first part
# says what it is about: of two readings with one known part, the one that knows it.
MIN_COMPOUND_LENGTH = 8
MIN_PART_LENGTH = 3
MIN_ALONE_LENGTH, MIN_REST_LENGTH, MIN_LONE_HEAD_LENGTH = 5, 6, 8
LINKS = ("s", "e", "en")


def joined_compounds(words):
    """`words`, two of them joined where they make one word of the vocabulary: a compound
    typed in two ("vrijwilligers werk", "schuld hulp")."""
    neighbours = list(zip(words, words[1:], strict=False))
    pairs = {a + b: (a, b) for a, b in neighbours}
    pairs |= {a + "s" + b: (a, b) for a, b in neighbours if not a.endswith("s")}
    joined = backend().terms_among(SearchTerm.objects.all(), pairs)
    for compound in sorted(joined, key=len, reverse=True):
        a, b = pairs[compound]
        if a in words and b in words and words.index(b) == words.index(a) + 1:
            words[words.index(a) : words.index(a) + 2] = [compound]
    return words


def compound_parts(word):
    """The words of the vocabulary an unknown compound is made of, or []."""
    if len(word) < MIN_COMPOUND_LENGTH:
        return []
    splits = []
    for cut in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
        head, tail = word[:cut], word[cut:]
        splits.append((head, tail))
        splits += [
            (head[: -len(link)], tail)
            for link in LINKS
            if head.endswith(link) and len(head) - len(link) >= MIN_PART_LENGTH
        ]
    parts = {part for split in splits for part in split}
    known = backend().terms_among(SearchTerm.objects.all(), parts)

    def reading(split):
        found = [part in known for part in split]
        if not all(found):  # one known part alone: long, and the rest longer, or very long
            part, rest = split if found[0] else reversed(split)
            long = len(part) >= MIN_ALONE_LENGTH and len(rest) >= MIN_REST_LENGTH
            head = found[1] and len(part) >= MIN_LONE_HEAD_LENGTH  # the last part, long
            if not any(found) or not (long or head):
                return 0, False, 0
        return sum(found), found[0], max(len(p) for p, f in zip(split, found, strict=True) if f)

    best = max(splits, key=reading)
    return [p for p in best if p in known and p not in STOPWORDS] if reading(best)[0] else []
