"""Normalising and stemming, the same for search documents, queries and staff lookups.

Lower case, no accents, no punctuation; every word stemmed in French, Dutch and English.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_NON_WORD = re.compile(r"[^a-z0-9]+")
_STEMMERS = [snowballstemmer.stemmer(lang) for lang in ("french", "dutch", "english")]

# Words that carry no need: searching for them would only add noise.
STOPWORDS = frozenset(
    """a au aux avec ce ces dans de des du en et la le les mon ma mes ou par pour sur un une
    je j me moi mon nous vous il elle on qui que quoi est suis ai besoin cherche aide
    aan bij de den der een en het in is ik met mijn naar of op te van voor wat waar zoek hulp
    an and at for help i in is me my need of on or the to with where what
    ne n pas plus rien sais peux veux vais dois chez mes ta ton tes son sa ses il ils elles
    leur leurs y ca cela ceci comment quand quel quelle faire trouver svp stp merci urgent
    soir ce matin midi aujourd hui demain maintenant vite
    kan kun wil moet niet geen heb ben ik mij je jij u zijn haar hem hoe wanneer graag
    alsjeblieft aub dringend vandaag vanavond morgen nu snel
    am are can cant t don do a an get how when please urgent today tonight tomorrow now
    chercher cherchons recherche trouve zoeken zoekt vinden look looking search searching find
    probleme problemes souci soucis question questions difficulte difficultes
    probleem problemen vraag vragen problem problems issue issues trouble
    sens sent sentir voel voelen feel feeling trop beaucoup veut va vont veel very
    arrive arrivent arrivons lukt demander vraag vragen ask ans jaar years old
    service services dienst diensten nouveau nouvelle nouveaux nieuw nieuwe new
    was were been worden wordt werd rendez gisteren yesterday""".split()
)


def normalise(text):
    """Lower case, no accents, words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return _NON_WORD.sub(" ", text.lower()).strip()


def sort_key(text):
    """Alphabetical order as readers expect it, whatever the accents and the case:
    "Étangs" between "Dries" and "Forêt", not after "Z" as in code-point order."""
    return (normalise(text), (text or "").casefold())


# Unrelated words that the stemmers cut to one stem, kept apart: each stands for itself
# and its own forms only ("ouderen" are the elderly, "ouders" parents; "couper le gaz" is
# no "coups"; a "refuge" is not a "réfugié"; "porte", a door, does not "porter plainte").
# tests/test_search_words.py lists the stems the taxonomy's words may share.
OWN_STEM = {
    **dict.fromkeys(["ouderen", "oudere"], "ouderen"),
    **dict.fromkeys(["ouders", "ouder"], "ouders"),
    **dict.fromkeys(["coup", "coups"], "coups"),
    **dict.fromkeys(["couper", "coupe", "coupee", "coupure", "coupures"], "coupure"),
    **dict.fromkeys(["refuge", "refuges"], "refuge"),
    **dict.fromkeys(["refugee", "refugees"], "refugee"),
    **dict.fromkeys(["porte", "portes"], "porte"),
    **dict.fromkeys(["traine", "trainer", "trainee"], "traine"),
    **dict.fromkeys(["litige", "litiges"], "litige"),  # not a "lit" for the night
    **dict.fromkeys(["worker", "workers"], "worker"),  # a social worker is not "work"
    **dict.fromkeys(["werker", "werkers"], "werker"),
}


@lru_cache(maxsize=100_000)
def stems(word):
    """The word and its French, Dutch and English stems (at least 3 letters each)."""
    if word in OWN_STEM:
        return tuple(sorted({word, OWN_STEM[word]}))
    forms = {word}
    forms.update(s for stemmer in _STEMMERS if len(s := stemmer.stemWord(word)) >= 3)
    return tuple(sorted(forms))


def tokens(text):
    """Every form of every word of `text`, for the search document."""
    return [form for word in normalise(text).split() for form in stems(word)]


def unreadable_script(text):
    """True if the text has letters and none of them is a Latin one (which `normalise`
    keeps): a query we cannot read, not an empty one."""
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and not normalise("".join(letters))
