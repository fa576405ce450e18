"""Generate template sentences with labelled names for the name tagger (``training-data/pii_templates.jsonl``).

    .venv/bin/python scripts/make_pii_name_data.py [--n 600] [--seed 15]

The written training corpus (``training-data/pii.jsonl``, two writers) is narrow in a few
ways that matter on text nobody here wrote: a first name on its own at the end of a chat line,
a surname said before the full name, a name right before "van de <street>", business names
that hold a surname, and words of the Dutch spelling alphabet ("v als in victor"). The
templates below are written for Reisgenoot and filled from the shipped word lists plus names
of many origins written here; nothing comes from an evaluation set. Spans follow
docs/contracts.md §5: titles and relations outside ``naam``, a business is not a name.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reisgenoot.language.pii_lists import lists  # noqa: E402

OUT = ROOT / "training-data" / "pii_templates.jsonl"


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# Names of many origins, written for this script (not from any evaluation set).
WORLD_FIRST = _split(
    "Ayşe Fatima Yusuf Oksana Dmytro Kwame Nkechi Thuy Minh Wei Jun Priya Arjun Tesfay Senait"
    " Abdi Hodan Gabriela Mateus Aurelio Xiomara Rashid Layla Jovan Milica Kasia Tomasz Ionela"
    " Bogdan Eleni Nikos Siddharth Mei Hiroshi Yuki Noa Tamar Idris Zainab Ousmane Aminata"
    " Svetlana Artem Jurre Fenna Sjoerd Tjitske Douwe Wietske Geesje Harm Marchien Roelie"
)
WORLD_LAST = _split(
    "Öztürk Demir Kaya Bouzid El Amrani Benali Kowalski Nowak Wiśniewska Shevchenko Bondarenko"
    " Mensah Okafor Nguyen Tran Chen Liu Sharma Patel Tesfaye Haile Warsame Farah Rodrigues"
    " Martina Silva Petrović Jovanović Popescu Papadopoulos Tanaka Sato Cohen Diallo Traoré"
    " Postma Dijkstra Hoekstra Zijlstra Wiersma Boersma Kuipers Brouwer Hendriks Mulder"
)
PARTICLES = ("van", "de", "van der", "van den", "ter", "el", "van de", "den")
STREET_PARTS = _split(
    "Klaver Molen Kievit Berken Wilgen Eiken Zwaluw Vlas Rogge Haver Koren Lijster Merel"
    " Spreeuw Reiger Ooievaar Hazel Distel Linde Esdoorn Iepen Beuken Heide Duinroos"
)
STREET_ENDS = ("hof", "akker", "kamp", "veld", "weide", "gaarde", "hoek", "erf", "straat", "laan")
BARE_STREETS = _split(
    "Tjalk Wielewaal Bolwerk Kolk Weverij Ketelhuis Tiendschuur Ganzenwei Zonnebloem Kwartier"
    " Hoefijzer Polderland Rietgors Lindenhof Marktveld Spui Brink Dam Heuvel Gaard"
)
BUSINESS = _split(
    "Installatietechniek Schilderwerken Bouw Loodgieters Bloemen Transport Advies Tweewielers"
    " Catering Dakwerken Schoonmaak Administratie"
)
BUREAU = ("Architectenbureau", "Bakkerij", "Snackbar", "Kapsalon", "Garage", "Makelaardij")
SPELLING = _split(
    "anton bernard cornelis dirk eduard ferdinand gerard hendrik izaak johan karel lodewijk"
    " maria nico otto pieter quinten rudolf simon theodoor utrecht victor willem xantippe"
    " ypsilon zaandam"
)

# {F}/{f} a first name (capitalised / lower case), {L}/{l} a surname, {S}/{s} a street, {n} a
# house number, {B} a business word; [..] marks a name span.
TEMPLATES: tuple[tuple[str, ...], ...] = (
    # a first name on its own
    (
        "oke top dankjewel [{f}] 👍",
        "ok dan wacht ik op [{f}] zijn telefoontje",
        "ja het is [{f}] hier van de {shop}",
    ),
    ("[{F}] hier, ik bel over de container", "groetjes [{F}]", "doe de groeten aan [{F}]"),
    ("mijn zoon ([{F}], groep 5) heeft vervoer nodig", "Hallo, ik ben [{F}], moeder van [{F2}]."),
    # a surname after a title, also short
    (
        "mw. [{L}] vraagt om een terugbelverzoek",
        "Meneer [{L}] belde al twee keer.",
        "met mevrouw [{L}] gesproken",
    ),
    # a surname said first, then the full name
    ("ja u spreekt met [{l}] [{f} {l}] over de stoep", "mijn naam is [{l}] [{f} {l}] ja"),
    # a name before "van de <street>" or "op <street>"
    ("Dit is [{F}] van de {S} {n}, de lamp is stuk.", "hoi met [{f}] van de {s} {n}"),
    ("ik ben de buurman van [{F}] op {S} {n}", "mw. [{L}] van de {S} {n} vraagt hulp"),
    # a business that holds a surname is not the person's name
    ("u spreekt met [{F} {L}] van {L} {B}", "Hoi, hier [{F}] van {F}'s {B} op de markt."),
    ("er ligt zand bij de bouwplaats van {L} {B}", "Met vriendelijke groet, {R} {W}"),
    ("namens de VvE {S} belt [{F} {L}]", "de factuur van {L} {B} klopt niet"),
    # the spelling alphabet is no name
    (
        "het kenteken is {x} als in {spell}",
        "{X} van {spellC}, ja",
        "dat is met een {x}, {x} als in {spell}",
    ),
    # a name repeated when the employee checks it
    (
        "Beller: Het is [{L}]. Medewerker: [{L}], met een {X}?",
        "Medewerker: [{L}] aan elkaar? Beller: ja",
    ),
    # form lines
    ("Voornaam: [{F}] | Achternaam: [{P} {L}] | Tel: 06-{d}", "roepnaam [{F}], geboren in {year}"),
)


def _fill(template: str, rnd: random.Random) -> tuple[str, list[tuple[int, int]]]:
    data = lists()
    first = rnd.choice([*WORLD_FIRST, *rnd.sample(sorted(data.first_names), 40)]).capitalize()
    first2 = rnd.choice(WORLD_FIRST)
    last = rnd.choice([*WORLD_LAST, *rnd.sample(sorted(data.surnames), 40)])
    last = last[0].upper() + last[1:]
    street = rnd.choice(STREET_PARTS) + rnd.choice(STREET_ENDS)
    if rnd.random() < 0.5:
        street = rnd.choice(BARE_STREETS)
    spell = rnd.choice(SPELLING)
    letter = spell[0]
    values = {
        "f": first.lower(), "F": first, "F2": first2, "l": last.lower(), "L": last,
        "P": rnd.choice(PARTICLES), "S": street, "s": street.lower(),
        "n": str(rnd.randint(1, 240)) + rnd.choice(["", "", "a", "-2", " bis"]),
        "B": rnd.choice(BUSINESS), "R": rnd.choice(BUREAU), "W": rnd.choice(STREET_PARTS),
        "shop": rnd.choice(["snackbar", "kapper", "bakker", "garage"]),
        "x": letter, "X": letter.upper(), "spell": spell, "spellC": spell.capitalize(),
        "d": f"{rnd.randint(10000000, 99999999)}", "year": str(rnd.randint(1940, 2005)),
    }  # fmt: skip
    text = ""
    spans: list[tuple[int, int]] = []
    for piece in re.split(r"(\[[^\]]*\])", template):
        bracket = piece.startswith("[")
        filled = piece.strip("[]").format(**values)
        if bracket:
            spans.append((len(text), len(text) + len(filled)))
        text += filled
    return text, spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    flat = [t for group in TEMPLATES for t in group]
    seen: set[str] = set()
    with args.out.open("w", encoding="utf-8") as out:
        number = 0
        while number < args.n:
            text, spans = _fill(rnd.choice(flat), rnd)
            if text in seen:
                continue
            seen.add(text)
            number += 1
            entities = [{"start": s, "end": e, "type": "naam"} for s, e in spans]
            row = {"id": f"T-{number:04d}", "text": text, "entities": entities}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{args.n} sentences -> {args.out}")


if __name__ == "__main__":
    main()
