"""Everyday resident questions over the demo kennisbank and the articles that should answer them.

Written for this test (not taken from any evaluation set): short questions a resident types in
the chat about the municipality's own products. Each one names the demo municipality's
article(s) that answer it; a Rijksoverheid item or a hand-off counts as wrong.
"""

from __future__ import annotations

EVERYDAY: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (question, frozenset(articles.split()))
    for question, articles in (
        ("ik wil mijn paspoort verlengen", "vbs-paspoort"),
        ("hoeveel kost een paspoort", "vbs-paspoort"),
        ("mijn kliko is niet geleegd", "vbs-afvalkalender"),
        ("wat kost een id-kaart", "vbs-identiteitskaart"),
        ("mijn rijbewijs verloopt, hoe verleng ik het", "vbs-rijbewijs"),
        ("hoeveel kost een nieuw rijbewijs", "vbs-rijbewijs"),
        ("hoe geef ik mijn verhuizing door", "vbs-verhuizen"),
        ("wanneer wordt het oud papier opgehaald", "vbs-afvalkalender"),
        ("mijn gft-bak is vandaag niet opgehaald", "vbs-afvalkalender"),
        ("onze container is kapot", "vbs-afvalcontainer"),
        ("ik wil een oude bank en een kast laten ophalen", "vbs-grofvuil"),
        ("hoeveel hondenbelasting betaal ik", "vbs-hondenbelasting"),
        (
            "kan ik de gemeentelijke belastingen in termijnen betalen",
            "vbs-betalingsregeling-belasting",
        ),
        ("hoe vraag ik een parkeervergunning aan", "vbs-parkeervergunning"),
        ("de lantaarnpaal voor ons huis doet het niet", "vbs-straatverlichting"),
        ("er ligt een losse stoeptegel op de stoep", "vbs-melding-openbare-ruimte"),
        ("wat kost een uittreksel uit de brp", "vbs-uittreksel-brp"),
        ("mijn moeder is overleden, waar moet ik dat aangeven", "vbs-overlijdensaangifte"),
        ("we hebben een baby gekregen, hoe doe ik aangifte", "vbs-geboorteaangifte"),
        ("mag ik de boom in mijn achtertuin kappen", "vbs-kapvergunning"),
        ("hoe maak ik bezwaar tegen mijn woz-waarde", "vbs-woz"),
        ("hoe laat is het stadhuis open", "vbs-afspraak-stadhuis"),
        ("ik heb een vog nodig voor mijn nieuwe baan", "vbs-vog"),
        ("mijn paspoort is gestolen", "vbs-reisdocument-kwijt"),
        ("hoe lang duurt het voordat mijn id-kaart klaar is", "vbs-identiteitskaart"),
        ("waar kan ik verfresten en batterijen inleveren", "vbs-milieustraat"),
        ("kan ik hulp krijgen bij het schoonmaken van mijn huis", "vbs-huishoudelijke-hulp"),
        ("wanneer moet ik de afvalstoffenheffing betalen", "vbs-afvalstoffenheffing"),
        ("wat kost een parkeervergunning", "vbs-parkeervergunning"),
        ("ik wil een afspraak maken voor een nieuw paspoort", "vbs-paspoort vbs-afspraak-stadhuis"),
        ("hoe vraag ik een gehandicaptenparkeerkaart aan", "vbs-gehandicaptenparkeerkaart"),
        ("welke papieren heb ik nodig om te trouwen", "vbs-trouwen-aankondigen"),
    )
)

# Written for issue 14's fifth round (h74, 2026-12-07) before the retrained models were tried,
# and never used to tune them: the same two classes of error as the known wrong answers (a
# missed collection or broken thing reported, not the resident's own case; the costs of a
# municipal product, not the national fee table) and other everyday questions.
HELD_OUT: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (question, frozenset(articles.split()))
    for question, articles in (
        ("de vuilniswagen heeft onze papierbak laten staan", "vbs-afvalkalender"),
        ("ons restafval is deze week overgeslagen", "vbs-afvalkalender"),
        ("de pmd container in onze straat is niet geleegd", "vbs-afvalkalender"),
        ("wat moet ik betalen voor mijn paspoort", "vbs-paspoort"),
        ("prijs van een rijbewijs verlengen", "vbs-rijbewijs"),
        ("hoeveel betaal ik voor een id kaart voor mijn zoon", "vbs-identiteitskaart"),
        ("wat kost het om de boom in mijn tuin te laten kappen", "vbs-kapvergunning"),
        ("wat zijn de kosten voor een vog", "vbs-vog"),
        ("de straatlantaarn bij de bushalte is kapot", "vbs-straatverlichting"),
        ("er ligt troep gedumpt naast de glasbak", "vbs-melding-openbare-ruimte"),
        ("het deksel van onze kliko is afgebroken", "vbs-afvalcontainer"),
        (
            "ik woon net in nederland en kom uit spanje, hoe schrijf ik me in",
            "vbs-inschrijven-buitenland",
        ),
        ("wij gaan trouwen, wat kost de ceremonie op het stadhuis", "vbs-trouwen-ceremonie"),
        (
            "ik kan de rioolheffing niet in een keer betalen",
            "vbs-betalingsregeling-belasting vbs-kwijtschelding",
        ),
        ("waar breng ik mijn oude koelkast naartoe", "vbs-milieustraat vbs-grofvuil"),
        ("mijn id-kaart is kwijt geraakt op vakantie", "vbs-reisdocument-kwijt"),
    )
)

# Written for issue 14's sixth round (h83, 2026-12-07) before the variant of that round was
# measured on them, and never used to choose: costs and renewal of municipal products (the
# class of "hoeveel kost een paspoort"), problems reported (the class of "mijn kliko is niet
# geleegd") and other everyday questions.
HELD_OUT_SIXTH: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (question, frozenset(articles.split()))
    for question, articles in (
        ("wat zijn de leges voor een nieuw paspoort", "vbs-paspoort"),
        ("hoeveel moet ik betalen als ik mijn rijbewijs vernieuw", "vbs-rijbewijs"),
        ("kosten identiteitskaart kind onder 18", "vbs-identiteitskaart"),
        ("mijn id kaart is bijna verlopen wat moet ik doen", "vbs-identiteitskaart"),
        ("wat kost een uittreksel geboorteakte", "vbs-akte-burgerlijke-stand"),
        ("de groene bak is weer vergeten door de vuilnisophaal", "vbs-afvalkalender"),
        ("bij ons in de straat brandt al een week geen lantaarn", "vbs-straatverlichting"),
        ("er zit een groot gat in het fietspad bij de school", "vbs-melding-openbare-ruimte"),
        ("wij zijn verhuisd binnen de gemeente, moet ik dat melden", "vbs-verhuizen"),
        ("hoe duur is een vergunning om te parkeren in de binnenstad", "vbs-parkeervergunning"),
        ("ik heb een hond gekocht, moet ik daar belasting voor betalen", "vbs-hondenbelasting"),
        ("kan ik een rolstoel of scootmobiel krijgen via de gemeente", "vbs-scootmobiel vbs-wmo"),
    )
)

# Questions the demo kennisbank does not answer (national schemes it has no article on,
# other organisations' business), written in the same round: they must be handed over.
OUT_OF_SCOPE: tuple[str, ...] = (
    "Wanneer krijg ik AOW?",
    "hoe vraag ik huurtoeslag aan",
    "mijn zorgverzekering wil de tandarts niet vergoeden",
    "hoeveel kinderbijslag krijg ik voor twee kinderen",
    "mijn werkgever betaalt mijn loon te laat, wat kan ik doen",
    "hoe open ik een bankrekening voor mijn dochter",
    "mijn pakketje van bol is niet bezorgd",
    "wanneer krijg ik mijn belastingteruggave van de belastingdienst",
    "hoe lang duurt een ww uitkering",
    "mag mijn huisbaas de huur met tien procent verhogen",
    "wat zijn de openingstijden van de bibliotheek",
    "hoe krijg ik studiefinanciering voor het mbo",
)
