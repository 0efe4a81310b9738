"""The places of the Region as residents name them: each postcode with its point and its
bpost locality name, and the other names people give a commune or a part of one.

A postcode's point is inside its own area, where its people and shops are, not the centre
of its commune: the four postcodes of the City of Brussels are four places kilometres
apart (1000 the centre, 1020 Laeken, 1120 Neder-Over-Heembeek, 1130 Haren). The points
were derived once, at development time, from the official list of pharmacies by postcode
(AFMPS, see ../shared/data/SOURCES.md; the list itself is not shipped): the median of the
postcode's pharmacies, to 3 decimals (~100 m), or, where that median falls outside the
commune (1050, whose median lies on the City of Brussels' strip of avenue Louise), the
pharmacy nearest to it inside the commune. tests/test_places.py checks each one against
the pharmacies and the UrbIS communes.
"""

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Locality:
    code: str  # the postcode
    commune: str  # NIS code
    name_fr: str
    name_nl: str
    lat: float
    lon: float
    # Other names residents use for it: former communes, short and English names.
    also: tuple = ()

    def name(self, language):
        return self.name_nl if language == "nl" else self.name_fr


LOCALITIES = (
    Locality(
        "1000",
        "21004",
        "Bruxelles",
        "Brussel",
        50.847,
        4.356,
        (
            "Bruxelles-Ville",
            "Ville de Bruxelles",
            "Brussel-Stad",
            "Stad Brussel",
            "City of Brussels",
            "Brussels",
            "Pentagone",
            "Vijfhoek",
        ),
    ),
    Locality("1020", "21004", "Laeken", "Laken", 50.884, 4.346),
    Locality("1030", "21015", "Schaerbeek", "Schaarbeek", 50.863, 4.383),
    Locality("1040", "21005", "Etterbeek", "Etterbeek", 50.833, 4.395),
    Locality("1050", "21009", "Ixelles", "Elsene", 50.825, 4.374),
    Locality("1060", "21013", "Saint-Gilles", "Sint-Gillis", 50.829, 4.345),
    Locality("1070", "21001", "Anderlecht", "Anderlecht", 50.836, 4.305),
    Locality(
        "1080",
        "21012",
        "Molenbeek-Saint-Jean",
        "Sint-Jans-Molenbeek",
        50.857,
        4.334,
        ("Molenbeek",),
    ),
    Locality("1081", "21011", "Koekelberg", "Koekelberg", 50.863, 4.330),
    Locality(
        "1082",
        "21003",
        "Berchem-Sainte-Agathe",
        "Sint-Agatha-Berchem",
        50.865,
        4.296,
        ("Berchem",),
    ),
    Locality("1083", "21008", "Ganshoren", "Ganshoren", 50.872, 4.313),
    Locality("1090", "21010", "Jette", "Jette", 50.877, 4.329),
    Locality("1120", "21004", "Neder-Over-Heembeek", "Neder-Over-Heembeek", 50.895, 4.383),
    Locality("1130", "21004", "Haren", "Haren", 50.891, 4.418),
    Locality("1140", "21006", "Evere", "Evere", 50.865, 4.404),
    Locality("1150", "21019", "Woluwe-Saint-Pierre", "Sint-Pieters-Woluwe", 50.833, 4.430),
    Locality("1160", "21002", "Auderghem", "Oudergem", 50.817, 4.418),
    Locality(
        "1170",
        "21017",
        "Watermael-Boitsfort",
        "Watermaal-Bosvoorde",
        50.803,
        4.409,
        ("Watermael", "Boitsfort", "Watermaal", "Bosvoorde"),
    ),
    Locality("1180", "21016", "Uccle", "Ukkel", 50.803, 4.347),
    Locality("1190", "21007", "Forest", "Vorst", 50.817, 4.330),
    Locality("1200", "21018", "Woluwe-Saint-Lambert", "Sint-Lambrechts-Woluwe", 50.846, 4.426),
    Locality(
        "1210",
        "21014",
        "Saint-Josse-ten-Noode",
        "Sint-Joost-ten-Node",
        50.854,
        4.370,
        ("Saint-Josse", "Sint-Joost"),
    ),
)

BY_POSTCODE = {locality.code: locality for locality in LOCALITIES}


# "St-Gilles", "Ste-Agathe", "St.-Pieters-Woluwe": saint and sint as people shorten them.
_SAINT = re.compile(r"s(?:ai|i)nt(e?)")


def key(text):
    """A name as a key: lower case, no accents, no spaces, hyphens, dots or apostrophes,
    saints shortened, so that "Sint-Jans-Molenbeek", "sint jans molenbeek",
    "St Jans Molenbeek" and "SintJansMolenbeek" meet."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return _SAINT.sub(r"st\1", re.sub(r"[^a-z0-9]", "", text.lower()))


def _names(locality):
    return (locality.name_fr, locality.name_nl, *locality.also)


BY_NAME = {key(name): locality for locality in LOCALITIES for name in _names(locality)}


def first_of_commune(nis_code):
    """The commune's first postcode's locality ("1000 Bruxelles" for the City)."""
    return next((loc for loc in LOCALITIES if loc.commune == nis_code), None)
