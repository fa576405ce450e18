"""Source of the evaluation sets: resident-style paraphrases written for the project.

Run ``python evaluation/knowledge/paraphrases.py`` from the project root to regenerate
``dev.jsonl`` and ``test.jsonl`` (entries alternate: even positions → dev, odd → test, so the
two paraphrases of one article land in different sets). Keys are source ids or the first 8
characters of a Rijksoverheid id; ``|`` separates several acceptable articles; ``-`` marks an
out-of-scope question that must be handed over. Written by the Reisgenoot project, EUPL-1.2.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

HERE = Path(__file__).parent
RIJKSOVERHEID = Path("../shared/dutch-data/rijksoverheid-vac")

ITEMS: list[tuple[str, str]] = [
    # --- demo kennisbank (Gemeente Voorbeeldstad) ----------------------------------------
    (
        "vbs-paspoort|a71731d4",
        "ik ga in de zomer naar turkije en mijn pasport is verlopen, hoe kom ik aan een nieuwe",
    ),
    ("vbs-paspoort|a71731d4", "nieuw paspoort nodig wat moet ik doen"),
    ("vbs-afspraak-stadhuis", "hoe laat is het gemeentehuis open morgen"),
    (
        "vbs-afspraak-stadhuis",
        "kan ik gewoon langs komen bij de balie of moet ik een afspraak maken",
    ),
    ("vbs-afvalcontainer", "onze kliko is gescheurd door de vuilniswagen, krijg ik een nieuwe?"),
    ("vbs-afvalcontainer", "ik wil een kleinere groene bak want we zijn maar met z'n tweeen"),
    ("vbs-afvalkalender", "welke dag halen ze het vuilnis op in mijn straat"),
    ("vbs-afvalkalender", "wanneer moet de papierbak aan de weg staan"),
    (
        "vbs-afvalstoffenheffing",
        "waarom moet ik betalen voor het ophalen van afval, wat is dat voor belasting",
    ),
    ("vbs-afvalstoffenheffing", "hoeveel is de afvalbelasting voor een alleenstaande"),
    (
        "vbs-akte-burgerlijke-stand|e28c8f94",
        "ik heb een kopie van mijn geboorteakte nodig voor de notaris",
    ),
    ("vbs-akte-burgerlijke-stand|e28c8f94", "waar haal ik een uittreksel van de huwelijksakte"),
    (
        "vbs-alcoholvergunning",
        "ik begin een cafe, welke vergunning heb ik nodig om bier te schenken",
    ),
    ("vbs-alcoholvergunning", "drank en horeca vergunning aanvragen hoe lang duurt dat"),
    ("vbs-bedrijf-aan-huis", "mag ik in mijn eigen huis een kapsalon beginnen"),
    (
        "vbs-bedrijf-aan-huis",
        "ik wil vanuit huis werken als zzp nagelstyliste met klanten aan huis mag dat",
    ),
    (
        "vbs-betalingsregeling-belasting",
        "ik kan de aanslag van de gemeente niet in een keer betalen kan het in delen",
    ),
    (
        "vbs-betalingsregeling-belasting",
        "gemeentebelasting maandelijks afbetalen kan dat via automatische incasso",
    ),
    (
        "vbs-bezwaar-belastingaanslag|6ac1741c",
        "de aanslag van de gemeente is veel te hoog, hoe kan ik daar tegen in gaan",
    ),
    (
        "vbs-bezwaar-belastingaanslag|6ac1741c",
        "ben het niet eens met de gemeentelijke belastingen brief wat nu",
    ),
    (
        "vbs-bezwaar-besluit|af499aa7",
        "de gemeente heeft nee gezegd op mijn aanvraag en ik ben het er niet mee eens",
    ),
    ("vbs-bezwaar-besluit|af499aa7", "hoe maak ik bezwaar tegen een beslissing van jullie"),
    (
        "vbs-bijstand",
        "ik ben mijn baan kwijt en heb geen inkomen meer, kan ik een uitkering krijgen",
    ),
    ("vbs-bijstand", "bijstand aanvrage hoe gaat dat"),
    (
        "vbs-bijzondere-bijstand",
        "mijn wasmachine is kapot en ik heb geen geld voor een nieuwe, helpt de gemeente daarbij",
    ),
    ("vbs-bijzondere-bijstand", "extra geld voor onverwachte kosten als je weinig verdient"),
    (
        "vbs-bouwvergunning|58d0512e",
        "we willen een dakkapel op ons huis, moet daar een vergunning voor",
    ),
    ("vbs-bouwvergunning|58d0512e", "mag ik zomaar een schuur in de achtertuin bouwen"),
    (
        "vbs-erfpacht",
        "mijn huis staat op grond van de gemeente, wat is die canon die ik elk jaar betaal",
    ),
    ("vbs-erfpacht", "kan ik de grond onder mijn huis kopen van de gemeente ipv erfpacht"),
    (
        "vbs-erkenning-kind",
        "we zijn niet getrouwd en krijgen een baby, moet mijn vriend het kind erkennen",
    ),
    ("vbs-erkenning-kind", "hoe erken ik mijn zoon als vader"),
    (
        "vbs-evenementenvergunning",
        "we willen een straatfeest houden in de zomer met muziek, moet ik dat melden",
    ),
    ("vbs-evenementenvergunning", "vergunning voor een festival in het park aanvragen"),
    (
        "vbs-exploitatievergunning-horeca",
        "ik neem een restaurant over, heb ik een exploitatievergunning nodig",
    ),
    (
        "vbs-exploitatievergunning-horeca",
        "welke vergunning moet een horecazaak hebben om open te mogen",
    ),
    ("vbs-geboorteaangifte", "mijn vrouw is net bevallen, waar moet ik de baby aangeven"),
    ("vbs-geboorteaangifte", "binnen hoeveel dagen moet je een geboorte doorgeven"),
    (
        "vbs-gehandicaptenparkeerkaart",
        "mijn moeder kan slecht lopen, kan ze een invalidenkaart voor de auto krijgen",
    ),
    ("vbs-gehandicaptenparkeerkaart", "gehandicapten parkeer kaart aanvragen wat kost dat"),
    (
        "vbs-gehandicaptenparkeerplaats",
        "ik zit in een rolstoel en wil een eigen parkeerplek voor mijn deur",
    ),
    ("vbs-gehandicaptenparkeerplaats", "invalideplek met mijn kenteken bij mijn huis aanvragen"),
    (
        "vbs-geheimhouding",
        "mijn ex zoekt me, kan ik zorgen dat de gemeente mijn adres niet doorgeeft",
    ),
    ("vbs-geheimhouding", "ik wil niet dat mijn gegevens aan kerken en zo worden gegeven"),
    (
        "vbs-gevonden-voorwerpen|8506b403",
        "ik heb een portemonnee gevonden op straat, waar moet ik die inleveren",
    ),
    (
        "vbs-gevonden-voorwerpen|8506b403",
        "mijn fiets is weg misschien heeft de gemeente hem opgehaald, waar kan ik kijken",
    ),
    ("vbs-grafrechten", "het graf van mijn vader verloopt, hoe verleng ik dat"),
    ("vbs-grafrechten", "wat kost een graf op de begraafplaats"),
    ("vbs-grofvuil", "ik heb een oude bank en een matras, komen jullie dat halen"),
    ("vbs-grofvuil", "grof vuil laten ophalen afspraak maken"),
    ("vbs-hondenbelasting", "we hebben een puppy gekocht, moet ik dat ergens doorgeven"),
    ("vbs-hondenbelasting", "hoeveel belasting betaal je voor een hond"),
    (
        "vbs-huishoudelijke-hulp",
        "ik ben 80 en kan het huis niet meer schoonmaken, kan ik hulp krijgen",
    ),
    ("vbs-huishoudelijke-hulp", "poetshulp via de gemeente aanvragen"),
    (
        "vbs-identiteitskaart|a71731d4",
        "mijn id-kaart is bijna verlopen, hoe vraag ik een nieuwe aan",
    ),
    ("vbs-identiteitskaart|a71731d4", "ik wil een idkaart voor mijn dochter van 10"),
    (
        "vbs-individuele-inkomenstoeslag",
        "ik heb al jaren een laag inkomen, is er een jaarlijkse toeslag van de gemeente",
    ),
    ("vbs-individuele-inkomenstoeslag", "inkomenstoeslag aanvragen wie krijgt dat"),
    ("vbs-inrit", "ik wil mijn voortuin gebruiken om te parkeren, mag de stoep verlaagd worden"),
    ("vbs-inrit", "uitrit maken naar de straat hoe vraag ik dat aan"),
    (
        "vbs-inschrijven-buitenland|6a9ca132",
        "ik kom uit polen en ga hier wonen, waar moet ik me inschrijven",
    ),
    (
        "vbs-inschrijven-buitenland|6a9ca132",
        "na 5 jaar spanje terug naar nederland, hoe schrijf ik me weer in",
    ),
    (
        "vbs-kapvergunning",
        "er staat een hele grote boom in mijn tuin die ik weg wil hebben, mag dat",
    ),
    ("vbs-kapvergunning", "vergunning om een boom om te zagen"),
    (
        "vbs-klacht",
        "ik ben heel slecht behandeld aan de telefoon door een medewerker, waar kan ik dat melden",
    ),
    ("vbs-klacht", "hoe dien ik een klacht in over de gemeente"),
    (
        "vbs-kwijtschelding|d52bbd34",
        "ik heb een uitkering en kan de gemeentebelasting niet betalen, hoef ik het dan niet te betalen",
    ),
    (
        "vbs-kwijtschelding|d52bbd34",
        "kwijtschelding aanvragen voor de waterschap en gemeente belasting",
    ),
    (
        "vbs-laadpaal",
        "ik heb een elektrische auto gekocht maar geen oprit, kan er een oplaadpaal in mijn straat komen",
    ),
    ("vbs-laadpaal", "openbare laadpaal aanvragen"),
    (
        "vbs-leerlingenvervoer",
        "mijn zoon zit op speciaal onderwijs ver weg, betaalt de gemeente een taxi naar school",
    ),
    ("vbs-leerlingenvervoer", "aanvragen vervoer naar school voor kind met beperking"),
    ("vbs-ligplaats", "ik heb een sloep en wil hem in de gracht leggen, mag dat"),
    ("vbs-ligplaats", "ligplaats voor mijn woonboot aanvragen"),
    (
        "vbs-melding-openbare-ruimte",
        "er ligt een stoeptegel los voor mijn deur en mijn moeder is bijna gevallen",
    ),
    ("vbs-melding-openbare-ruimte", "er is een gat in de weg hoe meld ik dat"),
    ("vbs-milieustraat", "waar kan ik zelf mijn oude verf en puin wegbrengen"),
    ("vbs-milieustraat", "hoe laat is de milieustraat open op zaterdag"),
    ("vbs-naamgebruik", "ik ben getrouwd en wil de achternaam van mijn man gebruiken"),
    ("vbs-naamgebruik", "na mijn scheiding wil ik weer mijn eigen naam op brieven"),
    (
        "vbs-naturalisatie",
        "ik woon hier al 6 jaar en wil de nederlandse nationaliteit, hoe doe ik dat",
    ),
    ("vbs-naturalisatie", "naturalisatie aanvragen kosten"),
    (
        "vbs-overlijdensaangifte|17adad51",
        "mijn vader is gisteren overleden, wat moet ik nu doen bij de gemeente",
    ),
    ("vbs-overlijdensaangifte|17adad51", "aangifte van overlijden wie doet dat"),
    ("vbs-ozb", "wat is ozb eigenlijk op mijn aanslag"),
    ("vbs-ozb", "hoe wordt de onroerende zaak belasting berekend"),
    ("vbs-parkeerontheffing", "volgende week verhuizen we, mag de verhuiswagen voor de deur staan"),
    (
        "vbs-parkeerontheffing",
        "ik ben mantelzorger en moet elke dag bij mijn moeder in het centrum parkeren",
    ),
    ("vbs-parkeervergunning", "ik woon in het centrum en wil mijn auto voor de deur kunnen zetten"),
    ("vbs-parkeervergunning", "vergunning om te parkeren als bewoner, hoe duur is dat"),
    (
        "vbs-reisdocument-kwijt|b69e8d94",
        "mijn tas is gestolen met mijn paspoort erin, wat moet ik doen",
    ),
    ("vbs-reisdocument-kwijt|b69e8d94", "id kaart kwijtgeraakt hoe krijg ik een nieuwe"),
    ("vbs-rijbewijs", "mijn rijbewys is bijna verlopen, moet ik naar het gemeentehuis"),
    ("vbs-rijbewijs", "rijbewijs verlengen hoe lang duurt het"),
    ("vbs-rioolheffing", "wat is rioolheffing en waarom staat dat op mijn aanslag"),
    ("vbs-rioolheffing", "moet ik als huurder ook rioolheffing betalen"),
    (
        "vbs-schuldhulp|0d1c2a10",
        "ik heb schulden en de deurwaarder staat voor de deur, wie kan me helpen",
    ),
    ("vbs-schuldhulp|0d1c2a10", "hulp bij geldzorgen van de gemeente"),
    (
        "vbs-scootmobiel",
        "mijn oma kan niet meer lopen naar de winkel, kan ze een scootmobiel krijgen",
    ),
    ("vbs-scootmobiel", "rolstoel via de wmo aanvragen"),
    ("vbs-stadspas", "is er een kortingspas voor mensen met weinig geld voor zwemmen en sport"),
    ("vbs-stadspas", "voorbeeldpas aanvragen"),
    (
        "vbs-standplaats",
        "ik wil op de markt staan met mijn viskraam, welke vergunning heb ik nodig",
    ),
    ("vbs-standplaats", "vergunning voor een foodtruck op een vaste plek"),
    ("vbs-straatverlichting", "de lantaarnpaal voor ons huis doet het al een week niet"),
    ("vbs-straatverlichting", "straatlamp kapot melden"),
    (
        "vbs-subsidie-verenigingen",
        "onze voetbalclub zoekt geld voor nieuwe materialen, geeft de gemeente subsidie",
    ),
    ("vbs-subsidie-verenigingen", "subsidie aanvragen voor een vrijwilligersorganisatie"),
    ("vbs-tapontheffing", "we geven een buurtfeest en willen bier verkopen, wat moet ik regelen"),
    ("vbs-tapontheffing", "ontheffing voor alcohol schenken op een evenement"),
    ("vbs-terras", "ik heb een lunchroom en wil stoelen buiten zetten"),
    ("vbs-terras", "terras vergunning aanvragen"),
    (
        "vbs-trouwambtenaar-een-dag",
        "mijn zus gaat trouwen en ik wil zelf de ceremonie doen, kan dat",
    ),
    ("vbs-trouwambtenaar-een-dag", "een vriend als trouwambtenaar voor een dag"),
    ("vbs-trouwen-aankondigen", "we gaan trouwen, wanneer moeten we dat bij de gemeente melden"),
    ("vbs-trouwen-aankondigen", "ondertrouw doorgeven hoe doe je dat"),
    ("vbs-trouwen-ceremonie", "wat kost trouwen in het stadhuis op zaterdag"),
    ("vbs-trouwen-ceremonie", "kunnen we gratis trouwen bij de gemeente"),
    (
        "vbs-uittreksel-brp|0177dd18",
        "mijn nieuwe werkgever wil een uittreksel uit de gemeentelijke basisadministratie",
    ),
    ("vbs-uittreksel-brp|0177dd18", "bewijs van inschrijving aanvragen"),
    ("vbs-verhuizen|52ec3237", "we zijn vorige week verhuist, moet ik dat nog ergens doorgeven"),
    ("vbs-verhuizen|52ec3237", "nieuw adres doorgeven aan de gemeente"),
    (
        "vbs-vog",
        "voor mijn nieuwe baan bij de kinderopvang moet ik een bewijs van goed gedrag hebben",
    ),
    ("vbs-vog", "vog aanvragen hoe lang duurt dat"),
    ("vbs-wmo", "mijn man is ziek en ik kan de zorg niet meer alleen, waar kan ik hulp vragen"),
    ("vbs-wmo", "wmo aanvraag doen voor een traplift"),
    ("vbs-woz", "de waarde van mijn huis op de brief is veel te hoog volgens mij"),
    ("vbs-woz", "woz beschikking bezwaar maken"),
    (
        "vbs-zorg-en-overlast",
        "ik maak me zorgen om mijn buurman, hij is erg verward en vervuilt zijn huis",
    ),
    ("vbs-zorg-en-overlast", "waar meld ik dat iemand in de straat verward gedrag vertoont"),
    # --- Rijksoverheid vraag en antwoord ---------------------------------------------------
    ("79122ced", "zit er nou een nul of een letter o in mijn paspoortnummer"),
    ("e7909bd4", "bij wie kan ik een woo verzoek doen"),
    (
        "161f3cbc",
        "ik heb een brief gestuurd naar de overheid, hoe lang duurt het voor ik antwoord krijg",
    ),
    ("0c6baace", "ik ben ernstig ziek en wil alvast dingen regelen voor als ik dood ga"),
    ("01275c02", "stoppen we nou met de klok verzetten of niet"),
    ("c6dbf2e9", "moet mijn kind van 14 ook een id bij zich hebben"),
    ("ee4bfe7c", "mag ik met een boerka in de trein of bus"),
    ("3210d3e5", "mag mijn dochter met een nikab op school"),
    ("c5ffb174", "ik wil een bankrekening openen, moet ik daarvoor een bsn hebben"),
    ("60e876fe", "krijgen vluchtelingen met een status eerder een huurhuis"),
    ("10f3ac4f", "heeft mijn baby een eigen paspoort nodig als we op vakantie gaan"),
    ("56e11a16", "inloggen met european login lukt niet"),
    ("367f189e", "ik wil documenten van de overheid opvragen met de woo, hoe doe ik dat"),
    ("471e76af", "hoe weet ik of iemand mijn identiteit heeft gestolen"),
    ("384f0a49", "mijn verhuurder rekent een epv, hoe hoog mag die zijn"),
    ("a7a3f836", "ik wil klagen bij de ombudsman"),
    ("1a5625d9", "ik huur een huis en de energierekening is heel hoog, hoe kan ik besparen"),
    ("a90410e4", "tips om energie te besparen in mijn eigen koophuis"),
    ("e793498f", "ik kan niet zelf gaan stemmen, kan iemand anders voor mij stemmen"),
    ("a98fc04f", "mijn bezwaar is afgewezen, kan ik dan naar de rechter"),
    ("3b9f72ed", "hoe krijg ik een burgerservicenummer"),
    ("e125705b", "hoe lang blijft een paspoort geldig"),
    ("44dc4fd0", "hoe werkt die app om een veilige kopie van je id te maken"),
    ("1d2b72a5", "waarom nemen ze vingerafdrukken als je een paspoort aanvraagt"),
    ("dca149d3", "ik wil een eigen politieke partij beginnen"),
    ("23f748cf", "ik wil niet dat de gemeente mijn gegevens deelt met andere organisaties"),
    ("8ca4f115", "hoe zorg ik dat mijn pinpas niet geskimd wordt"),
    ("6bbedb07", "ik heb nog geen digid, hoe vraag ik die aan"),
    ("af6b1248", "hoe lang is een uittreksel brp geldig"),
    ("57f5f375", "ik woon in belgie, mag ik stemmen voor het europees parlement"),
    ("2c1ae13c", "ik word gediscrimineerd op mijn werk, wat kan ik doen"),
    (
        "05a8a02a",
        "iemand heeft op mijn naam dingen gekocht, ik ben slachtoffer van identiteitsfraude",
    ),
    ("9c88ccfd", "mijn zoon wordt 18, wat moet hij allemaal regelen"),
    ("193accef", "mijn paspoort is nat geworden en beschadigd, is hij nog geldig"),
    ("b17eaf71", "ik heb geen computer, kan ik nog wel gewoon met de overheid per brief"),
    ("ef20eb9f", "kan ik een tweede paspoort krijgen omdat ik veel reis voor werk"),
    ("40346143", "ik zoek informatie over iemand die overleden is in het register"),
    ("c90e2659", "ik heb geen vast woonadres, kan ik een briefadres krijgen"),
    (
        "56344c86",
        "ik zit in het buitenland tijdens de gemeenteraadsverkiezingen, kan ik toch stemmen",
    ),
    ("2ed31e45", "komt de aivd achter me aan als ik films download"),
    ("def5ae7b", "mag ik mijn id kaart uitlenen aan mijn broer"),
    ("1667b282", "met welke inlogmiddelen kan ik online dingen regelen bij de overheid"),
    ("c6aa498f", "ik begin een nieuwe baan, moet ik me dan identificeren"),
    ("2928f8ad", "mag een bedrijf mijn gegevens zomaar doorgeven aan anderen"),
    ("870331d4", "mijn moeder gaat naar een verpleeghuis, wat moeten we regelen"),
    ("d38e2445", "kan ik met mijn id kaart naar marokko reizen"),
    ("2443c359", "ik kom niet rond met mijn geld, wat voor hulp is er"),
    ("40b5ea0c", "ik wil helpen op een stembureau bij de verkiezingen"),
    ("7486def2", "waar mag je geen boerka dragen"),
    ("bf273796", "ik woon in duitsland en mijn paspoort is verlopen, waar vraag ik een nieuwe aan"),
    ("98270ee5", "ik ben slecht met computers, waar kan ik les krijgen"),
    ("8b42a033", "waar kan ik melden dat mensenrechten geschonden worden"),
    ("67822dd9", "mijn dochter wordt online gepest, waar kan ze terecht"),
    ("c0ac3dd0", "waar kan ik stemmen in maart"),
    ("406f921b", "mag ik mijn overleden man in onze eigen tuin begraven"),
    ("5420eb2f", "waar op de id-kaart staat het bsn nummer"),
    ("e5972ccf", "waar vind ik mijn bsn in mijn paspoort"),
    ("4c6f24e5", "waarvoor stem je eigenlijk bij de tweede kamer verkiezing"),
    ("dc329bff", "wat doet het waterschap en waarom moet ik daarop stemmen"),
    ("71698d6b", "waar stem je voor bij de gemeenteraad"),
    ("54f58b99", "ik heb het burgerservicenummer van mijn overleden moeder nodig"),
    ("8e79d3aa", "ik ben doof, is er informatie over verkiezingen in gebarentaal"),
    ("e9382482", "waar kan ik een wet opzoeken"),
    (
        "45756da1",
        "ik moet aantonen dat ik nederlander ben, wat is een verklaring bezit nederlanderschap",
    ),
    ("96118677", "hoe snel na het overlijden moet de begrafenis zijn"),
    ("2fb1b7bd", "mag ik fries praten bij de rechter"),
    ("b24cd6a2", "ik kom voor een paar maanden hier werken, moet ik me inschrijven in de brp"),
    ("a47d77ad", "ik emigreer naar australie, moet ik me uitschrijven"),
    ("029bf45c", "wanneer moet je toeristenbelasting betalen"),
    ("93745378", "wanneer is mijn paspoort niet meer geldig"),
    ("e693e056", "wanneer zijn de volgende gemeenteraadsverkiezingen"),
    ("4af2bced", "wat doet de nationale ombudsman eigenlijk"),
    ("7077299f", "ik heb bezwaar gemaakt, wat gebeurt er nu"),
    ("2bd09c2d", "wat moet ik meenemen om te stemmen voor de gemeenteraad"),
    ("6a3d9c60", "wat is een bsn"),
    ("0dffc3bb", "wat is het verschil tussen een id kaart en een paspoort"),
    ("ab8e6ce6", "de gemeente is te laat met een beslissing op mijn bezwaar, wat kan ik doen"),
    ("d28a2608", "mijn stempas is niet gekomen, kan ik nog stemmen"),
    ("7f490f47", "mijn ex gebruikt mijn gegevens om dingen te bestellen"),
    ("48bbc032", "wat kun je allemaal regelen met digid"),
    ("555cbf27", "hoeveel kost een paspoort"),
    ("745dd9f7", "mag ik de as van mijn moeder uitstrooien in zee"),
    ("320bf2e0", "ik weet mijn digid wachtwoord niet meer"),
    ("aed74d1d", "ik ben op vakantie in spanje en mijn paspoort is gestolen"),
    ("7175dd4d", "ik krijg post van de belastingdienst voor de vorige bewoner"),
    ("f3bab2ae", "wat doe ik met het paspoort van mijn overleden vader"),
    ("72b0c74c", "ons kindje is stil geboren, kunnen we haar laten registreren"),
    ("6f0c26c8", "hoe zie ik of een paspoort echt is"),
    ("e440c376", "welke belastingen moet ik allemaal aan de gemeente betalen"),
    ("b1ab8f30", "welke gegevens van mij staan er in de brp"),
    ("1ba7f7cb", "wat staat er allemaal op mijn paspoort"),
    ("110cffbf", "wat kan ik vinden op mijnoverheid"),
    ("7c3f33fd", "mag de sportschool een kopie van mijn id maken"),
    ("2aaa9cd9", "wie mag mijn bsn gebruiken"),
    ("8b14cd00", "er komt een windmolen vlak bij onze wijk, welke regels gelden daarvoor"),
    ("213c10ab", "welke soorten reisdocumenten heb je"),
    ("09290b16", "welke verkiezingen zijn er allemaal in nederland"),
    ("24c62a10", "mag ik als buitenlander stemmen voor de gemeenteraad"),
    ("358dc26e", "we gaan een huis kopen, waar moeten we allemaal aan denken"),
    ("44f22886", "moet de gemeente vluchtelingen een huis geven"),
    ("ad8f7d5a", "mijn buren gaan een enorme aanbouw maken, kan ik daar bezwaar tegen maken"),
    ("d95d3011", "wat betekent de omgevingswet voor mij"),
    ("a441caec", "waarom gaat de klok twee keer per jaar een uur anders"),
    (
        "6a9ca132|vbs-inschrijven-buitenland",
        "ik kom net in nederland wonen wat moet ik allemaal regelen",
    ),
    ("e298c65d", "hoe ver is een nieuwe wet, waar kan ik dat zien"),
    ("0038f3c3", "ik zoek een stage bij de overheid"),
    ("aa019dac", "mag de geheime dienst mijn telefoon hacken"),
    ("ce57728a", "wanneer moet je een veiligheidsonderzoek doen voor een baan"),
    ("3947b6e3", "welke talen zijn officieel erkend in nederland"),
    # --- out of scope: municipal questions the kennisbank does not answer ------------------
    ("-", "er zit een wespennest onder mijn dakgoot, komt de gemeente dat weghalen"),
    ("-", "wanneer gaat het zwembad in de wijk weer open na de verbouwing"),
    ("-", "hoe kom ik op de wachtlijst voor een volkstuintje"),
    ("-", "wanneer worden de bladeren in onze straat opgeveegd"),
    ("-", "ik heb ratten in mijn tuin, doen jullie ongediertebestrijding"),
    ("-", "wanneer is de volgende raadsvergadering en mag ik daar inspreken"),
    ("-", "hoe word ik vrijwilliger bij de brandweer"),
    ("-", "hoe laat gaat de kinderboerderij open op zondag"),
    ("-", "kan ik mijn fiets bij jullie laten graveren tegen diefstal"),
    ("-", "wanneer komt de kermis weer naar het marktplein"),
    ("-", "ik wil een straatnaam voorstellen voor de nieuwe wijk"),
    ("-", "is er een hitteplan voor ouderen als het zo warm is"),
    ("-", "mag ik een bijenkast in mijn achtertuin zetten"),
    ("-", "wie is de wethouder van sport en hoe bereik ik hem"),
    ("-", "hoe werkt het met de deelscooters in de stad, waar mag ik die neerzetten"),
    ("-", "waar hangt de dichtstbijzijnde aed in mijn buurt"),
    ("-", "ik wil graag een rondleiding in het stadhuis voor mijn schoolklas"),
    ("-", "wanneer wordt de ijsbaan op de markt opgebouwd"),
    ("-", "hoe word ik lid van de jongerenraad van de gemeente"),
    ("-", "mag ik mijn auto wassen op straat voor mijn huis"),
    ("-", "wanneer wordt de nieuwe sporthal in noord geopend"),
    ("-", "mijn kat is weggelopen, houden jullie een lijst bij van gevonden dieren"),
    ("-", "hoeveel kost een abonnement op de bibliotheek"),
    ("-", "wanneer worden de bomen in het park gesnoeid"),
    ("-", "kan de gemeente de glasbak bij de supermarkt vaker legen, hij zit altijd vol"),
    ("-", "hoe hoog is de huurtoeslag voor mijn situatie"),
    ("-", "wanneer krijg ik kinderbijslag voor mijn tweede kind"),
    ("-", "hoe verleng ik mijn verblijfsvergunning bij de ind"),
    ("-", "ik wil zwemles voor mijn dochter, hoe schrijf ik haar in"),
    ("-", "mag ik 's avonds met mijn drone boven de stad vliegen"),
    ("-", "waarom is de bus naar het ziekenhuis uit de dienstregeling gehaald"),
    ("-", "hoeveel kost een plek in de jachthaven voor een weekend als toerist"),
    ("-", "kan ik een bankje in het park adopteren ter nagedachtenis van mijn vader"),
    ("-", "wanneer wordt de weg bij de rotonde eindelijk opnieuw geasfalteerd"),
    ("-", "is er een speeltuin met toegankelijke toestellen voor kinderen in een rolstoel"),
    ("-", "mag ik mijn kerstboom bij de straat zetten in januari"),
    ("-", "hoe vraag ik een sleutel voor het openbare toilet aan"),
    ("-", "ik wil een muurschildering maken in de tunnel bij het station, mag dat"),
    ("-", "waar kan ik mijn oude kleding inleveren voor een goed doel"),
    ("-", "wanneer is het vuurwerkverbod in de binnenstad"),
]

# Added to dev only (2026-11-29), to fit the hand-off on more than 20 out-of-scope questions.
# Written for the project, like the rest; none paraphrases a test question.
DEV_ONLY: list[tuple[str, str]] = [
    ("-", "mag ik kippen houden in mijn achtertuin midden in de stad"),
    ("-", "wanneer wordt het nieuwe zonnepark langs de snelweg gebouwd"),
    ("-", "de meeuwen pikken elke week onze vuilniszakken open, doet de gemeente daar iets aan"),
    ("-", "hoeveel kost een rondleiding door het oude raadhuis voor een schoolklas"),
    ("-", "de sloot achter ons huis stinkt heel erg, wie moet dat oplossen"),
    ("-", "wanneer worden de nieuwe huurwoningen aan de havenkade verloot"),
    ("-", "kan ik gratis een rookmelder krijgen voor mijn moeder"),
    ("-", "hoe laat komt sinterklaas dit jaar aan in de haven"),
    ("-", "mag mijn hond in de zomer los lopen op het strand"),
    ("-", "hoe lang blijft de brug over het kanaal nog dicht voor auto's"),
    ("-", "ik heb schade aan mijn auto door een diep gat in de weg, betaalt de gemeente dat"),
    ("-", "waarom doet de fontein op het plein het al maanden niet"),
    ("-", "hoe meld ik mijn zoontje aan bij de basisschool in onze wijk"),
    ("-", "kan ik het water uit de kraan hier gewoon drinken of is het vies"),
    ("-", "komen er parkeerplekken voor deelauto's in onze straat"),
    ("-", "wat kost het om een zaaltje in het wijkcentrum te huren voor een verjaardag"),
    ("-", "er zitten eikenprocessierupsen in de boom voor ons huis, wie haalt ze weg"),
    ("-", "wanneer gaat de nieuwe skatebaan in het stadspark open"),
    ("-", "mijn buurman heeft een camera die recht op mijn tuin kijkt, mag dat zomaar"),
]


def _ids() -> dict[str, str]:
    full: dict[str, str] = {}
    for path in sorted(RIJKSOVERHEID.glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                full[row["id"][:8]] = row["id"]
    return full


def main() -> None:
    full = _ids()
    sets: dict[str, list[str]] = {"dev": [], "test": []}
    for position, (key, query) in enumerate(ITEMS):
        expected = [] if key == "-" else [full.get(k, k) for k in key.split("|")]
        record = {"query": query, "expected": expected}
        sets["dev" if position % 2 == 0 else "test"].append(json.dumps(record, ensure_ascii=False))
    for _key, query in DEV_ONLY:
        sets["dev"].append(json.dumps({"query": query, "expected": []}, ensure_ascii=False))
    for name, lines in sets.items():
        (HERE / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
