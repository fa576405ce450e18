"""Build ``spec-check.jsonl``: structured personal data generated from format specifications.

Every value is made from the documented *shape* of its kind (see the README row), never from a
sentence of any evaluation set: case numbers of the common Dutch case systems (prefix, year and
serial with ``-``, ``/``, ``.`` or blanks, and reference forms after a reference word), BSNs in
groups, with dots, in brackets or said as digit words, IBANs in groups or lower case, phone
numbers in every national and international notation or said as words, e-mail addresses
written, shouted or spoken, postcodes in both cases, birth dates in numeric, abbreviated,
written-out and spoken forms (also as the answer in the next turn), and licence plates of the
RDW side codes. Carrier sentences are short and of several registers (telephone, speech-to-text
without capitals, chat, e-mail, form, agent note). Plain sentences with numbers that are no
personal data (amounts, opening hours, appointment dates, article numbers, years, service
numbers, order and meter numbers failing the 11-proef) are the negatives.

Run: ``python evaluation/pii/build_spec_check.py`` (seeded: the output is stable; it reads the
number words of ``scripts/pii_variant_values.py``, so the ``bench`` extra must be installed).
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "scripts"))
from build_cases import BANKS, _bsn, _iban  # noqa: E402
from pii_variant_values import MONTHS, MONTHS_SHORT, SPELL_DIGITS, number_word  # noqa: E402

SEED = 85
PER_KIND = 60

_MONTHS = MONTHS
_MONTH_ABBR = MONTHS_SHORT
_ORDINAL_DAY = {1: "eerste", 3: "derde", 8: "achtste"}


def year_words(year: int, rng: random.Random) -> str:
    head, tail = divmod(year, 100)
    if head == 19:
        return rng.choice(
            [
                "negentien" + number_word(tail),
                "negentien " + number_word(tail),
                "negentienhonderd" + number_word(tail),
            ]
        )
    return "tweeduizend" + (number_word(tail) if tail else "")


def digit_words(digits: str) -> str:
    return " ".join(SPELL_DIGITS[int(d)] for d in digits)


# --- values -------------------------------------------------------------------------------


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def zaak_value(rng: random.Random) -> str:
    year = rng.randint(2019, 2026)
    yy = year % 100
    forms: list[Callable[[], str]] = [
        lambda: f"ZAAK-{year}-{_digits(rng, 10)}",  # Open Zaak / ZGW identificatie
        lambda: f"ZAAK-{year}-{_digits(rng, rng.randint(5, 7))}",
        lambda: f"Z-{year}-{_digits(rng, 6)}",
        lambda: f"Z/{yy}/{_digits(rng, 6)}",  # Decos-like
        lambda: f"Z{yy}.{_digits(rng, 6)}",
        lambda: f"Z{_digits(rng, 6)}",
        lambda: f"ZK{yy}-{_digits(rng, 6)}",
        lambda: f"ZK{year}-{_digits(rng, 5)}",
        lambda: f"ZK{_digits(rng, 7)}",
        lambda: f"{year}-{_digits(rng, 6)}",  # year-serial (PowerBrowser-, Djuma-like)
        lambda: f"{year}/{_digits(rng, 5)}",
        lambda: f"{year}.{_digits(rng, 6)}",
        lambda: f"{yy}.{_digits(rng, 3)}.{_digits(rng, 2)}",  # kenmerk with dots
        lambda: f"U{yy}.{_digits(rng, 5)}",  # Corsa-like uitgaand / inkomend
        lambda: f"I{yy}.{_digits(rng, 6)}",
        lambda: f"DOS-{year}-{_digits(rng, 5)}",
        lambda: f"DOS{year}{_digits(rng, 4)}",
        lambda: f"BZ/{year}/{_digits(rng, 4)}",
        lambda: f"BZ-{_digits(rng, 6)}",
        lambda: f"{rng.choice(['W', 'V', 'B', 'O'])}-{_digits(rng, 4)}/{year}",
        lambda: (
            f"{rng.choice(['VB', 'GV', 'HZ'])}/{yy}/{rng.choice(['BEL', 'WMO', 'VTH', 'PW'])}"
            f"/{_digits(rng, 4)}"
        ),
        lambda: f"{year}/{_digits(rng, 3)}/{rng.choice(['WBV', 'VTH', 'BEZ', 'WMO'])}",
        lambda: (
            f"{rng.choice(['VB', 'GV'])}{yy}-{rng.choice(['KCC', 'WMO', 'BRP'])}-{_digits(rng, 5)}"
        ),
        lambda: f"MZ{year}-{_digits(rng, 5)}",  # Mozard-like
        lambda: f"RX.{year}.{_digits(rng, 5)}",  # Rx.Mission-like
        lambda: f"K2Z-{year}-{_digits(rng, 5)}",  # Key2Zaken-like
        lambda: f"OLO {_digits(rng, 7)}",
        lambda: f"OLO{_digits(rng, 7)}",
        lambda: f"{rng.choice(['WZ', 'PW', 'BZ'])} {yy} {_digits(rng, 4)}",
        lambda: f"DJ-{year}-{_digits(rng, 5)}",
    ]
    return rng.choice(forms)()


def bsn_value(rng: random.Random) -> str:
    b = _bsn(rng, True)
    return rng.choice([b, f"{b[:3]} {b[3:6]} {b[6:]}", f"{b[:4]}.{b[4:6]}.{b[6:]}",
                       f"{b[:3]}.{b[3:6]}.{b[6:]}", f"{b[:3]}-{b[3:6]}-{b[6:]}"])  # fmt: skip


def iban_value(rng: random.Random) -> str:
    value = _iban(rng, "NL", rng.choice(BANKS) + _digits(rng, 10))
    grouped = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return rng.choice([value, grouped, value.lower(), grouped.lower()])


def phone_value(rng: random.Random) -> str:
    mobile = "6" + _digits(rng, 8)
    area = rng.choice(["10", "20", "30", "318", "50", "70", "40", "72", "475", "53"])
    rest = _digits(rng, 9 - len(area))
    forms = [
        f"0{mobile[:1]}-{mobile[1:]}",
        f"0{mobile[:1]} {mobile[1:5]} {mobile[5:]}",
        f"0{mobile[:1]} {mobile[1:3]} {mobile[3:5]} {mobile[5:7]} {mobile[7:]}",
        f"0{mobile}",
        f"+31 {mobile[:1]} {mobile[1:5]} {mobile[5:]}",
        f"+31{mobile}",
        f"+31 (0){mobile[:1]} {mobile[1:]}",
        f"0031 {mobile[:1]} {mobile[1:]}",
        f"0031{mobile}",
        f"(0{area}) {rest}",
        f"0{area}-{rest}",
        f"0{area} - {rest[:3]} {rest[3:]}",
        f"0{area} {rest}",
    ]
    return rng.choice(forms)


def spoken_phone(rng: random.Random) -> str:
    digits = "06" + _digits(rng, 8)
    if rng.random() < 0.5:
        return digit_words(digits)
    pairs = [digits[i : i + 2] for i in range(2, 10, 2)]
    words = [number_word(int(p)) if p[0] != "0" else digit_words(p) for p in pairs]
    return "nul zes " + " ".join(words)


_LOCALS = ("j.devries", "anouk.bakker", "m_yilmaz", "p.jansen82", "fam.elamrani", "tinekedekker")
_DOMAINS = ("ziggo.nl", "gmail.com", "hotmail.com", "kpnmail.nl", "outlook.com", "planet.nl")


def email_value(rng: random.Random) -> str:
    local, domain = rng.choice(_LOCALS), rng.choice(_DOMAINS)
    address = f"{local}@{domain}"
    return rng.choice([address, address.upper(), f"{local} @ {domain}"])


def spoken_email(rng: random.Random) -> str:
    local = rng.choice(["jan punt de vries", "anouk bakker", "p punt jansen", "mehmet punt kaya"])
    at = rng.choice(["at", "apenstaartje"])
    domain = rng.choice(["gmail punt com", "ziggo punt nl", "hotmail punt com", "kpnmail punt nl"])
    return f"{local} {at} {domain}"


_POSTCODE_LETTERS = "ABCEGHJKLMNPRTVWXZ"


def postcode_value(rng: random.Random) -> str:
    digits = str(rng.randint(1000, 9999))
    letters = "".join(rng.choice(_POSTCODE_LETTERS) for _ in range(2))
    return rng.choice([f"{digits} {letters}", f"{digits}{letters}", f"{digits} {letters.lower()}",
                       f"{digits}{letters.lower()}"])  # fmt: skip


def birth_value(rng: random.Random) -> str:
    year = rng.randint(1935, 2008)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    yy = year % 100
    forms = [
        f"{day:02d}-{month:02d}-{year}",
        f"{day}-{month}-{year}",
        f"{day}-{month}-'{yy:02d}",
        f"{day}/{month}/{yy:02d}",
        f"{day:02d}.{month:02d}.{year}",
        f"{year}-{month:02d}-{day:02d}",
        f"{day} {_MONTHS[month - 1]} {year}",
        f"{day} {_MONTH_ABBR[month - 1]} {year}",
        f"{day} {_MONTH_ABBR[month - 1]}. {year}",
        f"{number_word(day)} {_MONTHS[month - 1]} {year_words(year, rng)}",
        f"{_ORDINAL_DAY.get(day, number_word(day))} {_MONTHS[month - 1]} {year_words(year, rng)}",
        f"{number_word(day)} {_MONTHS[month - 1]} {number_word(yy)}"
        if yy >= 20
        else f"{number_word(day)} {_MONTHS[month - 1]} {year}",
    ]
    return rng.choice(forms)


_PLATE_LETTERS = "BDFGHJKLNPRSTXZ"
_SIDECODES = ("XX-99-99", "99-XX-99", "99-XX-XX", "XX-XX-99", "99-XXX-9", "9-XXX-99", "XX-999-X",
              "X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999", "999-XX-9")  # fmt: skip


def plate_value(rng: random.Random) -> str:
    code = rng.choice(_SIDECODES)
    plate = "".join(
        rng.choice(_PLATE_LETTERS) if c == "X" else str(rng.randint(0, 9)) if c == "9" else c
        for c in code
    )
    return rng.choice([plate, plate.lower(), plate.replace("-", "")])


# --- carriers -----------------------------------------------------------------------------

CARRIERS: dict[str, list[str]] = {
    "zaaknummer": [
        "Ik bel over mijn aanvraag, het zaaknummer is {v}.",
        "mijn zaaknummer is {v} en ik heb nog niks gehoord",
        "Uw kenmerk: {v}",
        "Onder vermelding van kenmerk {v} stuur ik u de stukken.",
        "Geachte heer/mevrouw, naar aanleiding van uw brief met kenmerk {v} maak ik bezwaar.",
        "dossiernummer {v}",
        "Het gaat om zaak {v}, kunt u kijken hoe ver het is?",
        "Referentie {v} – graag terugbellen.",
        "Ik heb een brief gekregen met nummer {v} rechtsboven.",
        "Notitie: inwoner belt over {v}, status nagevraagd.",
        "hoi ik heb een vraag over {v} want ik snap de brief niet",
        "In mijn Mijn Voorbeeldstad staat {v} maar verder niks.",
        "KCC: Heeft u een zaaknummer? Klant: Ja, {v}.",
        "het kenmerk van de brief is {v} volgens mij",
    ],
    "bsn": [
        "Mijn BSN is {v}.",
        "bsn {v}",
        "Burgerservicenummer: {v}",
        "Mijn moeder (BSN {v}) kan zelf niet bellen.",
        "het burgerservicenummer van mijn zoon is {v} als u dat nodig heeft",
        "Cliënt ({v}) meldt een wijziging.",
        "KCC: Wat is uw BSN? Klant: {v}.",
    ],
    "iban": [
        "Mijn rekeningnummer is {v}.",
        "iban {v} ten name van mij",
        "Kunt u het terugstorten op {v}?",
        "Het geld mag naar {v}, dat is de rekening van mijn vader.",
        "rekening: {v}",
    ],
    "telefoon": [
        "U kunt mij bereiken op {v}.",
        "mijn nummer is {v}",
        "Bel me terug op {v} aub",
        "Telefoon: {v}",
        "Graag terugbellen op {v}, na 14.00 uur.",
        "KCC: Op welk nummer kan ik u bereiken? Klant: {v}.",
        "mobiel {v} of mail",
    ],
    "email": [
        "Mijn e-mailadres is {v}.",
        "mail maar naar {v}",
        "E-mail: {v}",
        "Kunt u de brief sturen naar {v}?",
    ],
    "postcode": [
        "Mijn postcode is {v}.",
        "postcode {v} huisnummer 12",
        "Ik woon in {v} Voorbeeldstad.",
        "Adres: Kerkstraat 4, {v} Voorbeeldstad",
        "de postcode is {v} toch?",
    ],
    "geboortedatum": [
        "Ik ben geboren op {v}.",
        "mijn geboortedatum is {v}",
        "Geboortedatum: {v}",
        "Mijn vader is geboren op {v} en woont nu in een verpleeghuis.",
        "geb. {v}",
        "KCC: Wat is uw geboortedatum? Klant: {v}.",
        "Medewerker: Uw geboortedatum graag. Beller: {v}.",
        "ik ben van {v}",
    ],
    "kenteken": [
        "Mijn kenteken is {v}.",
        "kenteken {v}",
        "Er staat al weken een auto met kenteken {v} voor mijn deur.",
        "de auto {v} staat op de stoep",
        "Parkeervergunning voor kenteken {v} graag.",
    ],
}
SPOKEN_CARRIERS: dict[str, list[str]] = {
    "telefoon": ["mijn nummer is {v}", "ja u kunt me bellen op {v}", "telefoon eh {v}"],
    "email": ["mijn mail is {v}", "het e-mailadres is {v}", "ja dat is {v}"],
    "bsn": ["mijn bsn is {v}", "burgerservicenummer {v}"],
    "geboortedatum": ["mijn geboortedatum is {v}", "ik ben geboren {v}"],
    "zaaknummer": [
        "KCC: Kunt u het nummer rechtsboven voorlezen? Klant: {v}.",
        "het zaaknummer is {v}",
        "ja dat is eh {v}",
    ],
}
NEGATIVES = [
    "De leges voor een paspoort zijn € {a},{c} en u betaalt bij de balie.",
    "Het stadhuis is open van 08:30 tot 17:00 uur, op donderdag tot {h}:00 uur.",
    "U heeft een afspraak op {d} {m} {y} om {h}.{mm} uur.",
    "Zie artikel {s}.{s2}.{s3} van de Afvalstoffenverordening {y}.",
    "Bel 14 0999 of de gratis lijn 0800-{n7} voor vragen.",
    "Mijn ordernummer is {bad} maar het pakket is nog niet bezorgd.",
    "De stand van de watermeter was {n6} op {d}-{mo}-{y}.",
    "In {y} zijn er {n2}.{n3} aanvragen binnengekomen.",
    "De huisnummers {h} tot en met {n2} krijgen een nieuwe container.",
    "Betaal vóór {d} {m} het bedrag van € {n3},{c} in {h} termijnen.",
    "De Wmo 2015 en de Participatiewet gelden sinds 1 januari 2015.",
    "Tussen {h}.00 en {h2}.30 uur is de milieustraat gesloten.",
    "Postbus {n4}, {y} – antwoordnummer {n5}.",
    "De container van 240 liter wordt op {d} {m} geleegd, ophaaldag week {n2}.",
    "Het formulier heeft {n2} pagina's en vraag {s}.{s2} is verplicht.",
    "bus {n2} rijdt om {h}:{mm} vanaf het station",
    "De WOZ-waarde is € {n3}.{n3b} en de aanslag volgt in {m} {y}.",
    "Het nummer van de watermeter is {good}, de stand heb ik doorgegeven.",
    "ordernummer {good} is nog steeds niet geleverd",
    "Het serienummer van de scootmobiel is {good}.",
    "U kunt tot {d}-{mo}-{y} bezwaar maken, dat is zes weken na dagtekening.",
]


def _negative(rng: random.Random) -> str:
    values = {
        "a": str(rng.randint(20, 140)),
        "c": f"{rng.randint(0, 99):02d}",
        "h": str(rng.randint(8, 16)),
        "h2": str(rng.randint(12, 18)),
        "mm": rng.choice(["00", "15", "30", "45"]),
        "d": str(rng.randint(1, 28)),
        "mo": f"{rng.randint(1, 12):02d}",
        "m": rng.choice(_MONTHS),
        "y": str(rng.randint(2015, 2027)),
        "s": str(rng.randint(1, 9)),
        "s2": str(rng.randint(1, 9)),
        "s3": str(rng.randint(1, 9)),
        "n2": str(rng.randint(10, 99)),
        "n3": str(rng.randint(100, 999)),
        "n3b": f"{rng.randint(0, 999):03d}",
        "n4": str(rng.randint(1000, 9999)),
        "n5": str(rng.randint(10000, 99999)),
        "n6": str(rng.randint(100000, 999999)),
        "n7": str(rng.randint(1000000, 9999999)),
        "bad": _bsn(rng, False),
        "good": _bsn(rng, True),  # passes the 11-proef by chance, as one in eleven numbers
    }
    return rng.choice(NEGATIVES).format(**values)


def _spoken(kind: str, rng: random.Random) -> str:
    if kind == "telefoon":
        return spoken_phone(rng)
    if kind == "email":
        return spoken_email(rng)
    if kind == "bsn":
        return digit_words(_bsn(rng, True))
    if kind == "zaaknummer":
        letters = " ".join(rng.choice(["z", "z k", "w m o", "b z", "d o s", "o v"]).split())
        serial = _digits(rng, rng.randint(6, 8))
        return f"{letters} {digit_words(serial)}"
    year, month, day = rng.randint(1935, 2005), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice(
        [
            f"{number_word(day)} {_MONTHS[month - 1]} {year_words(year, rng)}",
            f"{number_word(day)} {number_word(month)} {number_word(year % 100)}",
            f"{number_word(day)}-{number_word(month)}-{year_words(year, rng)}",
        ]
    )


VALUES: dict[str, Callable[[random.Random], str]] = {
    "zaaknummer": zaak_value,
    "bsn": bsn_value,
    "iban": iban_value,
    "telefoon": phone_value,
    "email": email_value,
    "postcode": postcode_value,
    "geboortedatum": birth_value,
    "kenteken": plate_value,
}


def _case(case_id: str, template: str, value: str, kind: str, lower: bool) -> dict[str, object]:
    if lower:
        template = template.lower()
    start = template.index("{v}")
    text = template.replace("{v}", value)
    entity = {"start": start, "end": start + len(value), "type": kind}
    return {"id": case_id, "text": text, "entities": [entity], "kind": kind}


def build(seed: int = SEED) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for kind, make in VALUES.items():
        count = PER_KIND * (2 if kind == "zaaknummer" else 1)
        for i in range(count):
            template = rng.choice(CARRIERS[kind])
            lower = rng.random() < 0.25 and kind != "postcode"
            rows.append(_case(f"S-{kind}-{i:03d}", template, make(rng), kind, lower))
    for kind, templates in SPOKEN_CARRIERS.items():
        for i in range(PER_KIND // 3):
            value = _spoken(kind, rng)
            rows.append(_case(f"S-{kind}-spoken-{i:03d}", rng.choice(templates), value, kind, True))
    for i in range(PER_KIND * 3):
        rows.append({"id": f"S-neg-{i:03d}", "text": _negative(rng), "entities": [],
                     "kind": "negative"})  # fmt: skip
    return rows


# --- spoken and spelled forms (h135, issue 15, ADR 91) --------------------------------------
# Added after ADR 85 with their own seed, so the rows above stay as they were. Made from the
# way a value is said or typed letter by letter: the Dutch letter names ("ka", "el", "zet") and
# the Dutch spelling alphabet ("Anton", "Bernard"), a letter with its example word ("h van
# hendrik"), digits one by one or in pairs, case
# numbers in lower case.

SPOKEN_SEED = 91
LETTER_NAMES = {
    "A": "a", "B": "bee", "C": "cee", "D": "dee", "E": "ee", "F": "ef", "G": "gee", "H": "ha",
    "I": "ie", "J": "jee", "K": "ka", "L": "el", "M": "em", "N": "en", "O": "o", "P": "pee",
    "Q": "kuu", "R": "er", "S": "es", "T": "tee", "U": "uu", "V": "vee", "W": "wee", "X": "iks",
    "Y": "ij", "Z": "zet",
}  # fmt: skip
SPELLING_ALPHABET = {
    "A": "Anton", "B": "Bernard", "C": "Cornelis", "D": "Dirk", "E": "Eduard", "F": "Ferdinand",
    "G": "Gerard", "H": "Hendrik", "I": "Izaak", "J": "Johan", "K": "Karel", "L": "Lodewijk",
    "M": "Maria", "N": "Nico", "O": "Otto", "P": "Pieter", "Q": "Quirinus", "R": "Richard",
    "S": "Simon", "T": "Teunis", "U": "Utrecht", "V": "Victor", "W": "Willem", "X": "Xantippe",
    "Y": "Ypsilon", "Z": "Zaandam",
}  # fmt: skip


def _say_letters(letters: str, rng: random.Random) -> str:
    style = rng.choice(["single", "single", "name", "alphabet", "glued", "example"])
    if style == "example":  # "h van hendrik"
        return " ".join(f"{c.lower()} van {SPELLING_ALPHABET[c].lower()}" for c in letters)
    if style == "glued":
        return rng.choice([letters, letters.lower()])
    if style == "name":
        return " ".join(LETTER_NAMES[c] for c in letters)
    if style == "alphabet":
        return " ".join(SPELLING_ALPHABET[c] for c in letters)
    return " ".join(c.lower() if rng.random() < 0.7 else c for c in letters)


def _say_digits(digits: str, rng: random.Random) -> str:
    style = rng.choice(["typed", "words", "pairs"])
    if style == "typed":
        return " ".join(digits)
    if (
        style == "words"
        or len(digits) % 2
        or any(digits[i] == "0" for i in range(0, len(digits), 2))
    ):
        return digit_words(digits)
    return " ".join(number_word(int(digits[i : i + 2])) for i in range(0, len(digits), 2))


def spoken_postcode(rng: random.Random) -> str:
    digits = str(rng.randint(1000, 9999))
    letters = "".join(rng.choice(_POSTCODE_LETTERS) for _ in range(2))
    said = _say_letters(letters, rng)
    if said.replace(" ", "").upper() == letters:  # one by one or glued: the digits said apart
        return f"{_say_digits(digits, rng)} {said}"
    return f"{rng.choice([digits, _say_digits(digits, rng)])} {said}"


def spoken_plate(rng: random.Random) -> str:
    code = rng.choice(_SIDECODES)
    parts = []
    for group in code.split("-"):
        if group[0] == "X":
            parts.append(_say_letters("".join(rng.choice(_PLATE_LETTERS) for _ in group), rng))
        else:
            digits = "".join(str(rng.randint(1, 9)) for _ in group)
            parts.append(rng.choice([digits, _say_digits(digits, rng)]))
    return " ".join(parts)


def lower_case_number(rng: random.Random) -> str:
    year = rng.randint(2019, 2026)
    yy = year % 100
    prefix = rng.choice(["avh", "wmo", "zk", "z", "bz", "mld", "hv", "vb", "dos", "pw"])
    forms = [
        f"{prefix}{yy}-{_digits(rng, 4)}",
        f"{prefix}{yy}-{_digits(rng, 5)}",
        f"{prefix}-{year}-{_digits(rng, 6)}",
        f"{prefix}{year}-{_digits(rng, 5)}",
        f"{prefix}/{yy}/{_digits(rng, 6)}",
        f"{prefix}{yy}.{_digits(rng, 5)}",
    ]
    return rng.choice(forms)


SAID_CARRIERS: dict[str, list[str]] = {
    "postcode": [
        "postcode {v}",
        "mijn postcode is {v}",
        "de postcode is eh {v}",
        "KCC: Wat is uw postcode? Klant: {v}.",
        "ganzenmarkt 31 postcode {v}",
        "Medewerker: En de postcode? Inwoner: {v}",
    ],
    "kenteken": [
        "mijn kenteken is {v}",
        "het kenteken is eh {v}",
        "kenteken {v}",
        "er staat een auto voor de deur met {v} al drie weken",
        "KCC: Wat is het kenteken? Klant: {v}.",
        "de parkeervergunning is voor {v}",
    ],
    "zaaknummer": [
        "mijn zaaknummer is {v}",
        "ja ik zie het bericht van januari {v} het is inderdaad niet verwerkt",
        "ik heb een brief met {v} erop",
        "kenmerk {v}",
        "het gaat over {v} want daar hoor ik niks meer van",
        "dat is zaak {v} toch",
    ],
}
SAID_VALUES: dict[str, Callable[[random.Random], str]] = {
    "postcode": spoken_postcode,
    "kenteken": spoken_plate,
    "zaaknummer": lower_case_number,
}


def build_said(seed: int = SPOKEN_SEED) -> list[dict[str, object]]:
    """The spoken and spelled forms of ADR 91 (own seed: the rows of :func:`build` stay)."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for kind, make in SAID_VALUES.items():
        for i in range(PER_KIND // 2):
            template = rng.choice(SAID_CARRIERS[kind])
            rows.append(_case(f"S-{kind}-said-{i:03d}", template, make(rng), kind, False))
    return rows


def main() -> None:
    rows = build() + build_said()
    lines = (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    (HERE / "spec-check.jsonl").write_text("".join(lines), encoding="utf-8")
    sys.stdout.write(f"{len(rows)} cases written to spec-check.jsonl\n")


if __name__ == "__main__":
    main()
