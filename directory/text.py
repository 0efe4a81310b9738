"""Normalising and stemming, the same for search documents, queries and staff lookups.

Lower case, no accents, no punctuation, in the scripts of Brussels' languages: Latin,
Arabic (Arabic and Dari) and Cyrillic (Ukrainian, Russian, Bulgarian). Every word is
stemmed in the languages of its script.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Letters and digits each script keeps once folded: Latin without accents, Arabic letters
# (with the Persian ones), Cyrillic in lower case (Ukrainian і ї є ґ included).
_NON_WORD = re.compile(r"[^a-z0-9\u0430-\u045f\u0491\u0620-\u064a\u066e-\u06d5]+")

# Accents go, except on Cyrillic letters, where they make other letters (й, ї: ё is
# folded below); Arabic short vowels and Quranic marks go everywhere.
_MARKS = re.compile(
    r"(?<![\u0400-\u04ff])[\u0300-\u036f]+|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
)

# Letters without a decomposition, and the variants people type for one letter.
_FOLD = str.maketrans(
    {
        "ı": "i",  # Turkish dotless i: "yardım" is "yardim" ("İ" lowers to i + dot)
        "ł": "l",  # Polish
        "ø": "o",
        "đ": "d",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",  # "sœur" is "soeur", as typed on a phone
        "ё": "е",
        "ٱ": "ا",  # alef wasla (أ إ آ lose their hamza or madda with the marks)
        "ة": "ه",  # ta marbuta is typed as ha
        "ى": "ي",  # alef maqsura as ya
        "ی": "ي",  # Persian ye
        "ک": "ك",  # Persian kaf
        "ۀ": "ه",
        "ە": "ه",
        "ہ": "ه",
        "\u0640": None,  # tatweel, the stretching stroke
        **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + n): str(n) for n in range(10)},  # Persian digits
    }
)

# A Latin "i" typed inside a Cyrillic word (a Ukrainian on a Russian keyboard) is "і"; the
# Ukrainian apostrophe is part of its word ("здоров'я", "комп'ютер").
_LATIN_I_IN_CYRILLIC = re.compile(r"(?<=[\u0430-\u045f\u0491])i|i(?=[\u0430-\u045f\u0491])")
_CYRILLIC_APOSTROPHE = re.compile(r"(?<=[\u0430-\u045f\u0491])['’ʼ`](?=[\u0430-\u045f\u0491])")

_CYRILLIC = re.compile(r"[\u0430-\u045f\u0491]")
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_ARABIC = re.compile(r"[\u0620-\u06d5]")
_STEMMERS = [snowballstemmer.stemmer(lang) for lang in ("french", "dutch", "english")]
# The languages of residents, by script. After French, Dutch and English (Latin) and
# Arabic, a stem counts only when long enough to say something.
_LATIN_STEMMERS = [
    snowballstemmer.stemmer(lang) for lang in ("spanish", "portuguese", "romanian", "polish")
]
# Snowball's Turkish cuts the vowels of Romance words ("gratuita" to "gratui"): Turkish
# words lose only their plural and possessive endings ("yemekleri", "kirası").
_TURKISH_ENDINGS = ("leri", "lari", "ler", "lar", "si", "i")
MIN_TURKISH_STEM = 4
_ARABIC_STEMMERS = [snowballstemmer.stemmer(lang) for lang in ("arabic", "persian")]
_CYRILLIC_STEMMERS = [snowballstemmer.stemmer("russian")]  # close enough for uk and bg
MIN_STEM, MIN_OTHER_STEM = 3, 5

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
    """Lower case, no accents, one form per letter, words separated by single spaces."""
    text = _MARKS.sub("", unicodedata.normalize("NFKD", (text or "").lower()))
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    text = _CYRILLIC_APOSTROPHE.sub("", _LATIN_I_IN_CYRILLIC.sub("і", text))
    return _NON_WORD.sub(" ", text).strip()


def _words(text):
    return frozenset(normalise(text).split())


# The same in the other languages of the pages, as typed (normalised once, here).
STOPWORDS |= _words(
    """
    في من على الى إلى عن انا أنا اريد أريد ابحث أبحث احتاج أحتاج محتاج محتاجة بحاجة اين أين
    فين وين بغيت عندي ما لا مع و او أو هل مساعدة المساعدة يا لي ليا شي واش كيف كيفاش بدون بلا
    عاجل اليوم الان الآن دابا ديال ديالي هنا
    ve bir için icin nerede nereye lazım lazim istiyorum arıyorum ariyorum benim ben bana
    var yok mi mı yardım yardımı yardıma acil bugün şimdi lütfen ile bu çok ne nasıl beni
    necesito busco donde dónde quiero tengo hay el los las del al una uno es estoy yo mi mis
    para por con sin que no ayuda urgente hoy ahora favor tu su puedo puede me nada muy
    preciso procuro onde quero tenho meu minha meus minhas do da dos das no na em um uma com
    eu ajuda hoje agora não nao sem estou posso pode nada muito muita muitas muitos
    am nevoie caut unde vreau pentru și si în la cu pe un o mea meu mei ajutor azi acum vă
    rog fără fara sunt este pot poate mă ma nu ce foarte
    potrzebuję potrzebuje szukam gdzie chcę chce mam nie dla do na w z i się sie jest moje
    moja mój pomoc proszę prosze dzisiaj teraz bez pilne mnie mi mną mogę może można nic co
    jak ten ta
    я мені мне потрібна потрібно потрібен нужна нужно нужен треба де где шукаю ищу хочу в у
    на з с для і и та а або или допомога допомогу допомоги помощь помощи мій моя мої мой мои
    є есть нема немає нет без сьогодні сегодня зараз сейчас терміново срочно будь ласка
    пожалуйста як как що что по до от від не можу може мене нас нам могу меня
    помощ къде търся искам трябва ми за имам нямам нужда моля днес сега
    من به در از برای کجا میخواهم می خواهم ضرورت دارم را یک کمک با بدون است هست چی چه لطفا
    امروز حالا کنم
    """
)


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
    # In the other languages: a "refugio" is a shelter, a "refugiado" a refugee; a
    # "trabajador social" no "trabajo"; "remédio" a medicine, no "remédiation"; "renda"
    # an income or a rent, no "rendez-vous"; "rodas" wheels; "primăria" the town hall, not
    # "primary" care; "urgencias" a hospital's, not a shelter's "urgence"; a "mobile" or
    # "móvil" a phone, not "mobilité"; the Turkish "gelir" an income, not "lire" (to
    # read); "posta" e-mail; بطاقة a card, not طاقة energy; مالك an owner, not مال money;
    # the Dari کارت a card, not کار work.
    # The Dutch "Engels" (English) is no Turkish "engel" (an obstacle, "engelli" disabled).
    **dict.fromkeys(["engels", "engelse"], "engels"),
    **dict.fromkeys(["refugio", "refugios"], "refugio"),
    **dict.fromkeys(["trabajador", "trabajadora", "trabalhador"], "trabajador"),
    **dict.fromkeys(["trabalhos"], "trabalhos"),  # "trabalhos de casa", homework
    **dict.fromkeys(["remedio", "remedios"], "remedio"),
    **dict.fromkeys(["renda", "rendas"], "renda"),
    **dict.fromkeys(["rodas", "ruedas"], "rodas"),
    **dict.fromkeys(["primarie", "primariei"], "primarie"),
    **dict.fromkeys(["urgencia", "urgencias"], "urgencias"),
    **dict.fromkeys(["mobile", "mobiles", "movil", "moviles"], "mobile"),
    **dict.fromkeys(["movilidad", "mobilidade"], "mobilite"),
    **dict.fromkeys(["gelir", "geliri"], "gelir"),
    **dict.fromkeys(["posta"], "posta"),
    **dict.fromkeys(["بطاقه", "البطاقه"], "بطاقه"),
    **dict.fromkeys(["مالك", "المالك"], "مالك"),
    **dict.fromkeys(["كارت"], "كارت"),
    # Forms to fill, in every language, one need whatever the ending ("formula" is milk).
    **dict.fromkeys(
        ["formulaire", "formulaires", "formular", "formulare", "formulario", "formularios"]
        + ["formularz", "formularze", "formulario", "formularios"],
        "formulaire",
    ),
}


_ALPHABETS = (
    (_ARABIC, "ءابتثجحخدذرزسشصضطظعغفقكلمنهويپچژگ"),
    (_CYRILLIC, "".join(map(chr, range(0x0430, 0x0450))) + "іїєґ"),
)


def alphabet(word):
    """The letters of the script `word` is written in, once folded (for typos)."""
    return next((letters for script, letters in _ALPHABETS if script.match(word)), _LATIN)


@lru_cache(maxsize=100_000)
def stems(word):
    """The word and its stems in the languages of its script (at least 3 letters each;
    5 for the other languages of its script, which only cut an ending)."""
    if word in OWN_STEM:
        return tuple(sorted({word, OWN_STEM[word]}))
    if _ARABIC.match(word):
        stemmers, others = _ARABIC_STEMMERS[:1], _ARABIC_STEMMERS[1:]
    elif _CYRILLIC.match(word):
        stemmers, others = _CYRILLIC_STEMMERS, []
    else:
        stemmers, others = _STEMMERS, _LATIN_STEMMERS
    forms = {word}
    forms.update(s for stemmer in stemmers if len(s := stemmer.stemWord(word)) >= MIN_STEM)
    # The other languages' stemmers only cut an ending: a word of another language they
    # would rewrite ("logement") keeps its own forms.
    forms.update(
        s
        for stemmer in others
        if len(s := normalise(stemmer.stemWord(word))) >= MIN_OTHER_STEM and word.startswith(s)
    )
    if others:
        # The Polish stemmer reads "-ów" but not "-ow", as folded ("rachunków", of bills).
        if word.endswith("ow") and len(word) - 2 >= MIN_OTHER_STEM:
            forms.add(word[:-2])
        ending = next((e for e in _TURKISH_ENDINGS if word.endswith(e)), "")
        if ending and len(word) - len(ending) >= MIN_TURKISH_STEM:
            forms.add(word[: -len(ending)])
    return tuple(sorted(forms))


def tokens(text):
    """Every form of every word of `text`, for the search document."""
    return [form for word in normalise(text).split() for form in stems(word)]


def unreadable_script(text):
    """True if the text has letters and none of them is a Latin one (which `normalise`
    keeps): a query we cannot read, not an empty one."""
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and not normalise("".join(letters))
