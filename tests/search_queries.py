"""Realistic resident queries and the category their first results must belong to.

FR, NL and EN; missing accents; typos (a wrong, missing or swapped letter); synonyms
that only the taxonomy knows. Some queries accept two categories ("papiers" is both
paperwork and residence papers).
"""

QUERIES = [
    # French
    ("colis alimentaire", {"alimentation"}),
    ("épicerie sociale", {"alimentation"}),
    ("restaurant social", {"alimentation"}),
    ("aide alimentaire", {"alimentation"}),
    ("loyer trop cher", {"logement"}),
    ("avocat gratuit", {"aide-juridique"}),
    ("aide pour papiers", {"administratif", "migrants"}),
    ("abri de nuit", {"sans-abri"}),
    ("médecin généraliste", {"sante"}),
    ("psychologue", {"sante-mentale"}),
    ("drogue", {"assuetudes"}),
    ("dettes", {"dettes-energie"}),
    ("facture électricité", {"dettes-energie"}),
    ("remplir un formulaire", {"administratif"}),
    ("chercher un emploi", {"emploi-formation"}),
    ("ordinateur", {"aide-numerique"}),
    ("cours de français", {"alphabetisation"}),
    ("école de devoirs", {"soutien-scolaire"}),
    ("maison de jeunes", {"jeunesse"}),
    ("violence conjugale", {"violences"}),
    ("demande d'asile", {"migrants"}),
    ("rencontrer des gens", {"lien-social"}),
    # Without accents
    ("sante mentale", {"sante-mentale"}),
    ("creche", {"famille-enfance"}),
    ("personnes agees", {"seniors"}),
    ("epicerie sociale", {"alimentation"}),
    # Typos
    ("logment", {"logement"}),
    ("alimentiare", {"alimentation"}),
    ("psycologue", {"sante-mentale"}),
    ("handicpa", {"handicap"}),
    # Dutch
    ("voedselpakket", {"alimentation"}),
    ("sociale woning", {"logement"}),
    ("advocaat", {"aide-juridique"}),
    ("nachtopvang", {"sans-abri"}),
    ("huisarts", {"sante"}),
    ("verslaving", {"assuetudes"}),
    ("schuldbemiddeling", {"dettes-energie"}),
    ("werk zoeken", {"emploi-formation"}),
    ("Nederlands leren", {"alphabetisation"}),
    ("huiswerkklas", {"soutien-scolaire"}),
    ("thuishulp", {"seniors"}),
    ("partnergeweld", {"violences"}),
    ("buurthuis", {"lien-social"}),
    # English
    ("food bank", {"alimentation"}),
    ("housing", {"logement"}),
    ("free lawyer", {"aide-juridique"}),
    ("homeless shelter", {"sans-abri"}),
    ("doctor", {"sante"}),
    ("debt advice", {"dettes-energie"}),
    ("computer help", {"aide-numerique"}),
    ("asylum", {"migrants"}),
    ("wheelchair", {"handicap"}),
    ("childcare", {"famille-enfance"}),
]
