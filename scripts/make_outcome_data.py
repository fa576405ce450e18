"""Generate conversations with many ways of ending them for the outcome and follow-up models.

    .venv/bin/python scripts/make_outcome_data.py [--n 600] [--seed 73]

Writes ``training-data/outcome_endings.jsonl`` (one conversation per line, the example format
of :mod:`reisgenoot.assist.outcome_model` plus ``register`` and ``writer``). The written
corpus (``training-data/transcripts``, three writers) says how a conversation ends in a few
habitual ways; conversations nobody here wrote end in many more ("ik stuur het door", "u hoort
binnen vijf werkdagen", "dan kom ik er later op terug", in dialect, in an e-mail, in
speech-to-text without capitals or punctuation). Each conversation here is a question and an
answer (``BODIES``) followed by one of the endings written for this script (``ENDINGS``, per
gespreksresultaat, with the KISS conventions of the blind corpus: a follow-up task goes with
"Contactverzoek gemaakt" only; a live transfer, a referral and "ik bel zelf terug" are no
task), rendered in one of four registers. Nothing comes from an evaluation set.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "training-data" / "outcome_endings.jsonl"

# (resident's question, employee's answer): the middle of a conversation, outcome-neutral.
BODIES = [
    (
        "Mijn paspoort verloopt volgende maand, hoe vraag ik een nieuwe aan?",
        "U maakt een afspraak bij de balie en neemt een pasfoto en het oude paspoort mee.",
    ),
    (
        "Onze groene container is vanochtend niet geleegd.",
        "Ik zie dat de wagen in uw straat vanochtend uitgevallen is.",
    ),
    (
        "Ik wil een parkeervergunning voor mijn tweede auto.",
        "Voor een tweede vergunning geldt een wachtlijst in uw wijk.",
    ),
    (
        "Ik heb een aanslag van de afvalstoffenheffing gekregen die te hoog lijkt.",
        "De heffing is voor een meerpersoonshuishouden berekend, dat zie ik hier staan.",
    ),
    (
        "Mijn moeder heeft hulp nodig bij het huishouden, hoe gaat dat?",
        "Daarvoor doet u een melding bij het Wmo-loket, dan volgt een keukentafelgesprek.",
    ),
    (
        "Ik ben verhuisd en wil mijn nieuwe adres doorgeven.",
        "Dat kan online met DigiD, binnen vijf dagen na de verhuizing.",
    ),
    (
        "Er ligt al een week grofvuil naast de containers bij ons in de straat.",
        "Dat is bijgeplaatst afval, daar kijkt de handhaving naar.",
    ),
    (
        "Hoe lang duurt het voor ik mijn omgevingsvergunning krijg?",
        "De beslistermijn is acht weken, die kan één keer met zes weken verlengd worden.",
    ),
    (
        "Ik kan de rekening van de gemeentebelasting niet in één keer betalen.",
        "U kunt tien termijnen aanvragen via automatische incasso.",
    ),
    (
        "Mijn zoon gaat trouwen, hoe regelen we de melding voorgenomen huwelijk?",
        "Dat doen ze samen online, uiterlijk twee weken voor de datum.",
    ),
    (
        "De lantaarnpaal voor ons huis doet het al dagen niet.",
        "Ik zie dat er meer meldingen uit uw buurt zijn binnengekomen.",
    ),
    (
        "Ik wil bezwaar maken tegen de WOZ-waarde van mijn huis.",
        "Dat kan binnen zes weken na de dagtekening van de aanslag.",
    ),
    (
        "Ik heb een uitkering aangevraagd en hoor maar niets.",
        "Ik zie uw aanvraag, die is in behandeling bij een consulent.",
    ),
    (
        "Kan ik een gehandicaptenparkeerkaart krijgen voor mijn vader?",
        "Daarvoor is een medische keuring nodig, die regelen wij.",
    ),
    (
        "Wij willen een straatfeest houden in juni, moet daar een vergunning voor?",
        "Voor een kleine buurtbarbecue is een melding genoeg, bij afsluiting van de straat een vergunning.",
    ),
    (
        "Mijn rijbewijs is gestolen, wat moet ik doen?",
        "Eerst doet u aangifte, daarna vraagt u een nieuw rijbewijs aan bij de balie.",
    ),
    (
        "Ik zoek een uittreksel uit de basisregistratie voor mijn nieuwe werkgever.",
        "Dat vraagt u online aan, het kost een paar euro.",
    ),
    (
        "Hoe kom ik aan een kapvergunning voor de boom in mijn achtertuin?",
        "Dat hangt af van de dikte van de stam, boven de twintig centimeter heeft u een vergunning nodig.",
    ),
    (
        "Ik ben mijn baan kwijt en kan de huur niet meer betalen.",
        "Er is schuldhulp en misschien bijzondere bijstand, dat bekijken we samen.",
    ),
    (
        "Wanneer wordt het oud papier bij ons opgehaald?",
        "In uw wijk is dat elke tweede dinsdag van de maand.",
    ),
    (
        "Ik heb een brief over leerlingenvervoer gekregen die ik niet snap.",
        "Daarin staat dat de aanvraag voor dit schooljaar is toegekend.",
    ),
    (
        "Mijn buurman bouwt een schuur tegen mijn erfgrens aan.",
        "Voor een schuur in de achtertuin is vaak geen vergunning nodig, dat hangt van de maten af.",
    ),
    (
        "Kan ik een bijzondere bijstand krijgen voor een nieuwe wasmachine?",
        "Dat kan als uw inkomen laag is en u geen spaargeld heeft.",
    ),
    (
        "Ik wil mijn hond aanmelden voor de hondenbelasting.",
        "Dat kan met het formulier op de website of hier bij de balie.",
    ),
    (
        "Er zit een gat in de stoep waar mijn moeder bijna over viel.",
        "Dat is vervelend, zulke gaten moeten snel gerepareerd worden.",
    ),
    (
        "Hoe vraag ik een ID-kaart aan voor mijn dochter van acht?",
        "Zij komt zelf mee naar de balie, met een van de ouders en een pasfoto.",
    ),
    (
        "Ik krijg geen afspraak voor de gemeentewerf, de site doet raar.",
        "De werf is op zaterdag zonder afspraak open, doordeweeks met afspraak.",
    ),
    (
        "Mijn kind heeft een plek nodig in de voorschool.",
        "Aanmelden gaat via het consultatiebureau of rechtstreeks bij ons.",
    ),
    (
        "Ik wil een klacht indienen over hoe ik aan de balie ben behandeld.",
        "Dat spijt me, u kunt een klacht schriftelijk of telefonisch indienen.",
    ),
    (
        "Wat kost een nieuwe container als de oude kapot is?",
        "Een kapotte container vervangen wij gratis, tenzij hij verloren is.",
    ),
    (
        "Ik heb een zaak over mijn subsidie aanvraag, hoe staat het ermee?",
        "Ik zie dat er nog een stuk ontbreekt in het dossier.",
    ),
    (
        "Mag ik een dakkapel plaatsen aan de voorkant?",
        "Aan de voorkant is bijna altijd een vergunning nodig, achter vaak niet.",
    ),
]

# Endings per gespreksresultaat: turns of the employee ("e") and the resident ("r").
E, R = "e", "r"
ENDINGS: dict[str, list[list[tuple[str, str]]]] = {
    "Zelfstandig afgehandeld": [
        [(R, "Oké, dan weet ik genoeg. Dank u wel."), (E, "Graag gedaan, fijne dag nog.")],
        [
            (R, "Helder verhaal, daar kan ik mee verder."),
            (E, "Mooi zo. Kan ik nog iets voor u doen?"),
            (R, "Nee hoor, dat was het."),
        ],
        [
            (E, "Is uw vraag zo beantwoord?"),
            (R, "Ja, helemaal, bedankt."),
            (E, "Dan wens ik u een goede middag."),
        ],
        [(R, "Top, dan regel ik dat vanavond zelf online."), (E, "Dat is prima. Succes ermee!")],
        [(R, "Nou, dat was snel. Dankjewel."), (E, "Geen dank, dag!")],
        [
            (E, "Dan heb ik het voor u aangepast in het systeem, dat is meteen geregeld."),
            (R, "Fijn, dank u."),
        ],
        [(R, "Ah zo, dus ik hoef niks te doen."), (E, "Klopt, het gaat vanzelf. Prettige dag.")],
        [
            (
                E,
                "Lukt het toch niet online, dan kunt u altijd nog bellen, maar ik denk dat het goed komt.",
            ),
            (R, "Dat denk ik ook. Dag."),
        ],
        [(R, "Joa, dan weet ik 't. Bedankt hè."), (E, "Graag gedaan, houdoe.")],
        [
            (E, "Ik heb de afspraak voor u ingepland, u krijgt een bevestiging per mail."),
            (R, "Prima, tot dan."),
        ],
        [
            (R, "Gelukkig, dan is het opgelost."),
            (E, "Ja, verder hoeft u niets te doen. Fijne avond."),
        ],
        [
            (E, "Ik heb uw nieuwe rekeningnummer meteen doorgevoerd."),
            (R, "Dank je, super."),
            (E, "Graag gedaan."),
        ],
        [(R, "ok duidelijk thx"), (E, "Graag gedaan! Nog een fijne dag 😊")],
        [
            (E, "Dan is alles voor nu geregeld. U hoeft verder niets te doen."),
            (R, "Hartelijk dank voor uw hulp."),
        ],
    ],
    "Contactverzoek gemaakt": [
        [
            (
                E,
                "Dat kan ik niet zelf beoordelen. Ik stuur het door naar de afdeling, zij bellen u terug.",
            ),
            (R, "Goed, dank u."),
        ],
        [
            (
                E,
                "Ik zet een terugbelverzoek klaar voor mijn collega. U wordt binnen twee werkdagen gebeld.",
            ),
            (R, "Prima."),
        ],
        [
            (E, "Ik maak een notitie voor de vakafdeling. U hoort binnen vijf werkdagen van ze."),
            (R, "Oké, dan wacht ik dat af."),
        ],
        [
            (E, "Ik leg uw vraag neer bij de consulent. Die neemt contact met u op."),
            (R, "Dank u wel."),
        ],
        [
            (
                E,
                "Ik geef het door aan de buitendienst, die komen het bekijken en laten u weten wat ze doen.",
            ),
            (R, "Heel fijn."),
        ],
        [
            (
                E,
                "Ik maak een melding aan voor het team Openbare Ruimte. Op welk nummer kunnen ze u bereiken?",
            ),
            (R, "Op dit nummer."),
            (E, "Genoteerd, ze bellen u."),
        ],
        [
            (R, "Kan iemand me daarover terugbellen?"),
            (E, "Ja, dat zet ik voor u uit. Liefst voor vijf uur?"),
            (R, "Graag."),
        ],
        [
            (E, "Mijn collega van Belastingen mailt u deze week over de regeling."),
            (R, "Dat is goed."),
        ],
        [
            (E, "Ik zet het door naar Vergunningen, die zoeken het uit en sturen u een bericht."),
            (R, "Dank je."),
        ],
        [
            (E, "Daar moet een specialist naar kijken. Ik vraag of die u morgen belt."),
            (R, "Ok, ik ben de hele dag thuis."),
        ],
        [
            (E, "ik stuur het even door naar de collega's en die bellen u dan terug"),
            (R, "ja is goed doe maar"),
        ],
        [
            (E, "Ik heb een verzoek gemaakt bij het Wmo-team. Zij plannen het gesprek met u in."),
            (R, "Fijn, dan hoor ik het."),
        ],
        [
            (R, "Wil iemand even naar mijn aanvraag kijken?"),
            (E, "Ik vraag het de behandelaar en die neemt contact met u op."),
            (R, "Graag."),
        ],
        [
            (
                E,
                "Ik noteer het en zet het klaar voor de afdeling Burgerzaken. U krijgt antwoord per e-mail.",
            ),
            (R, "Bedankt."),
        ],
        [(E, "Dan laat ik de wijkbeheerder u bellen over de situatie."), (R, "Dat zou fijn zijn.")],
        [(E, "Ik heb het klaargezet voor de behandelaar, zij komt bij u terug."), (R, "Goed zo.")],
    ],
    "Afgehandeld na ruggespraak": [
        [
            (E, "Een ogenblik, ik vraag het even aan een collega."),
            (E, "Ik heb het nagevraagd: het kan gewoon, u hoeft niets extra te doen."),
            (R, "Fijn, dank u."),
        ],
        [
            (E, "Ik heb even overlegd met de afdeling, en die zegt dat het bedrag klopt."),
            (R, "Oké, dan is het zo."),
        ],
        [
            (E, "Mag ik u even in de wacht zetten? Dan check ik het bij mijn collega."),
            (R, "Ja hoor."),
            (E, "Daar ben ik weer. Mijn collega bevestigt dat de termijn zes weken is."),
            (R, "Dank u."),
        ],
        [
            (E, "Ik wist het niet zeker, dus ik heb het bij de specialist nagevraagd: het mag."),
            (R, "Mooi, bedankt."),
        ],
        [
            (E, "Momentje, ik loop even naar achteren om het te vragen."),
            (E, "Zo, ik heb het gecheckt met de vergunningverlener. Het is in orde."),
            (R, "Dan ben ik gerust."),
        ],
        [
            (E, "na overleg met mijn collega kan ik zeggen dat u er recht op heeft"),
            (R, "echt fijn dank je"),
        ],
        [
            (E, "Ik heb het even afgestemd met het team, u kunt de aanvraag gewoon indienen."),
            (R, "Top."),
        ],
    ],
    "Klant neemt opnieuw contact op": [
        [
            (R, "Ik overleg het eerst met mijn vrouw en dan kom ik er later op terug."),
            (E, "Dat is goed, u bent welkom."),
        ],
        [(R, "Ik zoek die papieren op en neem daarna weer contact op."), (E, "Prima, tot dan.")],
        [
            (R, "Dan ga ik het eerst uitzoeken en meld ik me opnieuw."),
            (E, "Doet u dat. Fijne dag."),
        ],
        [
            (E, "Als u het formulier heeft, kunt u ons weer mailen."),
            (R, "Doe ik, dan hoort u van mij."),
        ],
        [
            (R, "Ik ga eerst met de huisbaas praten en dan kom ik terug bij jullie."),
            (E, "Dat lijkt me verstandig."),
        ],
        [
            (R, "Mag ik volgende week nog een keer langskomen met mijn zoon?"),
            (E, "Natuurlijk, dan helpen we u verder."),
        ],
        [
            (R, "ik moet eerst mijn bankafschrift zoeken ik neem straks wel weer contact op"),
            (E, "is goed dan horen we van u"),
        ],
        [
            (R, "Dan stuur ik u later een berichtje als ik meer weet."),
            (E, "Prima, dan kijken we verder."),
        ],
        [
            (E, "U kunt de gegevens nasturen zodra u ze heeft, dan pakken we het weer op."),
            (R, "Dat ga ik doen, dank u."),
        ],
        [
            (R, "Ik denk er nog even over na en ik meld me wel weer."),
            (E, "Geen probleem, u weet ons te vinden."),
        ],
        [
            (R, "Dan vraag ik het aan mijn dochter en schrijf ik u terug."),
            (E, "Dat is goed, mevrouw."),
        ],
        [(R, "nou ik ga t eerst na en dan kom ik weerom"), (E, "prima hoor tot later")],
    ],
    "Afgehandeld, klant belt terug": [
        [
            (R, "Als het niet lukt, bel ik u gewoon terug."),
            (E, "Dat is goed, dan helpen we u verder."),
        ],
        [(R, "Ik bel morgen wel even terug als ik het nummer heb."), (E, "Prima, tot morgen.")],
        [(E, "Belt u maar terug zodra u de brief erbij heeft."), (R, "Doe ik, bedankt.")],
        [(R, "Dan bel ik na het weekend nog een keer."), (E, "Goed, dan kijken we het samen na.")],
        [(R, "ik bel je later terug als ik thuis ben"), (E, "is goed tot straks")],
        [
            (E, "Heeft u de beschikking gevonden, belt u ons dan nog even?"),
            (R, "Ja, dat doe ik vanmiddag."),
        ],
        [(R, "Dan ga ik eerst kijken en dan bel ik jullie weer."), (E, "Prima, succes.")],
    ],
    "Doorverbonden naar afdeling": [
        [(E, "Ik verbind u door met de afdeling Belastingen, een moment."), (R, "Dank u.")],
        [(E, "Daar gaat het team Vergunningen over. Ik zet u nu door."), (R, "Oké.")],
        [
            (E, "Blijft u even aan de lijn, dan schakel ik u door naar Burgerzaken."),
            (R, "Ja, graag."),
        ],
        [
            (E, "Dat kan de afdeling Werk en Inkomen beter beantwoorden. Ik verbind u door."),
            (R, "Prima."),
        ],
        [
            (E, "ik zet u even door naar afval en reiniging die kunnen daar meer over zeggen"),
            (R, "is goed"),
        ],
        [
            (E, "Ik breng u in gesprek met het Wmo-loket, ik verbind u nu door."),
            (R, "Dank je wel."),
        ],
    ],
    "Doorverbonden naar collega": [
        [(E, "Mijn collega weet daar meer van, ik verbind u even met haar door."), (R, "Goed.")],
        [
            (E, "Een moment, ik zet u door naar een collega die dit dagelijks doet."),
            (R, "Oké, dank u."),
        ],
        [(E, "Ik geef u even aan mijn collega, die kan het meteen voor u regelen."), (R, "Fijn.")],
        [(E, "ik schakel u door naar mijn collega van de balie blijft u aan de lijn"), (R, "ja")],
        [(E, "Ik ga u doorverbinden met een collega, een ogenblikje."), (R, "Prima.")],
    ],
    "Verwezen naar ander instantie": [
        [
            (E, "Daar gaat de gemeente niet over, dat moet u bij de Belastingdienst vragen."),
            (R, "O, dan bel ik die."),
        ],
        [
            (E, "Voor die toeslag moet u bij de SVB zijn, hun nummer staat op de website."),
            (R, "Oké, dank u."),
        ],
        [
            (E, "Dat regelt het UWV, niet wij. Ik geef u hun nummer."),
            (R, "Goed, dan probeer ik het daar."),
        ],
        [
            (E, "Met dit probleem kunt u het beste naar het Juridisch Loket gaan."),
            (R, "Dat zal ik doen."),
        ],
        [
            (E, "Dat is iets voor de woningcorporatie, die is eigenaar van de flat."),
            (R, "Dan neem ik contact met hen op."),
        ],
        [(E, "Daarvoor moet je bij de RDW zijn, wij kunnen daar niks mee."), (R, "ah ok thx")],
        [
            (E, "Voor uw zorgverzekering kunt u het best uw verzekeraar bellen."),
            (R, "Ja, logisch. Dank u."),
        ],
        [(E, "dat moet u echt bij de politie melden niet bij ons"), (R, "goed dan doe ik dat")],
        [
            (E, "Dat loopt via het waterschap. Op hun website staat een formulier."),
            (R, "Prima, bedankt voor de tip."),
        ],
    ],
    "Verbinding verbroken": [
        [
            (R, "Hallo? Ik hoor u bijna niet meer."),
            (E, "Hallo? Bent u er nog? De verbinding is weggevallen."),
        ],
        [
            (R, "Sorry, mijn batterij is bijna op, ik"),
            (E, "Hallo? Helaas, het gesprek is verbroken."),
        ],
        [(E, "Mevrouw? Ik hoor niets meer."), (E, "De lijn is verbroken.")],
        [(R, "wacht even ik krijg nog een"), (E, "hallo hallo ik ben u kwijt")],
    ],
}

WEIGHTS = {  # how often each outcome is drawn (roughly the KCC's mix)
    "Zelfstandig afgehandeld": 5,
    "Contactverzoek gemaakt": 5,
    "Afgehandeld na ruggespraak": 2,
    "Klant neemt opnieuw contact op": 3,
    "Afgehandeld, klant belt terug": 2,
    "Doorverbonden naar afdeling": 2,
    "Doorverbonden naar collega": 1,
    "Verwezen naar ander instantie": 2,
    "Verbinding verbroken": 1,
}
OPENERS = [
    "Goedemorgen, gemeente, u spreekt met de klantenservice.",
    "Gemeente, goedemiddag.",
    "Hallo, waarmee kan ik je helpen?",
    "Dag, wat kan ik voor u doen?",
]
CLOSERS = [
    [],
    [],
    [(R, "Dag!")],
    [(E, "Dag, fijne dag nog.")],
    [(R, "Doei.")],
    [(R, "Ajuu.")],
    [(E, "Tot ziens.")],
]
SIGN_OFFS = ["Met vriendelijke groet,\nKlantcontactcentrum", "Groet,\nTeam KCC"]


def _spoken(text: str, rng: random.Random) -> str:
    """Speech-to-text: lower case, no punctuation, now and then "eh"."""
    words = re.sub(r"[.,!?:;]", "", text.lower()).split()
    if len(words) > 4 and rng.random() < 0.5:
        words.insert(rng.randrange(1, len(words)), "eh")
    return " ".join(words)


def _render(
    turns: list[tuple[str, str]], register: str, rng: random.Random
) -> list[dict[str, str]]:
    result = []
    for who, text in turns:
        speaker = "medewerker" if who == E else "inwoner"
        if register == "spraak":
            text = _spoken(text, rng)
        elif register == "chat" and who == R and rng.random() < 0.5:
            text = text.lower().rstrip(".")
        elif register == "email":
            greeting = "Geachte heer, mevrouw," if who == E else "Beste,"
            close = rng.choice(SIGN_OFFS) if who == E else "Groet"
            text = f"{greeting}\n\n{text}\n\n{close}"
        result.append({"speaker": speaker, "text": text})
    return result


def conversation(rng: random.Random) -> dict[str, object]:
    outcome = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    question, answer = rng.choice(BODIES)
    turns: list[tuple[str, str]] = [(E, rng.choice(OPENERS)), (R, question), (E, answer)]
    if rng.random() < 0.4:  # a side question handled on the spot, before the ending
        side_q, side_a = rng.choice(BODIES)
        turns += [(R, "Nog iets anders. " + side_q), (E, side_a)]
    turns += rng.choice(ENDINGS[outcome])
    register = rng.choice(["telefoon", "telefoon", "spraak", "chat", "email"])
    if outcome != "Verbinding verbroken" and register != "email":
        turns += rng.choice(CLOSERS)
    if register == "email":
        turns = turns[1:]
    return {
        "turns": _render(turns, register, rng),
        "gespreksresultaat": outcome,
        "interneTaak": outcome == "Contactverzoek gemaakt",
        "register": register,
        "writer": "H73",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--seed", type=int, default=73)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with args.out.open("w", encoding="utf-8") as handle:
        for _ in range(args.n):
            handle.write(json.dumps(conversation(rng), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
