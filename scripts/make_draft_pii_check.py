"""Write the generated personal-data check of the registration draft (issue 15, ADR 56).

Conversations composed from templates written for this check by the project (EUPL-1.2): a
resident asks about a municipal product and states the question in a sentence that holds the
kinds of personal data that reached the draft's fields before — a first name on its own, a
short surname after "mevrouw"/"meneer"/"dhr."/"mw.", names in lower case, a name the employee
or resident introduced earlier ("u spreekt met Jansen"), a street without a street word ("op de
Brink 4"), a house number with an addition, a place after "in"/"uit", an e-mail address or a
phone number said as words. Every name, street, place and number is invented here (common
Dutch, Turkish, Moroccan, Polish and Ukrainian names; no sentence or name was taken from the
blind corpus or from the other evaluation sets). Three registers: punctuated phone notes,
lowercase speech-to-text without punctuation, and chat.

Two seeds give two parts: ``dev`` (read while building the checks) and ``heldout`` (only
counted). ``gold.jsonl`` holds per conversation the personal-data strings (``pii``) and the
product words that must stay readable.

    python scripts/make_draft_pii_check.py [--out evaluation/assist/draft_pii] [--count 80]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

FIRST = [
    "Sanne", "Daan", "Bram", "Lotte", "Fleur", "Noor", "Joost", "Pieter", "Ans", "Wim", "Ria",
    "Kees", "Fatma", "Yusuf", "Marek", "Olena", "Priya", "Mo", "Ilse", "Ruud", "Hanneke",
    "Gerrit", "Khadija", "Tomasz", "Elif", "Bas", "Mirjam", "Teun",
]  # fmt: skip
SHORT = [
    "Bos", "Vos", "Smit", "Kok", "Mol", "de Wit", "de Boer", "de Groot", "de Jong", "Bakker",
    "Visser", "Meijer", "Mulder", "Dekker", "Brouwer", "Jansen", "Peters", "Hendriks", "Kaya",
    "Yilmaz", "El Amrani", "Nowak", "Kowalski", "Bouzid", "Post", "Prins", "van Dam", "Koster",
]  # fmt: skip
TITLES = ["mevrouw", "meneer", "dhr.", "mw.", "mevr."]
PLAIN_STREETS = [
    "Brink", "Hoefslag", "Zandkamp", "Kromme Akker", "Vossenhol", "Klaverveld", "Dorpsweide",
    "Molenwerf", "Lage Esch", "Oude Haven", "Wolfskamp", "Heggerank",
]  # fmt: skip
STREETS = [
    "Beukenstraat", "Sportlaan", "Havenweg", "Wilhelminaplein", "Rozensingel", "Prins Hendrikkade",
    "Vlasdijk", "Koningin Julianalaan", "Ketelstraat", "Merelpad",
]  # fmt: skip
ADDITIONS = ["a", " A", "-bis", "-2", " 2 hoog", "-II", "b", " zwart"]
PLACES = ["Zwolle", "Kampen", "Deventer", "Meppel", "Assen", "Hoorn", "Tiel", "Weert"]
DOMAINS = ["gmail", "hotmail", "outlook", "ziggo", "kpnmail"]
DIGITS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]

# product words (must stay in the draft), the resident's problem and question, the employee's
# explanation
TOPICS = [
    (
        "container",
        "de grijze container is al twee weken niet geleegd",
        "kunt u iemand sturen",
        "de wagen rijdt morgen opnieuw door uw straat en neemt de container dan mee",
    ),
    (
        "paspoort",
        "mijn paspoort verloopt volgende maand",
        "hoe maak ik een afspraak voor een nieuw paspoort",
        "u kunt online een afspraak maken en het paspoort is na vijf werkdagen klaar",
    ),
    (
        "parkeervergunning",
        "ik heb een nieuwe auto en de parkeervergunning staat nog op het oude kenteken",
        "hoe zet ik de vergunning om",
        "u kunt het kenteken in het digitale loket zelf wijzigen, dat kost niets",
    ),
    (
        "verhuizing",
        "we gaan volgende week verhuizen",
        "wanneer moet ik de verhuizing doorgeven",
        "u geeft de verhuizing door vanaf vier weken voor tot vijf dagen na de verhuisdatum",
    ),
    (
        "lantaarnpaal",
        "de lantaarnpaal voor de deur doet het al dagen niet",
        "wie repareert dat",
        "ik maak een melding openbare ruimte, een monteur komt binnen vijf werkdagen",
    ),
    (
        "bijzondere bijstand",
        "de wasmachine is kapot en ik kan geen nieuwe betalen",
        "kan ik bijzondere bijstand krijgen",
        "u kunt bijzondere bijstand aanvragen met een offerte en uw bankafschriften",
    ),
    (
        "grofvuil",
        "ik wil een oude bank en een matras kwijt",
        "hoe laat ik grofvuil ophalen",
        "u maakt online een afspraak voor grofvuil, ophalen is twee keer per jaar gratis",
    ),
    (
        "kwijtschelding",
        "ik kan de aanslag afvalstoffenheffing niet betalen",
        "kan ik kwijtschelding aanvragen",
        "u vraagt kwijtschelding aan binnen drie maanden na de dagtekening van de aanslag",
    ),
]


def _number(rng: random.Random) -> str:
    return str(rng.randint(1, 140))


def _spoken_digits(digits: str) -> str:
    return " ".join(DIGITS[int(d)] for d in digits)


def _address(rng: random.Random, kind: str) -> tuple[str, str]:
    """(how the resident says where, the personal-data string)."""
    if kind == "plain":
        street = rng.choice(PLAIN_STREETS)
        value = f"{street} {_number(rng)}"
        return f"op de {value}", value
    if kind == "addition":
        street = rng.choice(STREETS + PLAIN_STREETS)
        value = f"{street} {_number(rng)}{rng.choice(ADDITIONS)}"
        return f"op de {value}" if street in PLAIN_STREETS else f"aan de {value}", value
    street = rng.choice(STREETS)
    value = f"{street} {_number(rng)}"
    return f"aan de {value} in {rng.choice(PLACES)}", value


def _conversation(rng: random.Random, number: int) -> tuple[dict[str, Any], dict[str, Any]]:
    product, problem, ask, explanation = rng.choice(TOPICS)
    first, surname = rng.choice(FIRST), rng.choice(SHORT)
    title = rng.choice(TITLES)
    employee = rng.choice(SHORT)
    helper = rng.choice([f for f in FIRST if f != first])
    kind = rng.choice(["plain", "addition", "place"])
    where, address = _address(rng, kind)
    pii = [address, surname, helper, employee]
    name_kind = rng.choice(["first_alone", "title_surname", "introduced", "email", "phone"])
    if name_kind == "first_alone":
        question = f"{helper} belde gisteren al, maar {problem} {where}, {ask}?"
    elif name_kind == "title_surname":
        question = f"Ik heb al met {title} {surname} gesproken, want {problem} {where}, {ask}?"
    elif name_kind == "introduced":
        question = f"{employee} zei vorige week dat het goed kwam, maar {problem} {where}, {ask}?"
    elif name_kind == "email":
        mail = f"{first.lower()} punt {surname.lower().replace(' ', '')} at {rng.choice(DOMAINS)} punt nl"
        pii.append(mail)
        question = f"Ik woon {where} en {problem}, {ask}? Mail mij op {mail}."
    else:
        digits = "06" + "".join(str(rng.randint(0, 9)) for _ in range(8))
        spoken = _spoken_digits(digits)
        pii.append(spoken)
        question = f"Ik woon {where} en {problem}, {ask}? Mijn nummer is {spoken}."
    turns = [
        ("medewerker", f"Goedemorgen, u spreekt met {employee} van de gemeente."),
        ("inwoner", f"Goedemorgen, met {first} {surname}. {question}"),
        ("medewerker", f"Dank u, {title} {surname}. Even kijken. {explanation[0].upper()}{explanation[1:]}."),
        ("inwoner", f"O fijn. Dan weet ik het, dank je {employee.split()[-1]}. Groeten van {helper}."),
        ("medewerker", f"Graag gedaan {title} {surname.split()[-1]}, fijne dag."),
    ]  # fmt: skip
    register = rng.choice(["phone", "speech", "chat"])
    if register == "speech":
        turns = [(s, _lowercase_speech(t)) for s, t in turns]
    elif register == "chat":
        turns = [(s, t.lower() if s == "inwoner" else t) for s, t in turns]
    kanaal = {"phone": "Telefoon", "speech": "Telefoon", "chat": "Live chat"}[register]
    name = f"g{number:03d}-{product.replace(' ', '-')}-{name_kind}-{kind}-{register}.json"
    transcript = {"kanaal": kanaal, "turns": [{"speaker": s, "text": t} for s, t in turns]}
    gold = {
        "source": name,
        "product": product,
        "name_kind": name_kind,
        "address_kind": kind,
        "register": register,
        "pii": sorted(set(pii), key=len, reverse=True),
    }
    return transcript, gold


def _lowercase_speech(text: str) -> str:
    return " ".join(text.lower().replace(",", "").replace("?", "").replace(".", " ").split())


def write(out: Path, part: str, seed: int, count: int) -> None:
    rng = random.Random(seed)
    folder = out / part / "transcripts"
    folder.mkdir(parents=True, exist_ok=True)
    golds = []
    for number in range(count):
        transcript, gold = _conversation(rng, number)
        (folder / gold["source"]).write_text(
            json.dumps(transcript, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        golds.append(gold)
    lines = [json.dumps(g, ensure_ascii=False) for g in golds]
    (out / part / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("evaluation/assist/draft_pii"))
    parser.add_argument("--count", type=int, default=80)
    args = parser.parse_args()
    write(args.out, "dev", 1501, args.count)
    write(args.out, "heldout", 1503, args.count)


if __name__ == "__main__":
    main()
