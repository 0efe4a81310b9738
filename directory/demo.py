"""The demo data set: fictional organisations and services in the 19 communes of Brussels.

Every organisation here is invented and flagged `is_demo`; its name ends in "(démo)".
Streets are real, so the addresses look right on a map; organisation names, phone
numbers, e-mails (example.org) and websites are made up. The same seed gives the same
data set, and running `load_demo()` again replaces the demo data and nothing else.

Tables first (streets, services, kinds of organisation, opening hours, names), then the
small functions that combine them.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from itertools import cycle

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from .models import (
    Audience,
    Category,
    Commune,
    Language,
    Location,
    Organisation,
    Phone,
    Quartier,
    Schedule,
    ScheduleException,
    Service,
    unique_slug,
)
from .page_cache import directory_changed
from .search import refresh_documents

SEED = 2020
# A location is its quartier's centre moved by at most this much (in degrees).
JITTER_DEG = 0.0015
SHARE_WITH_ENGLISH = 0.5
SHARE_TWO_LOCATIONS = 0.18
SHARE_WHEELCHAIR = 0.4
SHARE_HOLIDAY_CLOSURE = 0.3
SHARE_STALE = 0.3  # last verified more than six months ago
DEMO_SUFFIX = (" (démo)", " (demo)", " (demo)")

# ---------------------------------------------------------------------------------------
# Streets: (street FR, street NL, monitoring quartier code[, postcode]).
#
# The quartier gives the coordinates (its centre, jittered). Only quartiers whose centre
# lies at least 0.0019° inside the commune are listed, so a jittered point never leaves
# the commune. Some of them straddle a border and are filed under the neighbouring
# commune in fixtures/brussels.json (43 and 106 for Ixelles, 72 for Jette, 47 for
# Saint-Gilles, 22 and 24 for Schaerbeek, 101 and 104 for Watermael-Boitsfort, 88 for
# Woluwe-Saint-Lambert, 94 and 99 for Woluwe-Saint-Pierre): the street is in the commune
# all the same. The postcode defaults to the commune's first one.
# ---------------------------------------------------------------------------------------
STREETS = {
    "anderlecht": [
        ("Rue Wayez", "Wayezstraat", 58),
        ("Place de la Vaillance", "Dapperheidsplein", 58),
        ("Rue Brogniez", "Brogniezstraat", 11),
        ("Rue de Fiennes", "de Fiennesstraat", 11),
        ("Chaussée de Mons", "Bergensesteenweg", 12),
        ("Rue des Vétérinaires", "Veeartsenstraat", 12),
        ("Avenue de Scheut", "Scheutlaan", 59),
        ("Rue Veeweyde", "Veeweydestraat", 52),
        ("Avenue Émile Gryson", "Emile Grysonlaan", 53),
        ("Route de Lennik", "Lenniksebaan", 54),
        ("Parc du Peterbos", "Peterbospark", 61),
        ("Boulevard Sylvain Dupuis", "Sylvain Dupuislaan", 57),
    ],
    "auderghem": [
        ("Chaussée de Wavre", "Waversesteenweg", 100),
        ("Avenue Schaller", "Schallerlaan", 100),
        ("Boulevard du Souverain", "Vorstlaan", 98),
        ("Avenue Herrmann-Debroux", "Herrmann-Debrouxlaan", 98),
        ("Avenue Jean Van Horenbeeck", "Jean Van Horenbeecklaan", 102),
        ("Rue des Pêcheries", "Visserijstraat", 102),
    ],
    "berchem-sainte-agathe": [
        ("Avenue Josse Goffin", "Josse Goffinlaan", 67),
        ("Rue de Grand-Bigard", "Groot-Bijgaardenstraat", 67),
        ("Chaussée de Gand", "Gentsesteenweg", 67),
        ("Avenue du Roi Albert", "Koning Albertlaan", 66),
        ("Rue Kasterlinden", "Kasterlindenstraat", 66),
    ],
    "bruxelles": [
        ("Rue Haute", "Hoogstraat", 8),
        ("Rue Blaes", "Blaesstraat", 8),
        ("Rue des Tanneurs", "Huidevettersstraat", 8),
        ("Rue Antoine Dansaert", "Antoine Dansaertstraat", 2),
        ("Rue de Flandre", "Vlaamsesteenweg", 3),
        ("Rue de Laeken", "Lakensestraat", 3),
        ("Rue d'Anderlecht", "Anderlechtsestraat", 10),
        ("Rue du Midi", "Zuidstraat", 10),
        ("Avenue de Stalingrad", "Stalingradlaan", 9),
        ("Rue du Marais", "Broekstraat", 4),
        ("Avenue du Port", "Havenlaan", 18),
        ("Rue Marie-Christine", "Maria-Christinastraat", 20, "1020"),
        ("Boulevard Émile Bockstael", "Emile Bockstaellaan", 19, "1020"),
        ("Avenue Houba de Strooper", "Houba de Strooperlaan", 75, "1020"),
        ("Rue François Vekemans", "François Vekemansstraat", 77, "1120"),
        ("Chaussée de Vilvorde", "Vilvoordsesteenweg", 77, "1120"),
        ("Rue de Cortenbach", "Cortenbachstraat", 78, "1130"),
    ],
    "etterbeek": [
        ("Avenue de la Chasse", "Jachtlaan", 33),
        ("Rue des Champs", "Veldstraat", 33),
        ("Avenue d'Auderghem", "Oudergemlaan", 32),
        ("Rue Général Leman", "Generaal Lemanstraat", 32),
        ("Rue Froissart", "Froissartstraat", 34),
        ("Place Jourdan", "Jourdanplein", 34),
        ("Avenue des Casernes", "Kazernenlaan", 31),
    ],
    "evere": [
        ("Chaussée de Haecht", "Haachtsesteenweg", 79),
        ("Rue Édouard Stuckens", "Edouard Stuckensstraat", 79),
        ("Avenue Henri Conscience", "Henri Consciencelaan", 83),
        ("Rue Saint-Vincent", "Sint-Vincentiusstraat", 83),
        ("Avenue Léopold III", "Leopold III-laan", 84),
        ("Avenue Henry Dunant", "Henry Dunantlaan", 86),
    ],
    "forest": [
        ("Chaussée de Bruxelles", "Brusselsesteenweg", 50),
        ("Rue des Alliés", "Bondgenotenstraat", 50),
        ("Rue du Croissant", "Halvemaanstraat", 50),
        ("Avenue Van Volxem", "Van Volxemlaan", 51),
        ("Place Saint-Denis", "Sint-Denijsplein", 118),
        ("Chaussée de Neerstalle", "Neerstallesteenweg", 118),
        ("Place de l'Altitude Cent", "Hoogte Honderdplein", 46),
    ],
    "ganshoren": [
        ("Avenue de Villegas", "de Villegaslaan", 69),
        ("Place Guido Gezelle", "Guido Gezelleplein", 69),
        ("Avenue Van Overbeke", "Van Overbekelaan", 68),
        ("Avenue Charles-Quint", "Keizer Karellaan", 68),
    ],
    "ixelles": [
        ("Chaussée de Wavre", "Waversesteenweg", 36),
        ("Rue Longue Vie", "Langlevenstraat", 36),
        ("Chaussée d'Ixelles", "Elsensesteenweg", 37),
        ("Rue de la Brasserie", "Brouwerijstraat", 37),
        ("Rue Malibran", "Malibranstraat", 37),
        ("Rue Gray", "Graystraat", 38),
        ("Boulevard Général Jacques", "Generaal Jacqueslaan", 107),
        ("Chaussée de Boondael", "Boondaalsesteenweg", 106),
        ("Place Georges Brugmann", "Georges Brugmannplein", 43),
    ],
    "jette": [
        ("Place Reine Astrid", "Koningin Astridplein", 72),
        ("Rue Léon Théodore", "Léon Theodorstraat", 72),
        ("Boulevard de Smet de Naeyer", "De Smet de Naeyerlaan", 72),
        ("Avenue Charles Woeste", "Charles Woestelaan", 71),
        ("Avenue du Laerbeek", "Laarbeeklaan", 73),
        ("Chaussée de Wemmel", "Wemmelsesteenweg", 73),
    ],
    "koekelberg": [
        ("Rue Herkoliers", "Herkoliersstraat", 17),
        ("Avenue de la Liberté", "Vrijheidslaan", 17),
        ("Avenue du Panthéon", "Pantheonlaan", 17),
        ("Chaussée de Jette", "Jetsesteenweg", 17),
    ],
    "molenbeek-saint-jean": [
        ("Chaussée de Gand", "Gentsesteenweg", 16),
        ("Rue de Ribaucourt", "Ribaucourtstraat", 16),
        ("Place Communale", "Gemeenteplein", 16),
        ("Rue du Comte de Flandre", "Graaf van Vlaanderenstraat", 16),
        ("Rue de l'Intendant", "Intendantstraat", 16),
        ("Place de la Duchesse de Brabant", "Hertogin van Brabantplein", 14),
        ("Chaussée de Ninove", "Ninoofsesteenweg", 14),
        ("Rue Vandenpeereboom", "Vandenpeereboomstraat", 15),
        ("Boulevard Louis Mettewie", "Louis Mettewielaan", 63),
        ("Avenue Jean de la Hoese", "Jean de la Hoeselaan", 63),
    ],
    "saint-gilles": [
        ("Chaussée de Waterloo", "Waterloosesteenweg", 48),
        ("Parvis de Saint-Gilles", "Sint-Gillisvoorplein", 48),
        ("Rue Théodore Verhaegen", "Theodoor Verhaegenstraat", 48),
        ("Chaussée de Charleroi", "Charleroisesteenweg", 41),
        ("Rue Berckmans", "Berckmansstraat", 41),
        ("Rue de Mérode", "de Merodestraat", 49),
        ("Chaussée de Forest", "Vorstsesteenweg", 49),
        ("Place Maurice Van Meenen", "Maurice Van Meenenplein", 47),
    ],
    "saint-josse-ten-noode": [
        ("Chaussée de Louvain", "Leuvensesteenweg", 25),
        ("Rue de la Limite", "Grensstraat", 25),
        ("Place Saint-Josse", "Sint-Joostplein", 25),
        ("Rue des Deux Églises", "Tweekerkenstraat", 25),
        ("Rue Saint-François", "Sint-Franciscusstraat", 25),
        ("Avenue de l'Astronomie", "Sterrenkundelaan", 25),
    ],
    "schaerbeek": [
        ("Place Colignon", "Colignonplein", 23),
        ("Avenue Louis Bertrand", "Louis Bertrandlaan", 23),
        ("Chaussée de Haecht", "Haachtsesteenweg", 24),
        ("Rue Royale Sainte-Marie", "Koninklijke Sint-Mariastraat", 24),
        ("Rue de Brabant", "Brabantstraat", 22),
        ("Rue des Palais", "Paleizenstraat", 22),
        ("Place Dailly", "Daillyplein", 26),
        ("Avenue Rogier", "Rogierlaan", 27),
        ("Boulevard Lambermont", "Lambermontlaan", 27),
        ("Avenue Eugène Plasky", "Eugène Plaskylaan", 28),
        ("Chaussée de Helmet", "Helmetsesteenweg", 80),
        ("Rue Gallait", "Gallaitstraat", 81),
        ("Boulevard Auguste Reyers", "Auguste Reyerslaan", 87),
    ],
    "uccle": [
        ("Chaussée d'Alsemberg", "Alsembergsesteenweg", 116),
        ("Rue Xavier De Bue", "Xavier De Buestraat", 116),
        ("Rue de Stalle", "Stallestraat", 115),
        ("Avenue Winston Churchill", "Winston Churchilllaan", 44),
        ("Rue Vanderkindere", "Vanderkinderestraat", 44),
        ("Avenue de Fré", "de Frélaan", 108),
        ("Place de Saint-Job", "Sint-Jobplein", 113),
        ("Chaussée de Waterloo", "Waterloosesteenweg", 111),
        ("Avenue Dolez", "Dolezlaan", 112),
        ("Dieweg", "Dieweg", 114),
    ],
    "watermael-boitsfort": [
        ("Place Antoine Gilson", "Antoine Gilsonplein", 103),
        ("Chaussée de La Hulpe", "Terhulpsesteenweg", 103),
        ("Rue Middelbourg", "Middelburgstraat", 103),
        ("Place Keym", "Keymplein", 104),
        ("Avenue de la Houlette", "Herdersstaflaan", 101),
        ("Boulevard du Souverain", "Vorstlaan", 101),
    ],
    "woluwe-saint-lambert": [
        ("Avenue Georges Henri", "Georges Henrilaan", 88),
        ("Rue Saint-Lambert", "Sint-Lambertusstraat", 90),
        ("Chaussée de Roodebeek", "Roodebeeksesteenweg", 90),
        ("Avenue Paul Hymans", "Paul Hymanslaan", 91),
        ("Avenue Émile Vandervelde", "Emile Vanderveldelaan", 92),
    ],
    "woluwe-saint-pierre": [
        ("Avenue de Tervueren", "Tervurenlaan", 96),
        ("Rue au Bois", "Bosstraat", 96),
        ("Place Dumon", "Dumonplein", 94),
        ("Avenue Orban", "Orbanlaan", 94),
        ("Avenue de Hinnisdael", "Hinnisdaellaan", 95),
        ("Avenue du Chant d'Oiseau", "Vogelzanglaan", 99),
    ],
}

# Languages heard in the commune, besides French and Dutch, that its services often speak.
LOCAL_LANGUAGES = {
    "anderlecht": ("ar", "ro"),
    "bruxelles": ("ar", "es"),
    "etterbeek": ("en", "pl"),
    "forest": ("ar", "pl"),
    "ixelles": ("ln", "es", "en"),
    "koekelberg": ("ar",),
    "molenbeek-saint-jean": ("ar", "ar", "tr"),
    "saint-gilles": ("pt", "es", "pl"),
    "saint-josse-ten-noode": ("tr", "bg"),
    "schaerbeek": ("tr", "ar", "bg"),
}
COMMON_LANGUAGES = ("en", "en", "ar", "es", "tr", "ro", "pl", "it")

# ---------------------------------------------------------------------------------------
# Opening hours: (days, opens, closes). A slot that closes at or before it opens runs
# past midnight; 00:00-00:00 is the whole day.
# ---------------------------------------------------------------------------------------
WEEKDAYS = (0, 1, 2, 3, 4)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
HOURS = {
    "office": [(WEEKDAYS, "09:00", "12:30"), (WEEKDAYS, "13:30", "17:00")],
    "office_saturday": [
        (WEEKDAYS, "09:00", "12:30"),
        (WEEKDAYS, "13:30", "17:00"),
        ((5,), "09:30", "12:30"),
    ],
    "mornings": [(WEEKDAYS, "09:00", "12:30")],
    "afternoons": [(WEEKDAYS, "13:30", "17:00")],
    "late": [((0, 1, 3, 4), "09:00", "12:30"), ((1, 3), "16:00", "19:30")],
    "permanence": [((0,), "14:00", "17:00"), ((3,), "09:00", "12:00")],
    "distribution": [((1, 3), "13:30", "16:30")],
    "grocery": [
        ((1, 2, 3, 4), "10:00", "13:00"),
        ((1, 2, 3, 4), "14:00", "18:00"),
        ((5,), "10:00", "13:00"),
    ],
    "restaurant": [(WEEKDAYS, "11:30", "14:00")],
    "fridge": [(EVERY_DAY, "08:00", "20:00")],
    "medical": [(WEEKDAYS, "08:00", "19:00"), ((5,), "09:00", "12:00")],
    "night": [(EVERY_DAY, "20:00", "08:00")],
    "day_centre": [(EVERY_DAY, "08:30", "16:30")],
    "street_round": [((0, 1, 2, 3, 4, 5), "19:00", "23:30")],
    "always": [(EVERY_DAY, "00:00", "00:00")],
    "classes": [((0, 1, 3), "09:00", "12:00"), ((0, 2), "18:00", "20:30")],
    "homework": [((0, 1, 3), "15:30", "18:00"), ((2,), "13:00", "17:00")],
    "youth": [((2,), "13:00", "19:00"), ((4,), "16:00", "21:00"), ((5,), "13:00", "18:00")],
    "seniors": [((1, 2, 3, 4), "10:00", "16:00")],
    "weekly": [((2,), "14:00", "16:30")],
    "garden": [((2,), "14:00", "18:00"), ((5,), "10:00", "13:00")],
}
# Hours of a second, smaller location of the same service.
BRANCH_HOURS = ("permanence", "mornings", "afternoons")
# Services that stay open over the holidays.
NEVER_CLOSED = {"night", "always", "day_centre", "fridge", "street_round"}

HOLIDAY_REASON = (
    "Fermeture pour les fêtes de fin d'année",
    "Gesloten tijdens de eindejaarsfeesten",
    "Closed for the end-of-year holidays",
)
TRAINING_REASON = (
    "Fermé : journée de formation de l'équipe",
    "Gesloten: opleidingsdag van het team",
    "Closed: staff training day",
)
WORKS_REASON = (
    "Horaire réduit pendant des travaux dans le bâtiment",
    "Beperkte openingsuren wegens werken in het gebouw",
    "Reduced hours during building works",
)

# ---------------------------------------------------------------------------------------
# How to reach a service, by access mode; an offer may add what to bring.
# ---------------------------------------------------------------------------------------
ACCESS_TEXT = {
    "walk_in": (
        "Sans rendez-vous, pendant les heures d'ouverture.",
        "Zonder afspraak, tijdens de openingsuren.",
        "Just come during opening hours, no appointment needed.",
    ),
    "appointment": (
        "Sur rendez-vous : appelez-nous ou envoyez un e-mail.",
        "Op afspraak: bel ons of stuur een e-mail.",
        "By appointment: call or email us.",
    ),
    "both": (
        "Sans rendez-vous pendant les permanences, ou sur rendez-vous pour un suivi.",
        "Zonder afspraak tijdens de permanenties, of op afspraak voor verdere opvolging.",
        "Drop in during opening hours, or book an appointment for follow-up.",
    ),
    "phone": (
        "Par téléphone, gratuitement et anonymement.",
        "Telefonisch, gratis en anoniem.",
        "By phone, free and anonymous.",
    ),
}
# walk_in, by_appointment for each access mode.
ACCESS_FLAGS = {
    "walk_in": (True, False),
    "appointment": (False, True),
    "both": (True, True),
    "phone": (False, False),
}

AREA_TEXT = {
    "local": (
        "Pour les habitants du quartier et des rues voisines.",
        "Voor de bewoners van de wijk en de omliggende straten.",
        "For people living in the neighbourhood.",
    ),
    "commune": (
        "Pour tous les habitants {de_commune}.",
        "Voor alle inwoners van {commune}.",
        "For everyone living in {commune}.",
    ),
    "region": (
        "Ouvert aux habitants des 19 communes bruxelloises.",
        "Open voor de inwoners van de 19 Brusselse gemeenten.",
        "Open to people from all 19 Brussels municipalities.",
    ),
}


# ---------------------------------------------------------------------------------------
# Services, by category. Texts are (FR, NL, EN).
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Offer:
    category: str
    name: tuple
    text: tuple
    hours: tuple = ("office",)
    access: tuple = ("walk_in", "both")
    audiences: tuple = ("tout-public",)
    also: str = ""  # a second category
    fees: tuple = ()
    bring: tuple = ()
    area: str = ""  # "" means the neighbourhood, sometimes the whole commune
    languages: tuple = ()  # more languages this kind of service often speaks
    hidden_address: bool = False  # a confidential place: no street, no point


ID_AND_INCOME = (
    "Apportez votre carte d'identité et une preuve de revenus (fiche de paie, attestation "
    "du CPAS ou du chômage).",
    "Breng uw identiteitskaart en een bewijs van inkomen mee (loonfiche, attest van het "
    "OCMW of van de werkloosheidsuitkering).",
    "Bring your ID card and proof of income (payslip, CPAS or unemployment certificate).",
)
PAPERS = (
    "Apportez les courriers et documents concernés.",
    "Breng de betrokken brieven en documenten mee.",
    "Bring the letters and documents concerned.",
)

OFFERS = {
    # aide-sociale
    "service-social-cpas": Offer(
        "aide-sociale",
        ("Service social général", "Algemene sociale dienst", "General social service"),
        (
            "Demande de revenu d'intégration, d'aide financière ponctuelle, de carte médicale "
            "ou de prise en charge de frais (loyer, énergie, école). Chaque demande est suivie "
            "par un assistant social de référence, qui vous reçoit et vous oriente.",
            "Aanvraag van leefloon, eenmalige financiële hulp, medische kaart of tenlasteneming "
            "van kosten (huur, energie, school). Elke aanvraag wordt opgevolgd door een vaste "
            "maatschappelijk werker die u ontvangt en doorverwijst.",
            "Apply for the integration income, one-off financial help, a medical card or help "
            "with costs (rent, energy, school). A dedicated social worker follows up every "
            "request.",
        ),
        hours=("office", "late"),
        access=("both",),
        bring=ID_AND_INCOME,
        area="commune",
    ),
    "permanence-sociale": Offer(
        "aide-sociale",
        ("Permanence sociale", "Sociale permanentie", "Social drop-in"),
        (
            "Un assistant social vous écoute et vous aide à faire le point : revenus, "
            "allocations, factures, papiers ou logement. Il vous oriente vers le CPAS ou le "
            "bon service si nécessaire.",
            "Een maatschappelijk werker luistert naar u en helpt u verder: inkomen, "
            "uitkeringen, facturen, papieren of huisvesting. Indien nodig verwijst hij u door "
            "naar het OCMW of de juiste dienst.",
            "A social worker listens and helps you sort things out: income, benefits, bills, "
            "papers or housing, and refers you to the CPAS or the right service.",
        ),
        hours=("office", "mornings", "late"),
    ),
    "accueil-social": Offer(
        "aide-sociale",
        (
            "Accueil social de première ligne",
            "Eerstelijns sociaal onthaal",
            "First-line social help",
        ),
        (
            "Vous ne savez pas à qui vous adresser ? On vous accueille, on écoute votre "
            "situation et on vous accompagne dans vos démarches : CPAS, mutuelle, chômage, "
            "allocations familiales.",
            "U weet niet bij wie u terecht kunt? We ontvangen u, luisteren naar uw situatie en "
            "begeleiden u bij uw stappen: OCMW, ziekenfonds, werkloosheid, kinderbijslag.",
            "Not sure where to turn? We listen to your situation and help you with the "
            "CPAS, health insurance, unemployment benefits and family allowances.",
        ),
        hours=("office", "afternoons"),
        also="administratif",
        access=("walk_in",),
    ),
    # alimentation
    "colis": Offer(
        "alimentation",
        ("Colis alimentaires", "Voedselpakketten", "Food parcels"),
        (
            "Distribution de colis alimentaires chaque semaine : produits secs, conserves, "
            "fruits et légumes frais, et produits d'hygiène quand il y en a. Pour les ménages "
            "à petits revenus, sur inscription après un court entretien social.",
            "Wekelijkse uitdeling van voedselpakketten: droge voeding, conserven, vers fruit en "
            "groenten, en verzorgingsproducten als die er zijn. Voor gezinnen met een laag "
            "inkomen, na inschrijving en een kort sociaal gesprek.",
            "Weekly food parcels: dry goods, tins, fresh fruit and vegetables, and toiletries "
            "when available. For low-income households, after registration and a short "
            "interview.",
        ),
        hours=("distribution",),
        access=("both",),
        audiences=("tout-public", "familles"),
        bring=ID_AND_INCOME,
    ),
    "epicerie": Offer(
        "alimentation",
        ("Épicerie sociale", "Sociale kruidenier", "Social grocery"),
        (
            "Une épicerie sociale où l'on fait ses courses soi-même, à petit prix : produits "
            "frais, épicerie, hygiène et entretien. Une alternative au colis alimentaire, pour "
            "choisir ce que l'on mange.",
            "Een sociale kruidenier waar u zelf uw boodschappen doet aan lage prijzen: verse "
            "producten, kruidenierswaren, verzorging en onderhoud. Een alternatief voor het "
            "voedselpakket, waarbij u zelf kiest wat u eet.",
            "A social grocery where you do your own shopping at low prices: fresh food, "
            "groceries, toiletries and cleaning products. An alternative to food parcels "
            "where you choose what you eat.",
        ),
        hours=("grocery",),
        access=("walk_in",),
        audiences=("tout-public", "familles"),
        fees=(
            "Produits à environ 30 % du prix du marché",
            "Producten aan ongeveer 30 % van de marktprijs",
            "Products at about 30% of the usual price",
        ),
        bring=(
            "Accès avec une attestation d'un service social (CPAS ou asbl), valable six mois.",
            "Toegang met een attest van een sociale dienst (OCMW of vzw), zes maanden geldig.",
            "Access with a referral from a social service (CPAS or charity), valid six months.",
        ),
    ),
    "restaurant-social": Offer(
        "alimentation",
        ("Restaurant social", "Sociaal restaurant", "Community restaurant"),
        (
            "Un repas chaud et complet le midi (potage, plat, dessert) dans une ambiance "
            "conviviale. On vous informe aussi sur les distributions de colis alimentaires et "
            "les épiceries sociales du quartier.",
            "Een warme, volledige middagmaaltijd (soep, hoofdgerecht, dessert) in een gezellige "
            "sfeer. U krijgt er ook informatie over de uitdelingen van voedselpakketten en de "
            "sociale kruideniers in de buurt.",
            "A hot three-course lunch in a friendly atmosphere, with information on food "
            "parcel distributions and social groceries nearby.",
        ),
        hours=("restaurant",),
        access=("walk_in",),
        audiences=("tout-public", "sans-abri", "seniors"),
        also="lien-social",
        fees=(
            "Repas à 3 €, gratuit pour les personnes sans abri",
            "Maaltijd aan 3 €, gratis voor daklozen",
            "Meals €3, free for homeless people",
        ),
    ),
    "frigo": Offer(
        "alimentation",
        ("Frigo solidaire", "Solidaire koelkast", "Community fridge"),
        (
            "Un frigo solidaire en libre-service : commerçants et voisins y déposent leurs "
            "invendus et surplus, chacun se sert sans justificatif. Il complète les colis "
            "alimentaires distribués par l'association.",
            "Een solidaire koelkast in zelfbediening: handelaars en buren leggen er hun "
            "onverkochte producten en overschotten in, iedereen mag zich zonder bewijs "
            "bedienen. Hij vult de voedselpakketten van de vereniging aan.",
            "A self-service community fridge: shops and neighbours leave unsold food and "
            "surplus, and anyone can help themselves. It complements the food parcels of the "
            "association.",
        ),
        hours=("fridge",),
        access=("walk_in",),
    ),
    "colis-bebe": Offer(
        "famille-enfance",
        ("Colis bébé", "Babypakket", "Baby parcels"),
        (
            "Lait infantile, petits pots, langes et produits de soin pour les bébés de 0 à 18 "
            "mois, en complément du colis alimentaire familial.",
            "Zuigelingenmelk, potjesvoeding, luiers en verzorgingsproducten voor baby's van 0 "
            "tot 18 maanden, als aanvulling op het voedselpakket van het gezin.",
            "Infant formula, baby food, nappies and care products for babies up to 18 months, "
            "on top of the family food parcel.",
        ),
        hours=("distribution", "weekly"),
        access=("both",),
        audiences=("familles", "enfants"),
        also="alimentation",
        bring=(
            "Apportez le carnet de santé de l'enfant.",
            "Breng het gezondheidsboekje van het kind mee.",
            "Bring the child's health booklet.",
        ),
    ),
    # logement
    "permanence-logement": Offer(
        "logement",
        ("Permanence logement", "Huisvestingspermanentie", "Housing advice"),
        (
            "Problème avec votre propriétaire, loyer trop cher, garantie locative, humidité ou "
            "insalubrité, menace d'expulsion ? On vous informe sur vos droits et on vous aide "
            "à écrire au propriétaire ou à demander un logement social.",
            "Problemen met uw verhuurder, te hoge huur, huurwaarborg, vocht of een ongezonde "
            "woning, dreigende uithuiszetting? We informeren u over uw rechten en helpen u een "
            "brief aan de verhuurder te schrijven of een sociale woning aan te vragen.",
            "Trouble with your landlord, rent too high, rental deposit, damp or unfit housing, "
            "facing eviction? We explain your rights and help you write to your landlord or "
            "apply for social housing.",
        ),
        hours=("permanence", "afternoons"),
        bring=PAPERS,
    ),
    "ais": Offer(
        "logement",
        ("Agence immobilière sociale", "Sociaal verhuurkantoor", "Social rental agency"),
        (
            "Des appartements à loyer modéré, gérés par l'agence, pour les ménages à revenus "
            "modestes. Inscription sur liste d'attente et accompagnement pendant toute la "
            "location.",
            "Appartementen met een betaalbare huur, beheerd door het kantoor, voor gezinnen "
            "met een bescheiden inkomen. Inschrijving op een wachtlijst en begeleiding tijdens "
            "de hele huurperiode.",
            "Affordable flats managed by the agency for low-income households. Waiting list "
            "registration and support throughout the tenancy.",
        ),
        hours=("mornings", "office"),
        access=("appointment",),
        audiences=("tout-public", "familles"),
        bring=ID_AND_INCOME,
        area="commune",
    ),
    "recherche-logement": Offer(
        "logement",
        (
            "Aide à la recherche de logement",
            "Hulp bij het zoeken naar een woning",
            "Help finding a home",
        ),
        (
            "Ateliers et accompagnement individuel pour trouver un appartement : lire une "
            "annonce, préparer la visite, comprendre le bail, constituer la garantie locative.",
            "Workshops en individuele begeleiding bij het zoeken naar een appartement: een "
            "advertentie lezen, het bezoek voorbereiden, het huurcontract begrijpen, de "
            "huurwaarborg samenstellen.",
            "Workshops and one-to-one help to find a flat: reading an ad, preparing a visit, "
            "understanding the lease, putting together the rental deposit.",
        ),
        hours=("afternoons", "late"),
        access=("appointment", "both"),
        audiences=("tout-public", "primo-arrivants"),
    ),
    "defense-locataires": Offer(
        "logement",
        ("Défense des locataires", "Huurdersverdediging", "Tenants' rights"),
        (
            "Permanence juridique pour les locataires : bail, état des lieux, augmentation de "
            "loyer, travaux non faits, expulsion. Un juriste vous conseille et peut vous "
            "accompagner à la justice de paix.",
            "Juridische permanentie voor huurders: huurcontract, plaatsbeschrijving, "
            "huurverhoging, herstellingen die niet gebeuren, uithuiszetting. Een jurist geeft "
            "advies en kan u naar het vredegerecht begeleiden.",
            "Legal drop-in for tenants: lease, inventory, rent increases, repairs not done, "
            "eviction. A legal adviser helps and can come with you to the justice of the peace.",
        ),
        hours=("permanence",),
        also="aide-juridique",
        fees=("Cotisation de 10 € par an", "Lidgeld van 10 € per jaar", "Membership €10 a year"),
        bring=PAPERS,
    ),
    # sans-abri
    "abri-nuit": Offer(
        "sans-abri",
        ("Abri de nuit", "Nachtopvang", "Night shelter"),
        (
            "Un lit pour la nuit, une douche chaude, un repas du soir et un petit-déjeuner. "
            "Accueil inconditionnel des hommes et des femmes sans abri, avec ou sans papiers. "
            "Arrivée entre 20 h et 22 h.",
            "Een bed voor de nacht, een warme douche, avondeten en ontbijt. Onvoorwaardelijke "
            "opvang van dakloze mannen en vrouwen, met of zonder papieren. Aankomst tussen 20 "
            "en 22 uur.",
            "A bed for the night, a hot shower, dinner and breakfast. Unconditional welcome "
            "for homeless men and women, with or without papers. Arrive between 8 and 10 pm.",
        ),
        hours=("night",),
        access=("walk_in",),
        audiences=("sans-abri", "sans-papiers"),
        area="region",
    ),
    "accueil-jour": Offer(
        "sans-abri",
        ("Accueil de jour", "Dagcentrum", "Day centre"),
        (
            "Un lieu au chaud pour se poser en journée : café, douche, lessive, consigne pour "
            "vos affaires, adresse de référence et permanence d'un assistant social.",
            "Een warme plek om overdag tot rust te komen: koffie, douche, wasmachine, "
            "bagagedepot, referentieadres en permanentie van een maatschappelijk werker.",
            "A warm place to rest during the day: coffee, shower, laundry, left luggage, a "
            "reference address and a social worker.",
        ),
        hours=("day_centre",),
        access=("walk_in",),
        audiences=("sans-abri",),
    ),
    "maraude": Offer(
        "sans-abri",
        ("Maraude de rue", "Straathoekwerk", "Street outreach"),
        (
            "Une équipe de travailleurs sociaux va le soir à la rencontre des personnes qui "
            "vivent en rue : boissons chaudes, couvertures, écoute et orientation vers un "
            "hébergement d'urgence.",
            "Een team van straathoekwerkers gaat 's avonds naar mensen die op straat leven: "
            "warme dranken, dekens, een luisterend oor en doorverwijzing naar noodopvang.",
            "Social workers go out in the evening to meet people sleeping rough: hot drinks, "
            "blankets, a listening ear and referral to emergency shelter.",
        ),
        hours=("street_round",),
        access=("phone",),
        audiences=("sans-abri",),
        bring=(
            "Appelez l'équipe si vous voyez quelqu'un en difficulté dans la rue.",
            "Bel het team als u iemand in nood op straat ziet.",
            "Call the team if you see someone in trouble on the street.",
        ),
        area="region",
    ),
    "douches": Offer(
        "sans-abri",
        ("Douches et vestiaire", "Douches en kledingbank", "Showers and clothes"),
        (
            "Douches gratuites, produits d'hygiène, serviettes et vestiaire de vêtements "
            "propres pour les personnes sans abri ou mal logées.",
            "Gratis douches, verzorgingsproducten, handdoeken en propere kleren voor daklozen "
            "en mensen die slecht gehuisvest zijn.",
            "Free showers, toiletries, towels and clean clothes for homeless and badly housed "
            "people.",
        ),
        hours=("mornings",),
        access=("walk_in",),
        audiences=("sans-abri",),
    ),
    # sante
    "medecine-generale": Offer(
        "sante",
        ("Consultations de médecine générale", "Huisartsenconsultaties", "GP consultations"),
        (
            "Médecins généralistes, infirmières et kinésithérapeutes au forfait : vous ne "
            "payez rien si vous êtes en ordre de mutuelle. Consultations sur rendez-vous, "
            "urgences du jour le matin.",
            "Huisartsen, verpleegkundigen en kinesitherapeuten met forfaitsysteem: u betaalt "
            "niets als u in orde bent met uw ziekenfonds. Consultaties op afspraak, dringende "
            "gevallen 's ochtends.",
            "GPs, nurses and physiotherapists on a flat-rate system: you pay nothing if you "
            "are registered with a health insurance fund. Appointments, urgent care in the "
            "morning.",
        ),
        hours=("medical",),
        access=("both",),
        audiences=("tout-public", "familles"),
        bring=(
            "Apportez votre carte d'identité et une vignette de mutuelle.",
            "Breng uw identiteitskaart en een klever van het ziekenfonds mee.",
            "Bring your ID card and a health insurance sticker.",
        ),
    ),
    "soins-sans-papiers": Offer(
        "sante",
        (
            "Soins pour personnes sans papiers",
            "Zorg voor mensen zonder papieren",
            "Care for undocumented people",
        ),
        (
            "Consultations médicales gratuites pour les personnes sans titre de séjour ou sans "
            "mutuelle. On vous aide aussi à demander l'aide médicale urgente (AMU) au CPAS.",
            "Gratis medische consultaties voor mensen zonder verblijfsvergunning of "
            "ziekenfonds. We helpen u ook dringende medische hulp (DMH) aan te vragen bij het "
            "OCMW.",
            "Free medical consultations for people without a residence permit or health "
            "insurance. We also help you apply for urgent medical aid at the CPAS.",
        ),
        hours=("afternoons", "permanence"),
        access=("walk_in",),
        audiences=("sans-papiers", "sans-abri"),
        also="migrants",
        languages=("ar", "fa", "ps", "ti"),
    ),
    "infirmerie": Offer(
        "sante",
        ("Soins infirmiers et pansements", "Verpleegzorg en wondverzorging", "Nursing care"),
        (
            "Une infirmière soigne les petites plaies, fait les pansements, prend la tension "
            "et répond à vos questions de santé.",
            "Een verpleegkundige verzorgt kleine wonden, legt verbanden aan, meet uw "
            "bloeddruk en beantwoordt uw vragen over gezondheid.",
            "A nurse treats small wounds, changes dressings, checks your blood pressure and "
            "answers your health questions.",
        ),
        hours=("mornings",),
        access=("walk_in",),
    ),
    "dentiste": Offer(
        "sante",
        ("Soins dentaires à tarif social", "Tandzorg aan sociaal tarief", "Low-cost dental care"),
        (
            "Un dentiste reçoit les personnes à petits revenus au tarif de la mutuelle, sans "
            "supplément. Urgences dentaires le lundi matin.",
            "Een tandarts ontvangt mensen met een laag inkomen aan het tarief van het "
            "ziekenfonds, zonder supplement. Tandheelkundige spoed op maandagochtend.",
            "A dentist sees people on low incomes at the health insurance rate, with no extra "
            "charge. Dental emergencies on Monday mornings.",
        ),
        hours=("office",),
        access=("appointment",),
        fees=(
            "Tarif de la mutuelle, sans supplément",
            "Tarief van het ziekenfonds, zonder supplement",
            "Health insurance rate, no extra charge",
        ),
    ),
    # sante-mentale
    "consultations-psy": Offer(
        "sante-mentale",
        ("Consultations psychologiques", "Psychologische consultaties", "Counselling"),
        (
            "Psychologues et psychiatres pour les adultes, les enfants et les familles : "
            "stress, angoisse, dépression, deuil, traumatisme. Tarif adapté à vos revenus.",
            "Psychologen en psychiaters voor volwassenen, kinderen en gezinnen: stress, angst, "
            "depressie, rouw, trauma. Tarief aangepast aan uw inkomen.",
            "Psychologists and psychiatrists for adults, children and families: stress, "
            "anxiety, depression, grief, trauma. Fees based on your income.",
        ),
        hours=("office", "late"),
        access=("appointment",),
        audiences=("tout-public", "familles"),
        fees=(
            "De 0 à 20 € la séance selon les revenus",
            "Van 0 tot 20 € per sessie volgens inkomen",
            "€0 to €20 a session depending on income",
        ),
    ),
    "lieu-ecoute": Offer(
        "sante-mentale",
        (
            "Lieu d'écoute sans rendez-vous",
            "Inloop met een luisterend oor",
            "Drop-in listening space",
        ),
        (
            "Quand ça ne va pas, venez parler à quelqu'un, sans dossier : un accueillant formé "
            "vous écoute et vous propose, si vous le souhaitez, une suite avec un psychologue.",
            "Als het niet goed gaat, kom dan met iemand praten, zonder dossier: een opgeleide "
            "onthaalmedewerker luistert en stelt u, als u dat wilt, een vervolg met een "
            "psycholoog voor.",
            "When things are hard, come and talk to someone, no file needed: a trained "
            "listener is there and can arrange follow-up with a psychologist.",
        ),
        hours=("afternoons",),
        access=("walk_in",),
    ),
    "groupe-parole": Offer(
        "sante-mentale",
        ("Groupe de parole", "Praatgroep", "Support group"),
        (
            "Un groupe de parole chaque semaine pour partager ce qui pèse : solitude, exil, "
            "deuil, épuisement. Animé par une psychologue, en petit groupe.",
            "Een wekelijkse praatgroep om te delen wat zwaar weegt: eenzaamheid, ballingschap, "
            "rouw, uitputting. Begeleid door een psychologe, in een kleine groep.",
            "A weekly support group to share what weighs on you: loneliness, exile, grief, "
            "exhaustion. Led by a psychologist, in a small group.",
        ),
        hours=("weekly",),
        access=("appointment", "both"),
        also="lien-social",
        languages=("ar", "fa", "uk"),
    ),
    "ligne-ecoute": Offer(
        "sante-mentale",
        ("Ligne d'écoute 24 h/24", "Luisterlijn 24/7", "24/7 listening line"),
        (
            "Une ligne d'écoute anonyme et gratuite, jour et nuit, pour parler quand on se "
            "sent seul, angoissé ou qu'on a des idées noires.",
            "Een anonieme, gratis luisterlijn, dag en nacht, om te praten als u zich eenzaam "
            "of angstig voelt of aan zelfdoding denkt.",
            "An anonymous, free listening line, day and night, when you feel alone, anxious or "
            "have dark thoughts.",
        ),
        hours=("always",),
        access=("phone",),
        area="region",
    ),
    # assuetudes
    "consultations-assuetudes": Offer(
        "assuetudes",
        (
            "Consultations alcool et drogues",
            "Consultaties alcohol en drugs",
            "Alcohol and drug counselling",
        ),
        (
            "Un accompagnement médical, psychologique et social pour réduire ou arrêter "
            "l'alcool, le cannabis, la cocaïne ou les médicaments, à votre rythme. Les proches "
            "sont aussi les bienvenus.",
            "Medische, psychologische en sociale begeleiding om minder of niet meer te drinken "
            "of cannabis, cocaïne of medicatie te gebruiken, op uw eigen tempo. Ook naasten "
            "zijn welkom.",
            "Medical, psychological and social support to cut down or stop alcohol, cannabis, "
            "cocaine or medication, at your own pace. Family and friends are welcome too.",
        ),
        hours=("office", "late"),
        access=("appointment", "both"),
        also="sante-mentale",
    ),
    "reduction-risques": Offer(
        "assuetudes",
        ("Comptoir de réduction des risques", "Schadebeperking en spuitenruil", "Harm reduction"),
        (
            "Matériel stérile, conseils pour consommer à moindre risque, dépistage de "
            "l'hépatite C et du VIH, et un accueil sans jugement.",
            "Steriel materiaal, tips om met minder risico te gebruiken, screening op hepatitis "
            "C en hiv, en een onthaal zonder oordeel.",
            "Sterile equipment, advice on safer use, hepatitis C and HIV testing, and a "
            "welcome without judgement.",
        ),
        hours=("afternoons",),
        access=("walk_in",),
        audiences=("tout-public", "sans-abri"),
        also="sante",
        area="region",
    ),
    "jeu-ecrans": Offer(
        "assuetudes",
        ("Aide jeu et écrans", "Hulp bij gokken en schermgebruik", "Gambling and screen help"),
        (
            "Paris sportifs, jeux d'argent en ligne, jeux vidéo ou réseaux sociaux qui "
            "prennent trop de place ? Consultations individuelles et soutien aux familles.",
            "Sportweddenschappen, online gokken, videogames of sociale media die te veel "
            "plaats innemen? Individuele gesprekken en steun voor gezinnen.",
            "Sports betting, online gambling, video games or social media taking over? "
            "One-to-one sessions and support for families.",
        ),
        hours=("afternoons", "late"),
        access=("appointment",),
        audiences=("jeunes", "familles"),
        also="sante-mentale",
    ),
    # aide-juridique
    "permanence-juridique": Offer(
        "aide-juridique",
        ("Permanence juridique gratuite", "Gratis juridische permanentie", "Free legal advice"),
        (
            "Un avocat ou un juriste répond à vos questions : bail, travail, divorce, dettes, "
            "amende, conflit de voisinage. Premier conseil gratuit et orientation vers un "
            "avocat pro deo si vos revenus sont bas.",
            "Een advocaat of jurist beantwoordt uw vragen: huur, werk, echtscheiding, "
            "schulden, boetes, burenruzie. Eerste advies gratis en doorverwijzing naar een "
            "pro-Deoadvocaat als uw inkomen laag is.",
            "A lawyer or legal adviser answers your questions: tenancy, work, divorce, debts, "
            "fines, neighbour disputes. First advice is free, with referral to a legal aid "
            "lawyer if your income is low.",
        ),
        hours=("permanence",),
        access=("walk_in",),
        bring=PAPERS,
    ),
    "boutique-droit": Offer(
        "aide-juridique",
        ("Boutique de droit", "Rechtswinkel", "Law shop"),
        (
            "Des juristes vous aident à comprendre un courrier officiel, un jugement ou un "
            "contrat, et à préparer un recours.",
            "Juristen helpen u een officiële brief, een vonnis of een contract te begrijpen en "
            "een beroep voor te bereiden.",
            "Legal advisers help you understand an official letter, a judgment or a contract, "
            "and prepare an appeal.",
        ),
        hours=("afternoons", "late"),
        access=("appointment",),
        bring=PAPERS,
    ),
    "droit-famille": Offer(
        "aide-juridique",
        ("Conseil en droit familial", "Advies familierecht", "Family law advice"),
        (
            "Séparation, pension alimentaire, garde des enfants, héritage : une avocate vous "
            "explique vos droits et les démarches, en toute confidentialité.",
            "Scheiding, onderhoudsgeld, hoederecht over de kinderen, erfenis: een advocate "
            "legt uw rechten en de stappen uit, in alle vertrouwen.",
            "Separation, maintenance, child custody, inheritance: a lawyer explains your "
            "rights and the steps to take, in confidence.",
        ),
        hours=("permanence",),
        access=("appointment",),
        audiences=("familles", "femmes"),
        also="famille-enfance",
        fees=(
            "5 € par consultation, gratuit avec une attestation du CPAS",
            "5 € per consultatie, gratis met een attest van het OCMW",
            "€5 a consultation, free with a CPAS certificate",
        ),
    ),
    # dettes-energie
    "mediation-dettes": Offer(
        "dettes-energie",
        ("Médiation de dettes", "Schuldbemiddeling", "Debt mediation"),
        (
            "Vous ne savez plus payer vos factures ou un huissier vous écrit ? Un médiateur de "
            "dettes fait le point sur votre budget, négocie des plans de paiement avec vos "
            "créanciers et vous aide si nécessaire à demander un règlement collectif de dettes.",
            "U kunt uw rekeningen niet meer betalen of een gerechtsdeurwaarder schrijft u? Een "
            "schuldbemiddelaar bekijkt uw budget, onderhandelt afbetalingsplannen met uw "
            "schuldeisers en helpt u zo nodig een collectieve schuldenregeling aan te vragen.",
            "Can't pay your bills, or a bailiff has written to you? A debt mediator reviews "
            "your budget, negotiates payment plans with creditors and helps you apply for "
            "collective debt settlement if needed.",
        ),
        hours=("office", "mornings"),
        access=("appointment",),
        bring=PAPERS,
    ),
    "energie": Offer(
        "dettes-energie",
        ("Cellule énergie", "Energiecel", "Energy help desk"),
        (
            "Factures de gaz et d'électricité trop élevées, compteur à budget, menace de "
            "coupure ? On vérifie vos factures, on vous aide à demander le statut de client "
            "protégé et à économiser l'énergie chez vous.",
            "Te hoge gas- en elektriciteitsrekeningen, budgetmeter, dreigende afsluiting? We "
            "controleren uw facturen, helpen u het statuut van beschermde afnemer aan te "
            "vragen en energie te besparen.",
            "Gas and electricity bills too high, prepayment meter, threat of disconnection? We "
            "check your bills, help you apply for protected customer status and save energy "
            "at home.",
        ),
        hours=("permanence", "mornings"),
        bring=(
            "Apportez vos dernières factures d'énergie.",
            "Breng uw laatste energiefacturen mee.",
            "Bring your latest energy bills.",
        ),
    ),
    "atelier-budget": Offer(
        "dettes-energie",
        ("Atelier budget", "Budgetworkshop", "Budget workshop"),
        (
            "Un atelier en petit groupe pour mieux gérer son budget, comprendre ses factures "
            "(eau, gaz, électricité, téléphone) et éviter les dettes.",
            "Een workshop in kleine groep om uw budget beter te beheren, uw facturen te "
            "begrijpen (water, gas, elektriciteit, telefoon) en schulden te vermijden.",
            "A small-group workshop to manage your budget, understand your bills (water, gas, "
            "electricity, phone) and avoid debt.",
        ),
        hours=("weekly",),
        access=("appointment",),
    ),
    # administratif
    "ecrivain-public": Offer(
        "administratif",
        ("Écrivain public", "Openbare schrijver", "Public letter writer"),
        (
            "Une aide pour comprendre une lettre, remplir un formulaire, écrire un courrier à "
            "l'administration, au propriétaire ou à la mutuelle. Gratuit et confidentiel.",
            "Hulp om een brief te begrijpen, een formulier in te vullen of een brief te "
            "schrijven aan de administratie, de verhuurder of het ziekenfonds. Gratis en "
            "vertrouwelijk.",
            "Help to understand a letter, fill in a form, or write to the administration, "
            "your landlord or health insurance fund. Free and confidential.",
        ),
        hours=("permanence", "mornings"),
        access=("walk_in",),
        bring=PAPERS,
    ),
    "permanence-administrative": Offer(
        "administratif",
        ("Permanence administrative", "Administratieve permanentie", "Paperwork help"),
        (
            "On vous aide dans vos démarches : allocations familiales, chômage, mutuelle, "
            "pension, tarif social. Apportez vos papiers, on les trie avec vous.",
            "We helpen u met uw administratie: kinderbijslag, werkloosheid, ziekenfonds, "
            "pensioen, sociaal tarief. Breng uw papieren mee, we sorteren ze samen.",
            "Help with your paperwork: family allowances, unemployment, health insurance, "
            "pension, social tariffs. Bring your papers and we sort them out together.",
        ),
        hours=("permanence", "office"),
        bring=PAPERS,
    ),
    "impots": Offer(
        "administratif",
        ("Aide à la déclaration d'impôts", "Hulp bij de belastingaangifte", "Tax return help"),
        (
            "De mai à juillet, des bénévoles vous aident à remplir votre déclaration d'impôts, "
            "sur papier ou en ligne.",
            "Van mei tot juli helpen vrijwilligers u uw belastingaangifte in te vullen, op "
            "papier of online.",
            "From May to July, volunteers help you fill in your tax return, on paper or online.",
        ),
        hours=("afternoons",),
        access=("appointment",),
        audiences=("tout-public", "seniors"),
        bring=(
            "Apportez votre avertissement-extrait de rôle de l'an dernier et vos fiches de "
            "revenus.",
            "Breng uw aanslagbiljet van vorig jaar en uw inkomensfiches mee.",
            "Bring last year's tax assessment and your income statements.",
        ),
    ),
    # emploi-formation
    "accompagnement-emploi": Offer(
        "emploi-formation",
        ("Accompagnement vers l'emploi", "Begeleiding naar werk", "Job search support"),
        (
            "Un conseiller vous aide à faire votre CV, écrire une lettre de motivation, "
            "préparer un entretien d'embauche et trouver des offres d'emploi ou une formation "
            "qui vous convient.",
            "Een consulent helpt u met uw cv, uw motivatiebrief, de voorbereiding van een "
            "sollicitatiegesprek en het vinden van vacatures of een opleiding die bij u past.",
            "An adviser helps with your CV and cover letter, prepares you for job interviews "
            "and finds vacancies or training that suit you.",
        ),
        hours=("office",),
        access=("appointment",),
        audiences=("tout-public", "jeunes"),
    ),
    "atelier-cv": Offer(
        "emploi-formation",
        (
            "Atelier CV et recherche en ligne",
            "Workshop cv en online solliciteren",
            "CV and online job search workshop",
        ),
        (
            "Chaque semaine, un atelier sur ordinateur pour créer son CV, s'inscrire comme "
            "chercheur d'emploi et postuler en ligne.",
            "Elke week een workshop op de computer om uw cv te maken, u in te schrijven als "
            "werkzoekende en online te solliciteren.",
            "A weekly computer workshop to write your CV, register as a jobseeker and apply "
            "online.",
        ),
        hours=("weekly",),
        access=("walk_in", "appointment"),
        also="aide-numerique",
    ),
    "formation-cuisine": Offer(
        "emploi-formation",
        ("Formation commis de cuisine", "Opleiding keukenhulp", "Kitchen assistant training"),
        (
            "Une formation de six mois pour devenir commis de cuisine : cours pratiques, stage "
            "en entreprise et aide à la recherche d'emploi. Pour les chercheurs d'emploi sans "
            "diplôme.",
            "Een opleiding van zes maanden tot keukenhulp: praktijklessen, stage in een bedrijf "
            "en hulp bij het zoeken naar werk. Voor werkzoekenden zonder diploma.",
            "A six-month training to become a kitchen assistant: practical classes, a work "
            "placement and help finding a job. For jobseekers without a diploma.",
        ),
        hours=("office",),
        access=("appointment",),
        audiences=("tout-public", "jeunes", "primo-arrivants"),
        bring=(
            "Séance d'information chaque premier lundi du mois.",
            "Infosessie elke eerste maandag van de maand.",
            "Information session on the first Monday of every month.",
        ),
        area="commune",
    ),
    # aide-numerique
    "epn": Offer(
        "aide-numerique",
        ("Espace public numérique", "Openbare computerruimte", "Public computer room"),
        (
            "Des ordinateurs en accès libre, une imprimante et le wifi, avec un animateur pour "
            "vous aider : envoyer un e-mail, scanner un document, prendre rendez-vous en ligne.",
            "Vrij toegankelijke computers, een printer en wifi, met een begeleider die u "
            "helpt: een e-mail sturen, een document scannen, online een afspraak maken.",
            "Computers, a printer and wifi open to all, with someone to help you send an "
            "email, scan a document or book an appointment online.",
        ),
        hours=("afternoons", "office_saturday"),
        access=("walk_in",),
    ),
    "demarches-en-ligne": Offer(
        "aide-numerique",
        ("Aide aux démarches en ligne", "Hulp bij online zaken", "Help with online services"),
        (
            "On vous aide à installer itsme, à utiliser l'application de votre banque ou de "
            "votre mutuelle et à faire vos démarches en ligne en toute sécurité.",
            "We helpen u itsme te installeren, de app van uw bank of ziekenfonds te gebruiken "
            "en uw zaken veilig online te regelen.",
            "We help you set up itsme, use your bank or health insurance app, and do things "
            "online safely.",
        ),
        hours=("permanence", "mornings"),
        audiences=("tout-public", "seniors"),
    ),
    "cours-informatique": Offer(
        "aide-numerique",
        (
            "Cours d'informatique pour débutants",
            "Computerlessen voor beginners",
            "Computer classes for beginners",
        ),
        (
            "Apprendre pas à pas à utiliser un ordinateur, une tablette ou un smartphone, en "
            "petit groupe.",
            "Stap voor stap leren werken met een computer, tablet of smartphone, in een kleine "
            "groep.",
            "Learn step by step to use a computer, a tablet or a smartphone, in a small group.",
        ),
        hours=("classes",),
        access=("appointment",),
        audiences=("tout-public", "seniors"),
        fees=(
            "10 € pour un cycle de dix séances",
            "10 € voor een reeks van tien lessen",
            "€10 for a course of ten sessions",
        ),
    ),
    # alphabetisation
    "alpha": Offer(
        "alphabetisation",
        ("Cours d'alphabétisation", "Alfabetiseringslessen", "Literacy classes"),
        (
            "Apprendre à lire et à écrire en français, en petit groupe et à son rythme, pour "
            "les adultes qui n'ont pas ou peu été à l'école.",
            "Leren lezen en schrijven in het Frans, in een kleine groep en op eigen tempo, "
            "voor volwassenen die niet of weinig naar school zijn geweest.",
            "Learn to read and write in French, in a small group and at your own pace, for "
            "adults who had little or no schooling.",
        ),
        hours=("classes",),
        access=("appointment",),
        audiences=("tout-public", "femmes", "primo-arrivants"),
    ),
    "fle": Offer(
        "alphabetisation",
        ("Cours de français langue étrangère", "Frans als vreemde taal", "French classes"),
        (
            "Cours de français pour adultes qui parlent une autre langue, du niveau débutant "
            "au niveau intermédiaire. Cours le matin ou le soir.",
            "Franse les voor anderstalige volwassenen, van beginners- tot gemiddeld niveau. "
            "Lessen 's ochtends of 's avonds.",
            "French classes for adults who speak another language, from beginner to "
            "intermediate level. Morning or evening classes.",
        ),
        hours=("classes",),
        access=("appointment",),
        audiences=("primo-arrivants", "tout-public"),
        fees=(
            "20 € d'inscription par an",
            "20 € inschrijvingsgeld per jaar",
            "€20 a year to enrol",
        ),
        languages=("ar", "es", "uk", "fa"),
    ),
    "neerlandais": Offer(
        "alphabetisation",
        ("Cours de néerlandais", "Lessen Nederlands", "Dutch classes"),
        (
            "Apprendre le néerlandais pour le travail ou pour suivre la scolarité de ses "
            "enfants, en petit groupe, niveaux débutant et intermédiaire.",
            "Nederlands leren voor het werk of om de schoolloopbaan van uw kinderen te volgen, "
            "in kleine groepen, voor beginners en gevorderden.",
            "Learn Dutch for work or to follow your children's schooling, in small groups, "
            "beginner and intermediate levels.",
        ),
        hours=("classes",),
        access=("appointment",),
        audiences=("tout-public", "primo-arrivants"),
    ),
    "table-conversation": Offer(
        "alphabetisation",
        ("Table de conversation", "Conversatietafel", "Conversation table"),
        (
            "Pratiquer le français en discutant autour d'un café avec des bénévoles, dans une "
            "ambiance détendue. Tous niveaux.",
            "Nederlands of Frans oefenen bij een kopje koffie met vrijwilligers, in een "
            "ontspannen sfeer. Alle niveaus.",
            "Practise French over a coffee with volunteers, in a relaxed atmosphere. All levels.",
        ),
        hours=("weekly",),
        access=("walk_in",),
        also="lien-social",
    ),
    # soutien-scolaire
    "ecole-devoirs": Offer(
        "soutien-scolaire",
        ("École de devoirs", "Huiswerkbegeleiding", "Homework club"),
        (
            "Après l'école, des animateurs aident les enfants de 6 à 12 ans à faire leurs "
            "devoirs, puis activités créatives et jeux. Goûter offert.",
            "Na school helpen begeleiders kinderen van 6 tot 12 jaar met hun huiswerk, daarna "
            "creatieve activiteiten en spelletjes. Vieruurtje inbegrepen.",
            "After school, youth workers help children aged 6 to 12 with their homework, "
            "followed by games and creative activities. Snack included.",
        ),
        hours=("homework",),
        access=("appointment",),
        audiences=("enfants",),
        bring=(
            "Inscription en septembre avec un parent ; places limitées.",
            "Inschrijving in september met een ouder; beperkt aantal plaatsen.",
            "Enrolment in September with a parent; places are limited.",
        ),
    ),
    "remediation": Offer(
        "soutien-scolaire",
        ("Soutien scolaire secondaire", "Bijles secundair onderwijs", "Secondary school tutoring"),
        (
            "Soutien en mathématiques, français, néerlandais et sciences pour les élèves du "
            "secondaire, en petits groupes, avec des étudiants bénévoles. Préparation aux "
            "examens.",
            "Bijles wiskunde, Frans, Nederlands en wetenschappen voor leerlingen van het "
            "secundair, in kleine groepen, met studenten als vrijwilligers. Voorbereiding op "
            "de examens.",
            "Help with maths, French, Dutch and science for secondary school pupils, in small "
            "groups with student volunteers. Exam preparation.",
        ),
        hours=("homework",),
        access=("appointment", "both"),
        audiences=("jeunes",),
    ),
    "parents-ecole": Offer(
        "soutien-scolaire",
        (
            "Aide aux parents pour l'école",
            "Hulp voor ouders bij school",
            "Helping parents with school",
        ),
        (
            "On aide les parents à comprendre le bulletin, à préparer un rendez-vous avec "
            "l'école, à inscrire leur enfant en secondaire ou à trouver une école.",
            "We helpen ouders het rapport te begrijpen, een gesprek met de school voor te "
            "bereiden, hun kind in te schrijven in het secundair of een school te vinden.",
            "We help parents understand school reports, prepare a meeting with the school, "
            "enrol their child in secondary school or find a school.",
        ),
        hours=("permanence", "mornings"),
        audiences=("familles", "primo-arrivants"),
        also="famille-enfance",
    ),
    # jeunesse
    "maison-jeunes": Offer(
        "jeunesse",
        ("Accueil jeunes", "Jongerenonthaal", "Youth drop-in"),
        (
            "Un lieu pour les 12-26 ans : ateliers musique et vidéo, sport, sorties, projets, "
            "et des animateurs à l'écoute pour parler de l'école, de la famille ou de l'avenir.",
            "Een plek voor 12- tot 26-jarigen: muziek- en videoateliers, sport, uitstappen, "
            "projecten, en jeugdwerkers die luisteren als je wilt praten over school, familie "
            "of de toekomst.",
            "A place for 12 to 26-year-olds: music and video workshops, sport, outings, "
            "projects, and youth workers to talk to about school, family or the future.",
        ),
        hours=("youth",),
        access=("walk_in",),
        audiences=("jeunes",),
    ),
    "aide-jeunes": Offer(
        "jeunesse",
        ("Service d'aide aux jeunes", "Hulp aan jongeren", "Youth support service"),
        (
            "Écoute, conseils et accompagnement pour les jeunes et leurs familles : conflit à "
            "la maison, décrochage scolaire, problème avec la police, recherche d'un logement. "
            "Gratuit et confidentiel.",
            "Een luisterend oor, advies en begeleiding voor jongeren en hun gezin: conflict "
            "thuis, schooluitval, problemen met de politie, een woning zoeken. Gratis en "
            "vertrouwelijk.",
            "Listening, advice and support for young people and their families: conflict at "
            "home, dropping out of school, trouble with the police, finding a place to live. "
            "Free and confidential.",
        ),
        hours=("office", "late"),
        audiences=("jeunes", "familles"),
    ),
    "stages-vacances": Offer(
        "jeunesse",
        ("Stages et activités de vacances", "Vakantiekampen en -activiteiten", "Holiday camps"),
        (
            "Pendant les congés scolaires, stages sportifs et culturels à petit prix pour les "
            "enfants et les jeunes du quartier.",
            "Tijdens de schoolvakanties sport- en cultuurkampen aan een lage prijs voor "
            "kinderen en jongeren uit de buurt.",
            "Low-cost sports and arts camps for local children and teenagers during the "
            "school holidays.",
        ),
        hours=("mornings",),
        access=("appointment",),
        audiences=("enfants", "jeunes"),
        fees=(
            "De 10 à 30 € la semaine selon les revenus",
            "Van 10 tot 30 € per week volgens inkomen",
            "€10 to €30 a week depending on income",
        ),
    ),
    # famille-enfance
    "consultation-nourrissons": Offer(
        "famille-enfance",
        ("Consultation pour nourrissons", "Consultatiebureau voor baby's", "Baby clinic"),
        (
            "Suivi médical préventif gratuit des enfants de 0 à 6 ans : pesée, vaccins, "
            "conseils sur l'alimentation et le sommeil, avec un médecin et une travailleuse "
            "médico-sociale.",
            "Gratis preventieve medische opvolging van kinderen van 0 tot 6 jaar: wegen, "
            "vaccinaties, advies over voeding en slaap, met een arts en een "
            "verpleegkundige.",
            "Free preventive check-ups for children up to 6: weighing, vaccinations, advice on "
            "feeding and sleep, with a doctor and a nurse.",
        ),
        hours=("permanence", "mornings"),
        access=("appointment",),
        audiences=("familles", "enfants"),
        also="sante",
    ),
    "lieu-rencontre": Offer(
        "famille-enfance",
        (
            "Lieu de rencontre parents-enfants",
            "Ontmoetingsplek voor ouders en kinderen",
            "Parent and toddler drop-in",
        ),
        (
            "Un espace pour les enfants de 0 à 4 ans accompagnés d'un parent ou d'un "
            "grand-parent : jouer, rencontrer d'autres parents, souffler un peu.",
            "Een ruimte voor kinderen van 0 tot 4 jaar met een ouder of grootouder: spelen, "
            "andere ouders ontmoeten, even op adem komen.",
            "A space for children up to 4 with a parent or grandparent: play, meet other "
            "parents, take a breather.",
        ),
        hours=("mornings", "weekly"),
        access=("walk_in",),
        audiences=("familles", "enfants"),
        also="lien-social",
    ),
    "halte-accueil": Offer(
        "famille-enfance",
        ("Halte-accueil", "Occasionele kinderopvang", "Occasional childcare"),
        (
            "Quelques heures de garde pour les enfants de 6 mois à 3 ans, le temps d'un cours, "
            "d'un rendez-vous ou d'une recherche d'emploi.",
            "Enkele uren opvang voor kinderen van 6 maanden tot 3 jaar, tijdens een les, een "
            "afspraak of het zoeken naar werk.",
            "A few hours of childcare for children from 6 months to 3 years, while you attend "
            "a class, an appointment or look for work.",
        ),
        hours=("office",),
        access=("appointment",),
        audiences=("familles", "enfants"),
        fees=(
            "De 1 à 8 € la demi-journée selon les revenus",
            "Van 1 tot 8 € per halve dag volgens inkomen",
            "€1 to €8 per half day depending on income",
        ),
    ),
    # seniors
    "aide-domicile": Offer(
        "seniors",
        ("Aide à domicile", "Thuishulp", "Home help"),
        (
            "Aides familiales et aides ménagères pour les courses, le ménage, la toilette et "
            "les repas, pour que les personnes âgées puissent rester chez elles.",
            "Gezinshulpen en poetshulpen voor boodschappen, poetsen, persoonlijke verzorging en "
            "maaltijden, zodat ouderen thuis kunnen blijven wonen.",
            "Home helps for shopping, cleaning, washing and meals, so older people can stay "
            "in their own homes.",
        ),
        hours=("office",),
        access=("appointment",),
        audiences=("seniors", "personnes-handicapees"),
        fees=(
            "Tarif horaire selon les revenus",
            "Uurtarief volgens inkomen",
            "Hourly rate based on income",
        ),
        area="commune",
    ),
    "repas-domicile": Offer(
        "seniors",
        ("Repas à domicile", "Maaltijden aan huis", "Meals on wheels"),
        (
            "Un repas chaud livré chaque midi, du lundi au vendredi, chez les seniors et les "
            "personnes malades. Menus adaptés : sans sel, diabétique, sans porc.",
            "Een warme maaltijd die elke middag van maandag tot vrijdag wordt geleverd bij "
            "senioren en zieken. Aangepaste menu's: zoutloos, diabetisch, zonder varkensvlees.",
            "A hot meal delivered every weekday lunchtime to older and ill people. Special "
            "menus: low-salt, diabetic, pork-free.",
        ),
        hours=("mornings",),
        access=("appointment",),
        audiences=("seniors",),
        also="alimentation",
        fees=(
            "De 4 à 8 € le repas selon les revenus",
            "Van 4 tot 8 € per maaltijd volgens inkomen",
            "€4 to €8 a meal depending on income",
        ),
        area="commune",
    ),
    "club-seniors": Offer(
        "seniors",
        ("Club de seniors", "Seniorenclub", "Seniors' club"),
        (
            "Café-rencontre, jeux de cartes, gymnastique douce, excursions et repas partagés "
            "pour les plus de 60 ans. Pour sortir de l'isolement et garder la forme.",
            "Ontmoetingscafé, kaartspel, zachte gymnastiek, uitstappen en gedeelde maaltijden "
            "voor 60-plussers. Om uit het isolement te komen en fit te blijven.",
            "Coffee mornings, card games, gentle exercise, outings and shared meals for the "
            "over-60s. To stay active and less alone.",
        ),
        hours=("seniors",),
        access=("walk_in",),
        audiences=("seniors",),
        also="lien-social",
        fees=("Cotisation de 15 € par an", "Lidgeld van 15 € per jaar", "Membership €15 a year"),
    ),
    "visites-isolement": Offer(
        "seniors",
        ("Visites contre l'isolement", "Huisbezoeken tegen eenzaamheid", "Befriending visits"),
        (
            "Des bénévoles rendent visite chaque semaine aux personnes âgées isolées : une "
            "conversation, une promenade, un coup de main.",
            "Vrijwilligers bezoeken elke week alleenstaande ouderen: een babbel, een "
            "wandeling, een handje toesteken.",
            "Volunteers visit isolated older people every week for a chat, a walk or a "
            "helping hand.",
        ),
        hours=("mornings",),
        access=("appointment",),
        audiences=("seniors",),
    ),
    # violences
    "refuge": Offer(
        "violences",
        ("Refuge pour femmes victimes de violences", "Vluchthuis voor vrouwen", "Women's refuge"),
        (
            "Un hébergement sécurisé pour les femmes victimes de violences conjugales et "
            "leurs enfants, avec un accompagnement social, psychologique et juridique.",
            "Een beveiligde opvang voor vrouwen die slachtoffer zijn van partnergeweld en hun "
            "kinderen, met sociale, psychologische en juridische begeleiding.",
            "Safe housing for women facing domestic violence and their children, with social, "
            "psychological and legal support.",
        ),
        hours=("always",),
        access=("phone",),
        audiences=("femmes", "enfants"),
        hidden_address=True,
        bring=(
            "L'adresse est confidentielle : elle n'est communiquée qu'aux personnes accueillies.",
            "Het adres is vertrouwelijk: het wordt alleen meegedeeld aan wie opgevangen wordt.",
            "The address is confidential and only given to the women who stay.",
        ),
        area="region",
    ),
    "ligne-violences": Offer(
        "violences",
        (
            "Ligne d'écoute violences conjugales",
            "Hulplijn partnergeweld",
            "Domestic violence helpline",
        ),
        (
            "Une ligne gratuite et anonyme, 24 h/24, pour les victimes, leurs proches et les "
            "professionnels : écoute, information et orientation vers un hébergement ou une "
            "aide juridique.",
            "Een gratis en anonieme lijn, 24 uur op 24, voor slachtoffers, hun naasten en "
            "professionals: een luisterend oor, informatie en doorverwijzing naar opvang of "
            "juridische hulp.",
            "A free, anonymous 24/7 line for victims, their families and professionals: "
            "listening, information and referral to shelter or legal help.",
        ),
        hours=("always",),
        access=("phone",),
        audiences=("femmes", "tout-public"),
        area="region",
    ),
    "accompagnement-victimes": Offer(
        "violences",
        ("Accompagnement des victimes", "Begeleiding van slachtoffers", "Support for victims"),
        (
            "Entretiens individuels avec une assistante sociale et une juriste : porter "
            "plainte, demander une protection, se séparer en sécurité, trouver un hébergement sûr.",
            "Individuele gesprekken met een maatschappelijk werkster en een juriste: klacht "
            "indienen, bescherming vragen, veilig uit elkaar gaan, een veilige opvang vinden.",
            "One-to-one meetings with a social worker and a lawyer: filing a complaint, "
            "asking for protection, leaving safely, finding a safe place to stay.",
        ),
        hours=("office",),
        access=("appointment",),
        audiences=("femmes",),
        also="aide-juridique",
    ),
    "groupe-femmes": Offer(
        "violences",
        ("Groupe de parole pour femmes", "Praatgroep voor vrouwen", "Women's support group"),
        (
            "Un groupe entre femmes, animé par une psychologue, pour parler des violences "
            "vécues, reprendre confiance et ne plus rester seule.",
            "Een groep onder vrouwen, begeleid door een psychologe, om te praten over geweld, "
            "opnieuw vertrouwen te krijgen en er niet alleen voor te staan.",
            "A women's group led by a psychologist to talk about violence, rebuild confidence "
            "and not be alone.",
        ),
        hours=("weekly",),
        access=("appointment",),
        audiences=("femmes",),
        also="sante-mentale",
    ),
    # migrants
    "droit-etrangers": Offer(
        "migrants",
        (
            "Permanence droit des étrangers",
            "Permanentie vreemdelingenrecht",
            "Immigration law advice",
        ),
        (
            "Conseils sur le séjour, la demande d'asile, le regroupement familial, la "
            "régularisation et les droits des personnes sans papiers. Un juriste examine "
            "votre dossier et vous oriente vers un avocat spécialisé.",
            "Advies over verblijf, asielaanvraag, gezinshereniging, regularisatie en de "
            "rechten van mensen zonder papieren. Een jurist bekijkt uw dossier en verwijst u "
            "door naar een gespecialiseerde advocaat.",
            "Advice on residence, asylum, family reunification, regularisation and the rights "
            "of undocumented people. A legal adviser looks at your file and refers you to a "
            "specialist lawyer.",
        ),
        hours=("permanence",),
        audiences=("sans-papiers", "primo-arrivants"),
        also="aide-juridique",
        bring=PAPERS,
        languages=("ar", "fa", "ps", "ti", "so", "ru"),
    ),
    "accueil-primo": Offer(
        "migrants",
        ("Accueil des primo-arrivants", "Onthaal van nieuwkomers", "Welcome for newcomers"),
        (
            "Pour les personnes arrivées récemment en Belgique : comprendre les démarches à la "
            "commune, la mutuelle, l'école des enfants, les cours de français ou de "
            "néerlandais, et le parcours d'accueil.",
            "Voor wie pas in België is aangekomen: de stappen bij de gemeente, het "
            "ziekenfonds, de school van de kinderen, de lessen Frans of Nederlands en het "
            "inburgeringstraject begrijpen.",
            "For people who have just arrived in Belgium: town hall formalities, health "
            "insurance, children's school, French or Dutch classes and the integration "
            "programme.",
        ),
        hours=("office", "mornings"),
        audiences=("primo-arrivants",),
        also="administratif",
        languages=("ar", "uk", "ru", "es", "ti"),
    ),
    "accueil-sans-papiers": Offer(
        "migrants",
        (
            "Accueil des personnes sans papiers",
            "Onthaal van mensen zonder papieren",
            "Support for undocumented people",
        ),
        (
            "Un lieu d'accueil et d'information pour les personnes sans titre de séjour : "
            "aide médicale urgente, scolarité des enfants, travail, logement, et soutien dans "
            "les démarches.",
            "Een onthaal- en infopunt voor mensen zonder verblijfsvergunning: dringende "
            "medische hulp, school voor de kinderen, werk, huisvesting en steun bij de "
            "stappen.",
            "A welcome and information point for people without a residence permit: urgent "
            "medical aid, children's schooling, work, housing and help with formalities.",
        ),
        hours=("afternoons",),
        access=("walk_in",),
        audiences=("sans-papiers",),
        languages=("ar", "fa", "ps", "so"),
    ),
    # handicap
    "info-handicap": Offer(
        "handicap",
        (
            "Droits des personnes handicapées",
            "Rechten van personen met een handicap",
            "Disability rights advice",
        ),
        (
            "On vous aide à faire reconnaître un handicap, à demander des allocations, une "
            "carte de stationnement ou des aides matérielles, et à faire valoir vos droits.",
            "We helpen u een handicap te laten erkennen, tegemoetkomingen, een parkeerkaart of "
            "hulpmiddelen aan te vragen en uw rechten te doen gelden.",
            "We help you get a disability recognised, apply for allowances, a parking card or "
            "equipment, and stand up for your rights.",
        ),
        hours=("permanence", "office"),
        access=("appointment",),
        audiences=("personnes-handicapees",),
        bring=PAPERS,
    ),
    "loisirs-adaptes": Offer(
        "handicap",
        ("Loisirs adaptés", "Aangepaste vrijetijd", "Adapted leisure"),
        (
            "Ateliers créatifs, sport adapté et sorties pour les adultes en situation de "
            "handicap, avec un transport possible depuis le domicile.",
            "Creatieve ateliers, aangepaste sport en uitstappen voor volwassenen met een "
            "handicap, met vervoer van thuis uit indien nodig.",
            "Creative workshops, adapted sport and outings for disabled adults, with "
            "transport from home if needed.",
        ),
        hours=("seniors", "garden"),
        access=("appointment",),
        audiences=("personnes-handicapees",),
        also="lien-social",
        fees=("5 € par activité", "5 € per activiteit", "€5 per activity"),
    ),
    "proches-aidants": Offer(
        "handicap",
        ("Soutien aux proches aidants", "Steun voor mantelzorgers", "Support for carers"),
        (
            "Écoute, information et moments de répit pour les parents et les proches qui "
            "s'occupent d'une personne en situation de handicap.",
            "Een luisterend oor, informatie en adempauzes voor ouders en naasten die zorgen "
            "voor iemand met een handicap.",
            "Listening, information and respite for parents and relatives who care for a "
            "disabled person.",
        ),
        hours=("afternoons",),
        access=("appointment", "both"),
        audiences=("familles", "personnes-handicapees"),
    ),
    # lien-social
    "cafe-quartier": Offer(
        "lien-social",
        ("Café de quartier", "Buurtcafé", "Neighbourhood café"),
        (
            "Un café à prix libre pour rencontrer ses voisins, boire un thé, lire le journal, "
            "proposer une activité ou simplement ne pas rester seul.",
            "Een café met vrije bijdrage om buren te ontmoeten, een thee te drinken, de krant "
            "te lezen, een activiteit voor te stellen of gewoon niet alleen te zijn.",
            "A pay-what-you-can café to meet neighbours, have a tea, read the paper, suggest "
            "an activity or just not be alone.",
        ),
        hours=("afternoons", "seniors"),
        access=("walk_in",),
    ),
    "ateliers": Offer(
        "lien-social",
        ("Ateliers collectifs", "Groepsateliers", "Group workshops"),
        (
            "Couture, cuisine du monde, jardinage, théâtre : des ateliers chaque semaine, "
            "ouverts à tous, pour partager ses savoir-faire et créer des liens.",
            "Naaien, wereldkeuken, tuinieren, theater: wekelijkse ateliers voor iedereen, om "
            "vaardigheden te delen en mensen te leren kennen.",
            "Sewing, world cooking, gardening, theatre: weekly workshops open to all, to share "
            "skills and meet people.",
        ),
        hours=("weekly", "afternoons"),
        access=("walk_in", "appointment"),
        fees=("2 € par atelier", "2 € per atelier", "€2 per workshop"),
    ),
    "potager": Offer(
        "lien-social",
        ("Potager collectif", "Gemeenschappelijke moestuin", "Community garden"),
        (
            "Un potager partagé pour cultiver légumes et herbes aromatiques avec les voisins, "
            "apprendre à jardiner et se retrouver dehors.",
            "Een gedeelde moestuin om samen met de buren groenten en kruiden te kweken, te "
            "leren tuinieren en buiten samen te komen.",
            "A shared vegetable garden to grow vegetables and herbs with the neighbours, learn "
            "gardening and get together outdoors.",
        ),
        hours=("garden",),
        access=("walk_in",),
    ),
}


# ---------------------------------------------------------------------------------------
# Kinds of organisation: their names, a short description, the services they run.
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrgKind:
    name: tuple  # FR, NL, EN patterns with {name} (a fictional name) and {commune}
    text: tuple  # FR, NL, EN patterns with {commune} and {de_commune}
    offers: tuple  # each organisation takes the next ones, so they differ
    count: int = 0  # 0: one per commune
    services: tuple = (2, 3)  # fewest and most services per organisation
    core: str = ""  # an offer every organisation of the kind runs
    names: str = "general"  # the pool of fictional names
    one_commune: bool = False  # all its places are in its home commune


KINDS = {
    "cpas": OrgKind(
        (
            "CPAS fictif {de_commune}",
            "Fictief OCMW van {commune}",
            "Fictional welfare office of {commune}",
        ),
        (
            "Centre public d'action sociale imaginaire {de_commune} : aide sociale, revenu "
            "d'intégration, énergie, aide à domicile.",
            "Denkbeeldig openbaar centrum voor maatschappelijk welzijn van {commune}: sociale "
            "hulp, leefloon, energie, thuishulp.",
            "An imaginary public social welfare centre for {commune}: social help, income "
            "support, energy, home help.",
        ),
        (
            "energie",
            "aide-domicile",
            "mediation-dettes",
            "repas-domicile",
            "permanence-administrative",
            "ais",
        ),
        core="service-social-cpas",
        one_commune=True,
    ),
    "food": OrgKind(
        ("Aide alimentaire {name}", "Voedselhulp {nl_name}", "{en_name} Food Aid"),
        (
            "Association fictive qui lutte contre la précarité alimentaire à {commune}.",
            "Fictieve vereniging die voedselonzekerheid bestrijdt in {commune}.",
            "A fictional charity tackling food poverty in {commune}.",
        ),
        ("colis", "epicerie", "frigo", "restaurant-social", "colis-bebe"),
        count=6,
        names="food",
    ),
    "community": OrgKind(
        ("Maison de quartier {name}", "Buurthuis {nl_name}", "{en_name} Community House"),
        (
            "Maison de quartier fictive à {commune} : accueil, ateliers et projets avec les "
            "habitants.",
            "Fictief buurthuis in {commune}: onthaal, ateliers en projecten met de bewoners.",
            "A fictional community house in {commune}: drop-in, workshops and projects with "
            "residents.",
        ),
        (
            "cafe-quartier",
            "ecole-devoirs",
            "ateliers",
            "epn",
            "ecrivain-public",
            "table-conversation",
            "potager",
            "club-seniors",
            "accueil-social",
        ),
        count=7,
    ),
    "health": OrgKind(
        ("Maison médicale {name}", "Wijkgezondheidscentrum {nl_name}", "{en_name} Health Centre"),
        (
            "Maison médicale fictive : une équipe de soins de première ligne à {commune}.",
            "Fictief wijkgezondheidscentrum: een eerstelijnsteam in {commune}.",
            "A fictional community health centre: a primary care team in {commune}.",
        ),
        (
            "medecine-generale",
            "infirmerie",
            "consultation-nourrissons",
            "dentiste",
            "lieu-ecoute",
            "soins-sans-papiers",
        ),
        count=4,
        core="medecine-generale",
    ),
    "mental": OrgKind(
        (
            "Service de santé mentale {name}",
            "Centrum geestelijke gezondheid {nl_name}",
            "{en_name} Mental Health Service",
        ),
        (
            "Service de santé mentale fictif à {commune} : consultations et groupes.",
            "Fictief centrum voor geestelijke gezondheidszorg in {commune}: consultaties en "
            "groepen.",
            "A fictional mental health service in {commune}: counselling and groups.",
        ),
        ("consultations-psy", "groupe-parole", "lieu-ecoute", "ligne-ecoute", "jeu-ecrans"),
        count=3,
    ),
    "addiction": OrgKind(
        ("Projet assuétudes {name}", "Verslavingszorg {nl_name}", "{en_name} Addiction Service"),
        (
            "Projet fictif d'aide aux personnes qui consomment de l'alcool, des drogues ou "
            "qui jouent, à {commune}.",
            "Fictief project voor mensen die alcohol of drugs gebruiken of gokken, in {commune}.",
            "A fictional project for people who use alcohol or drugs or gamble, in {commune}.",
        ),
        ("consultations-assuetudes", "reduction-risques", "jeu-ecrans"),
        count=3,
    ),
    "homeless": OrgKind(
        ("Accueil {name}", "Onthaal {nl_name}", "{en_name} Shelter"),
        (
            "Association fictive d'accueil des personnes sans abri, basée à {commune}.",
            "Fictieve vereniging voor de opvang van daklozen, gevestigd in {commune}.",
            "A fictional charity for homeless people, based in {commune}.",
        ),
        ("abri-nuit", "accueil-jour", "douches", "maraude", "restaurant-social"),
        count=3,
    ),
    "legal": OrgKind(
        ("Service juridique {name}", "Juridische dienst {nl_name}", "{en_name} Legal Aid"),
        (
            "Service juridique fictif de première ligne à {commune}.",
            "Fictieve juridische eerstelijnsdienst in {commune}.",
            "A fictional first-line legal advice service in {commune}.",
        ),
        (
            "permanence-juridique",
            "boutique-droit",
            "droit-famille",
            "defense-locataires",
            "droit-etrangers",
        ),
        count=3,
    ),
    "debts": OrgKind(
        (
            "Centre de médiation de dettes {name}",
            "Schuldbemiddeling {nl_name}",
            "{en_name} Debt Advice",
        ),
        (
            "Centre fictif de médiation de dettes et d'aide énergie à {commune}.",
            "Fictief centrum voor schuldbemiddeling en energiehulp in {commune}.",
            "A fictional debt and energy advice centre in {commune}.",
        ),
        ("mediation-dettes", "energie", "atelier-budget"),
        count=3,
    ),
    "housing": OrgKind(
        ("Habitat {name}", "Wonen {nl_name}", "{en_name} Housing"),
        (
            "Association fictive pour le droit au logement à {commune}.",
            "Fictieve vereniging voor het recht op wonen in {commune}.",
            "A fictional housing rights association in {commune}.",
        ),
        ("permanence-logement", "ais", "recherche-logement", "defense-locataires"),
        count=3,
    ),
    "jobs": OrgKind(
        ("Atelier emploi {name}", "Werkwinkel {nl_name}", "{en_name} Job Shop"),
        (
            "Association fictive d'insertion socioprofessionnelle à {commune}.",
            "Fictieve vereniging voor socio-professionele inschakeling in {commune}.",
            "A fictional back-to-work association in {commune}.",
        ),
        ("accompagnement-emploi", "atelier-cv", "formation-cuisine", "neerlandais"),
        count=3,
    ),
    "literacy": OrgKind(
        (
            "Collectif alpha {name}",
            "Alfabetiseringscollectief {nl_name}",
            "{en_name} Literacy Collective",
        ),
        (
            "Collectif fictif d'alphabétisation et de cours de langue à {commune}.",
            "Fictief collectief voor alfabetisering en taallessen in {commune}.",
            "A fictional literacy and language class collective in {commune}.",
        ),
        ("alpha", "fle", "table-conversation", "neerlandais", "ecrivain-public"),
        count=3,
    ),
    "school": OrgKind(
        ("École de devoirs {name}", "Huiswerkklas {nl_name}", "{en_name} Homework Club"),
        (
            "École de devoirs fictive à {commune}, pour les enfants et les jeunes.",
            "Fictieve huiswerkklas in {commune}, voor kinderen en jongeren.",
            "A fictional homework club in {commune} for children and teenagers.",
        ),
        ("ecole-devoirs", "remediation", "parents-ecole", "stages-vacances"),
        count=2,
    ),
    "youth": OrgKind(
        ("Maison de jeunes {name}", "Jeugdhuis {nl_name}", "{en_name} Youth Centre"),
        (
            "Maison de jeunes fictive à {commune}.",
            "Fictief jeugdhuis in {commune}.",
            "A fictional youth centre in {commune}.",
        ),
        ("maison-jeunes", "aide-jeunes", "stages-vacances", "remediation"),
        count=2,
    ),
    "family": OrgKind(
        ("Maison des familles {name}", "Gezinshuis {nl_name}", "{en_name} Family Centre"),
        (
            "Lieu fictif de soutien aux parents et aux jeunes enfants à {commune}.",
            "Fictieve plek voor steun aan ouders en jonge kinderen in {commune}.",
            "A fictional place supporting parents and young children in {commune}.",
        ),
        (
            "consultation-nourrissons",
            "lieu-rencontre",
            "halte-accueil",
            "colis-bebe",
            "parents-ecole",
        ),
        count=3,
    ),
    "seniors": OrgKind(
        ("Réseau seniors {name}", "Seniorennetwerk {nl_name}", "{en_name} Seniors' Network"),
        (
            "Association fictive de seniors et de bénévoles à {commune}.",
            "Fictieve vereniging van senioren en vrijwilligers in {commune}.",
            "A fictional association of older people and volunteers in {commune}.",
        ),
        ("club-seniors", "visites-isolement", "aide-domicile", "repas-domicile"),
        count=2,
    ),
    "violence": OrgKind(
        (
            "Collectif contre les violences {name}",
            "Collectief tegen geweld {nl_name}",
            "{en_name} Anti-Violence Collective",
        ),
        (
            "Collectif fictif d'aide aux victimes de violences conjugales et familiales.",
            "Fictief collectief dat slachtoffers van partner- en gezinsgeweld helpt.",
            "A fictional collective helping victims of domestic violence.",
        ),
        ("refuge", "ligne-violences", "accompagnement-victimes", "groupe-femmes"),
        count=2,
        services=(3, 4),
        core="accompagnement-victimes",
    ),
    "migrants": OrgKind(
        (
            "Point d'appui migrants {name}",
            "Steunpunt migranten {nl_name}",
            "{en_name} Migrant Support",
        ),
        (
            "Association fictive d'accueil et d'information des personnes migrantes à {commune}.",
            "Fictieve vereniging voor onthaal en informatie van migranten in {commune}.",
            "A fictional welcome and advice centre for migrants in {commune}.",
        ),
        ("droit-etrangers", "accueil-primo", "accueil-sans-papiers", "fle", "soins-sans-papiers"),
        count=2,
    ),
    "disability": OrgKind(
        (
            "Association {name} pour l'inclusion",
            "Vereniging {nl_name} voor inclusie",
            "{en_name} Inclusion Association",
        ),
        (
            "Association fictive de et pour les personnes en situation de handicap, à {commune}.",
            "Fictieve vereniging van en voor personen met een handicap, in {commune}.",
            "A fictional association of and for disabled people, in {commune}.",
        ),
        ("info-handicap", "loisirs-adaptes", "proches-aidants"),
        count=3,
    ),
    "digital": OrgKind(
        ("Espace numérique {name}", "Digitale ruimte {nl_name}", "{en_name} Digital Hub"),
        (
            "Espace fictif d'inclusion numérique à {commune}.",
            "Fictieve plek voor digitale inclusie in {commune}.",
            "A fictional digital inclusion space in {commune}.",
        ),
        ("epn", "demarches-en-ligne", "cours-informatique", "atelier-cv"),
        count=2,
    ),
    "social": OrgKind(
        ("Service social {name}", "Sociale dienst {nl_name}", "{en_name} Social Service"),
        (
            "Service social associatif fictif à {commune}.",
            "Fictieve sociale dienst van een vereniging in {commune}.",
            "A fictional voluntary-sector social service in {commune}.",
        ),
        (
            "permanence-sociale",
            "accueil-social",
            "permanence-administrative",
            "impots",
            "mediation-dettes",
        ),
        count=2,
        core="permanence-sociale",
    ),
}

# Molenbeek shows several food parcel services: the first food organisations live there.
PINNED_HOMES = {"food": ("molenbeek-saint-jean", "molenbeek-saint-jean")}

# Fictional names (FR, NL, EN), for names like "Maison de quartier Les Tilleuls (démo)".
NAMES = {
    "food": [
        ("La Marmite", "De Kookpot", "The Cooking Pot"),
        ("La Tartine", "De Boterham", "The Sandwich"),
        ("Le Pain Partagé", "Het Gedeelde Brood", "Shared Bread"),
        ("La Louche", "De Soeplepel", "The Ladle"),
        ("Le Panier", "De Mand", "The Basket"),
        ("La Cerise", "De Kers", "The Cherry"),
        ("Le Chaudron", "De Ketel", "The Cauldron"),
        ("Le Figuier", "De Vijgenboom", "The Fig Tree"),
    ],
    "general": [
        ("Le Pont Fictif", "De Fictieve Brug", "The Fictional Bridge"),
        ("Les Tilleuls", "De Linden", "The Lime Trees"),
        ("La Boussole", "Het Kompas", "The Compass"),
        ("Le Phare", "De Vuurtoren", "The Lighthouse"),
        ("La Ruche", "De Bijenkorf", "The Beehive"),
        ("L'Étincelle", "De Vonk", "The Spark"),
        ("Le Tremplin", "De Springplank", "The Springboard"),
        ("La Passerelle", "De Loopbrug", "The Footbridge"),
        ("Les Hirondelles", "De Zwaluwen", "The Swallows"),
        ("Le Colibri", "De Kolibrie", "The Hummingbird"),
        ("L'Olivier", "De Olijfboom", "The Olive Tree"),
        ("La Clé", "De Sleutel", "The Key"),
        ("La Lanterne", "De Lantaarn", "The Lantern"),
        ("Le Moulin", "De Molen", "The Mill"),
        ("Les Coquelicots", "De Klaprozen", "The Poppies"),
        ("La Source", "De Bron", "The Spring"),
        ("Le Nid", "Het Nest", "The Nest"),
        ("Le Carrefour", "Het Kruispunt", "The Crossroads"),
        ("L'Éclaircie", "De Opklaring", "The Bright Spell"),
        ("Le Trèfle", "De Klaver", "The Clover"),
        ("Les Marronniers", "De Kastanjebomen", "The Chestnut Trees"),
        ("Le Cerf-Volant", "De Vlieger", "The Kite"),
        ("L'Ancre", "Het Anker", "The Anchor"),
        ("La Boîte à Outils", "De Gereedschapskist", "The Toolbox"),
        ("Le Tournesol", "De Zonnebloem", "The Sunflower"),
        ("La Main Tendue", "De Uitgestoken Hand", "The Helping Hand"),
        ("Le Fil d'Ariane", "De Rode Draad", "The Common Thread"),
        ("Le Grenier", "De Zolder", "The Attic"),
        ("L'Arc-en-ciel", "De Regenboog", "The Rainbow"),
        ("Les Glycines", "De Blauweregen", "The Wisteria"),
        ("Le Vieux Chêne", "De Oude Eik", "The Old Oak"),
        ("La Girouette", "De Windwijzer", "The Weathervane"),
        ("La Courte Échelle", "Het Steuntje", "The Leg-Up"),
        ("L'Escale", "De Tussenstop", "The Stopover"),
        ("La Bouée", "De Boei", "The Buoy"),
        ("Le Sablier", "De Zandloper", "The Hourglass"),
        ("La Palette", "Het Palet", "The Palette"),
        ("Le Trait d'Union", "Het Koppelteken", "The Hyphen"),
        ("Le Jardin Suspendu", "De Hangende Tuin", "The Hanging Garden"),
        ("La Fourmilière", "De Mierenhoop", "The Anthill"),
        ("Les Lucioles", "De Glimwormen", "The Fireflies"),
        ("Le Bon Voisin", "De Goede Buur", "The Good Neighbour"),
        ("La Clairière", "De Open Plek", "The Clearing"),
        ("Les Castors Fictifs", "De Fictieve Bevers", "The Fictional Beavers"),
        ("Le Pas de Côté", "De Zijstap", "The Side Step"),
        ("La Belle Étoile", "De Sterrenhemel", "The Starry Sky"),
        ("Le Réverbère", "De Straatlantaarn", "The Streetlamp"),
        ("Le Citronnier", "De Citroenboom", "The Lemon Tree"),
        ("L'Équerre", "De Winkelhaak", "The Set Square"),
        ("Le Quai", "De Kade", "The Quay"),
        ("La Mosaïque", "Het Mozaïek", "The Mosaic"),
        ("Le Bouquet", "Het Boeket", "The Bouquet"),
        ("Le Petit Pas", "Het Kleine Stapje", "Small Steps"),
        ("La Parenthèse", "De Adempauze", "The Breather"),
        ("Les Pissenlits", "De Paardenbloemen", "The Dandelions"),
        ("La Marelle", "Het Hinkelspel", "Hopscotch"),
        ("L'Amandier", "De Amandelboom", "The Almond Tree"),
        ("Le Chemin Vert", "Het Groene Pad", "The Green Path"),
        ("La Toupie", "De Tol", "The Spinning Top"),
        ("Le Goéland", "De Meeuw", "The Gull"),
        ("Les Saules", "De Wilgen", "The Willows"),
        ("La Ritournelle", "Het Deuntje", "The Refrain"),
        ("L'Aubépine", "De Meidoorn", "The Hawthorn"),
        ("Le Kiosque", "De Kiosk", "The Kiosk"),
        ("Les Pommiers", "De Appelbomen", "The Apple Trees"),
    ],
}

MOBILE_PREFIXES = (
    "470",
    "471",
    "472",
    "473",
    "475",
    "476",
    "477",
    "478",
    "479",
    "484",
    "485",
    "486",
    "487",
    "488",
    "489",
    "492",
    "493",
    "494",
    "495",
    "496",
    "497",
    "498",
    "499",
)


# ---------------------------------------------------------------------------------------
# The loader.
# ---------------------------------------------------------------------------------------
@dataclass
class Reference:
    communes: dict  # slug -> Commune
    quartiers: dict  # code -> Quartier
    categories: dict  # slug -> Category
    audiences: dict  # slug -> Audience
    languages: dict  # code -> Language


@dataclass
class Batch:
    """Rows created in bulk once every service and location exists."""

    categories: list = field(default_factory=list)
    audiences: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    schedules: list = field(default_factory=list)
    exceptions: list = field(default_factory=list)


def _reference():
    """The reference rows the demo needs; RuntimeError if load_reference has not run."""
    ref = Reference(
        communes={c.slug: c for c in Commune.objects.all()},
        quartiers={q.code: q for q in Quartier.objects.all()},
        categories={c.slug: c for c in Category.objects.all()},
        audiences={a.slug: a for a in Audience.objects.all()},
        languages={lang.code: lang for lang in Language.objects.all()},
    )
    needed = [
        (ref.communes, STREETS),
        (ref.quartiers, {s[2] for streets in STREETS.values() for s in streets}),
        (
            ref.categories,
            {o.category for o in OFFERS.values()} | {o.also for o in OFFERS.values() if o.also},
        ),
        (ref.audiences, {a for o in OFFERS.values() for a in o.audiences}),
        (
            ref.languages,
            {"fr", "nl", *COMMON_LANGUAGES, *(c for cs in LOCAL_LANGUAGES.values() for c in cs)}
            | {c for o in OFFERS.values() for c in o.languages},
        ),
    ]
    if len(ref.communes) < 19 or any(set(keys) - set(rows) for rows, keys in needed):
        raise RuntimeError("Run `manage.py load_reference` first.")
    return ref


def _de(name):
    """French "de" before a commune name, elided before a vowel: d'Ixelles, de Jette."""
    return f"d'{name}" if name[0] in "AEIOUÉ" else f"de {name}"


def _commune_names(commune):
    """Format keys for each of FR, NL, EN."""
    return [
        {"commune": commune.name_fr, "de_commune": _de(commune.name_fr)},
        {"commune": commune.name_nl, "de_commune": commune.name_nl},
        {"commune": commune.name_en or commune.name_fr, "de_commune": commune.name_en},
    ]


def _plan(rng, ref):
    """[(kind, commune, fictional name, [offer keys])], one row per organisation.

    Homes go round the communes in a shuffled order so every commune gets its share;
    each organisation takes the next offers of its kind, so services vary.
    """
    communes = sorted(ref.communes)
    rng.shuffle(communes)
    next_home = cycle(communes)
    names = {pool: rng.sample(rows, len(rows)) for pool, rows in NAMES.items()}
    plan = []
    for kind_key, kind in KINDS.items():
        pinned = list(PINNED_HOMES.get(kind_key, ()))
        homes = (
            sorted(ref.communes)
            if not kind.count
            else [pinned.pop(0) if pinned else next(next_home) for _ in range(kind.count)]
        )
        cursor = 0
        others = [key for key in kind.offers if key != kind.core]
        for home in homes:
            n = rng.randint(*kind.services) - bool(kind.core)
            offers = [others[(cursor + i) % len(others)] for i in range(n)]
            cursor += n
            name = names[kind.names].pop() if kind.count else None
            plan.append((kind, ref.communes[home], name, [kind.core] * bool(kind.core) + offers))
    return plan


def _organisation(rng, kind, commune, name):
    keys = _commune_names(commune)
    if name:
        for lang_keys in keys:
            lang_keys.update(name=name[0], nl_name=name[1], en_name=name[2].removeprefix("The "))
    patterns = zip(kind.name, keys, DEMO_SUFFIX, strict=True)
    names = [pattern.format(**k) + suffix for pattern, k, suffix in patterns]
    domain = slugify(name[0] if name else f"cpas fictif {commune.name_fr}") + ".example.org"
    org = Organisation(
        name_fr=names[0],
        name_nl=names[1],
        name_en=names[2] if rng.random() < 0.4 else "",
        description_fr=kind.text[0].format(**keys[0]) + " Organisation de démonstration.",
        description_nl=kind.text[1].format(**keys[1]) + " Demo-organisatie.",
        description_en=kind.text[2].format(**keys[2]) + " Demo organisation.",
        email=f"info@{domain}",
        website=f"https://{domain}/",
        is_demo=True,
    )
    org.save_without_historical_record()
    return org


def _service_languages(rng, offer, commune, ref):
    base = rng.choices([("fr", "nl"), ("fr",), ("nl", "fr")], weights=[55, 38, 7])[0]
    pool = [
        c
        for c in (*LOCAL_LANGUAGES.get(commune.slug, ()), *offer.languages, *COMMON_LANGUAGES)
        if c not in base
    ]
    extra = rng.sample(pool, rng.choices([0, 1, 2], weights=[40, 40, 20])[0])
    return [ref.languages[code] for code in dict.fromkeys((*base, *extra))]


def _last_verified(rng, today):
    if rng.random() < SHARE_STALE:
        return today - timedelta(days=rng.randint(190, 425))
    return today - timedelta(days=rng.randint(0, 170))


def _phone_number(rng, mobile=False):
    pairs = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(2 if not mobile else 3))
    if mobile:
        return f"0{rng.choice(MOBILE_PREFIXES)} {pairs}"
    return f"02 {rng.randint(210, 799)} {pairs}"


def _phones(rng, service, offer):
    phones = [Phone(service=service, number=_phone_number(rng))]
    if "phone" not in offer.access and rng.random() < 0.25:
        kind = rng.choice([Phone.Kind.SMS, Phone.Kind.WHATSAPP])
        phones.append(Phone(service=service, number=_phone_number(rng, mobile=True), kind=kind))
    return phones


def _service(rng, org, key, commune, ref, today, batch):
    offer = OFFERS[key]
    area = offer.area or rng.choices(["local", "commune"], weights=[75, 25])[0]
    access = rng.choice(offer.access)
    walk_in, by_appointment = ACCESS_FLAGS[access]
    languages = _service_languages(rng, offer, commune, ref)
    keys = _commune_names(commune)
    texts = [f"{offer.text[i]} {AREA_TEXT[area][i].format(**keys[i])}" for i in range(3)]
    access_texts = [" ".join([ACCESS_TEXT[access][i], *offer.bring[i : i + 1]]) for i in range(3)]
    english = rng.random() < SHARE_WITH_ENGLISH
    service = Service(
        organisation=org,
        name_fr=offer.name[0],
        name_nl=offer.name[1],
        name_en=offer.name[2] if english else "",
        description_fr=texts[0],
        description_nl=texts[1],
        description_en=texts[2] if english else "",
        how_to_access_fr=access_texts[0],
        how_to_access_nl=access_texts[1],
        how_to_access_en=access_texts[2] if english else "",
        fees_fr=offer.fees[0] if offer.fees else "",
        fees_nl=offer.fees[1] if offer.fees else "",
        fees_en=offer.fees[2] if offer.fees and english else "",
        free=not offer.fees,
        walk_in=walk_in,
        by_appointment=by_appointment,
        area_served=area,
        email=f"{key}@{org.email.split('@')[1]}" if rng.random() < 0.6 else "",
        website=org.website if rng.random() < 0.5 else "",
        last_verified=_last_verified(rng, today),
    )
    # The commune in the slug tells apart the many "Permanence sociale".
    service.slug = unique_slug(service, f"{offer.name[0]} {commune.name_fr}")
    service.save_without_historical_record()
    batch.categories += [
        Service.categories.through(service=service, category=ref.categories[slug])
        for slug in filter(None, [offer.category, offer.also])
    ]
    batch.audiences += [
        Service.audiences.through(service=service, audience=ref.audiences[slug])
        for slug in offer.audiences
    ]
    batch.languages += [
        Service.languages.through(service=service, language=lang) for lang in languages
    ]
    batch.phones += _phones(rng, service, offer)
    return service


def _point(rng, quartier):
    """The quartier's centre moved by up to JITTER_DEG, as 6-decimal Decimals."""
    r, angle = JITTER_DEG * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    lat = float(quartier.latitude) + r * math.sin(angle)
    lon = float(quartier.longitude) + r * math.cos(angle)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def _house_number(rng):
    number = str(rng.randint(1, 180))
    return number + rng.choice(["A", "B"]) if rng.random() < 0.08 else number


def _location(rng, service, commune, street, ref, hidden, name):
    street_fr, street_nl, code, *postcode = street
    location = Location(
        service=service,
        name=name,
        postcode=postcode[0] if postcode else commune.postcodes[0],
        wheelchair_accessible=rng.random() < SHARE_WHEELCHAIR,
        address_hidden=hidden,
    )
    if hidden:
        # A confidential shelter: no street and no point anywhere, only its commune.
        location.commune = commune
    else:
        number = _house_number(rng)
        location.street_fr, location.street_nl = f"{street_fr} {number}", f"{street_nl} {number}"
        location.latitude, location.longitude = _point(rng, ref.quartiers[code])
    location.save_without_historical_record()
    return location


def _branch_street(rng, commune, first, ref, one_commune):
    """A second place: another quartier of the commune or, half the time, another commune."""
    streets = STREETS[commune.slug]
    elsewhere = [s for s in streets if s[2] != first[2]] or [s for s in streets if s != first]
    if not one_commune and rng.random() < 0.5:
        commune = ref.communes[rng.choice(sorted(set(STREETS) - {commune.slug}))]
        elsewhere = STREETS[commune.slug]
    return commune, rng.choice(elsewhere)


def _locations(rng, service, offer, commune, kind, ref, batch):
    """[(location, hours profile)]: the service's place and sometimes an "Antenne"."""
    street, profile = rng.choice(STREETS[commune.slug]), rng.choice(offer.hours)
    places = [(commune, street, profile, "")]
    can_branch = profile not in NEVER_CLOSED and "phone" not in offer.access
    if can_branch and rng.random() < SHARE_TWO_LOCATIONS:
        branch = _branch_street(rng, commune, street, ref, kind.one_commune)
        places.append((*branch, rng.choice(BRANCH_HOURS), "Antenne"))
    located = []
    for place, place_street, place_profile, name in places:
        location = _location(rng, service, place, place_street, ref, offer.hidden_address, name)
        batch.schedules += _schedules(location, place_profile)
        located.append((location, place_profile))
    return located


def _schedules(location, profile):
    return [
        Schedule(
            location=location,
            weekday=day,
            opens_at=time.fromisoformat(opens),
            closes_at=time.fromisoformat(closes),
        )
        for days, opens, closes in HOURS[profile]
        for day in days
    ]


def _exception(location, start, end, reason, opens_at=None, closes_at=None):
    return ScheduleException(
        location=location,
        start_date=start,
        end_date=end,
        closed=opens_at is None,
        opens_at=opens_at,
        closes_at=closes_at,
        reason_fr=reason[0],
        reason_nl=reason[1],
        reason_en=reason[2],
    )


def _exceptions(rng, located, today):
    """Holiday closures, a staff training day and two weeks of reduced hours.

    `located` is [(location, hours profile)].
    """
    year = today.year - 1 if today <= date(today.year, 1, 2) else today.year
    christmas, new_year = date(year, 12, 24), date(year + 1, 1, 2)
    closable = [loc for loc, profile in located if profile not in NEVER_CLOSED]
    on_holiday = [loc for loc in closable if rng.random() < SHARE_HOLIDAY_CLOSURE]
    rows = [_exception(loc, christmas, new_year, HOLIDAY_REASON) for loc in on_holiday]
    # Other exceptions go to locations without a holiday closure, so none overlap.
    others = rng.sample([loc for loc in closable if loc not in on_holiday], 4)
    training = today + timedelta(days=rng.randint(20, 40))
    while training.weekday() >= 5 or christmas <= training <= new_year:
        training += timedelta(days=1)
    rows += [_exception(loc, training, training, TRAINING_REASON) for loc in others[1:]]
    works = others[0]
    rows.append(
        _exception(
            works,
            today - timedelta(days=2),
            today + timedelta(days=12),
            WORKS_REASON,
            time(9),
            time(12),
        )
    )
    return rows


@transaction.atomic
def load_demo():
    """Replaces the demo organisations (and their services) with a fresh demo data set.

    Never touches an organisation that is not `is_demo`. Returns the number of rows of
    each kind.
    """
    ref = _reference()
    Organisation.objects.filter(is_demo=True).delete()
    rng = random.Random(SEED)
    today = timezone.localdate()
    plan = _plan(rng, ref)
    batch, organisations, services, located = Batch(), [], [], []
    for kind, commune, name, offer_keys in plan:
        org = _organisation(rng, kind, commune, name)
        organisations.append(org)
        for key in offer_keys:
            service = _service(rng, org, key, commune, ref, today, batch)
            located += _locations(rng, service, OFFERS[key], commune, kind, ref, batch)
            services.append(service)
    batch.exceptions = _exceptions(rng, located, today)
    Service.categories.through.objects.bulk_create(batch.categories)
    Service.audiences.through.objects.bulk_create(batch.audiences)
    Service.languages.through.objects.bulk_create(batch.languages)
    for model, rows in (
        (Phone, batch.phones),
        (Schedule, batch.schedules),
        (ScheduleException, batch.exceptions),
    ):
        bulk_create_with_history(rows, model)
    # Rows were saved without history, so each model gets its history in one query.
    for model, rows in (
        (Organisation, organisations),
        (Service, services),
        (Location, [location for location, _ in located]),
    ):
        model.history.bulk_history_create(rows)
    # The categories were added in bulk, without signals: index them now.
    refresh_documents(Service.objects.filter(pk__in=[s.pk for s in services]))
    directory_changed()
    return {
        "organisations": len(organisations),
        "services": len(services),
        "locations": len(located),
        "phones": len(batch.phones),
        "schedules": len(batch.schedules),
        "exceptions": len(batch.exceptions),
    }
