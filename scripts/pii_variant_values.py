"""Values for ``scripts/make_pii_variant_data.py``: names, streets and structured numbers in the
many forms Dutch KCC conversations carry them.

Names and places come from the locale lists of Faker (MIT licence, https://github.com/joke2k/faker,
the version pinned in the ``bench`` extra): Dutch, Flemish, Turkish, Polish, Algerian (Maghreb
names in Latin script), Romanian, Brazilian, Yoruba, Swahili, Indonesian and Vietnamese. Moroccan,
Surinamese and Eritrean names are written here (common names, no real person meant). Every pool
is split in two by a fixed seed: one half fills the training sentences, the other the held-out
sentences, so the held-out figures measure names the tagger has not seen.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

from faker.providers.address.nl_NL import Provider as NlAddress
from faker.providers.person.fr_DZ import Provider as DzPerson
from faker.providers.person.id_ID import Provider as IdPerson
from faker.providers.person.nl_BE import Provider as BePerson
from faker.providers.person.nl_NL import Provider as NlPerson
from faker.providers.person.pl_PL import Provider as PlPerson
from faker.providers.person.pt_BR import Provider as BrPerson
from faker.providers.person.ro_RO import Provider as RoPerson
from faker.providers.person.sw import Provider as SwPerson
from faker.providers.person.tr_TR import Provider as TrPerson
from faker.providers.person.vi_VN import Provider as ViPerson
from faker.providers.person.yo_NG import Provider as YoPerson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _split(words: str) -> list[str]:
    return words.split("|")


MOROCCAN_FIRST = _split(
    "Mohamed|Youssef|Ahmed|Fatima|Khadija|Nadia|Hamza|Rachid|Samira|Said|Mustafa|Naima|Ilham"
    "|Soufiane|Bilal|Zakaria|Hanane|Latifa|Karim|Najat|Abdelkader|Houda|Imane|Mounir|Loubna"
)
MOROCCAN_LAST = _split(
    "El Amrani|El Idrissi|Bouzidi|Benali|Amrani|Azzouzi|El Khattabi|Ouahbi|Boukhari|Tahiri"
    "|Chaouch|El Hamdaoui|Bakkali|Ait Taleb|Ben Haddou|El Ouali|Abarkan|Aarab|El Mokadem|Ziani"
)
SURINAMESE_FIRST = _split(
    "Ravi|Sharda|Kiran|Anjali|Rishi|Glenn|Marlon|Shanty|Sunita|Jairo|Sandew|Romeo|Mireille"
    "|Radjesh|Sita|Winston|Ingrid|Jurgen|Chandni|Dinesh"
)
SURINAMESE_LAST = _split(
    "Ramdin|Sewnarain|Jagroep|Ramsaran|Kartosen|Soekhlal|Bhagwandin|Karsowidjojo|Pinas"
    "|Tjin-A-Tsoi|Doekhie|Nahar|Wongsodikromo|Ramautar|Sardjoe|Biharie|Mangroelal|Fraenk|Lachmon"
)
ERITREAN_FIRST = _split(
    "Yohannes|Tesfay|Senait|Selam|Mehari|Berhane|Filmon|Helen|Kidane|Ruta|Abrham|Yonas"
    "|Semhar|Dawit|Luwam|Mussie|Saba|Aman|Freweini|Natnael"
)
ERITREAN_LAST = _split(
    "Tesfamariam|Ghebremedhin|Habte|Berhe|Woldemichael|Gebreyesus|Tekle|Asmerom|Tesfai"
    "|Mebrahtu|Ghirmay|Kahsay|Andemariam|Yemane|Zerai|Okbazghi|Russom|Fessehaye|Negash|Araya"
)
PARTICLES = (
    "van", "de", "van der", "van den", "van de", "ter", "ten", "den", "el", "van der", "de"
)  # fmt: skip
STREET_ENDS = (
    "straat", "laan", "weg", "plein", "hof", "singel", "dreef", "kade", "gracht", "pad",
    "dijk", "steeg", "park", "erf", "akker", "kamp", "veld", "markt", "ring", "boulevard",
)  # fmt: skip
STREET_STEMS = _split(
    "Kerk|Molen|School|Dorps|Station|Nieuwe|Oude|Linden|Eiken|Beuken|Berken|Wilgen|Kastanje"
    "|Tulpen|Rozen|Seringen|Vlinder|Merel|Lijster|Reiger|Zwaluw|Kievit|Haven|Markt|Brug|Sluis"
    "|Polder|Dijk|Veen|Heide|Bos|Zand|Klei|Akker|Weide|Tuin|Boomgaard|Klooster|Prins Hendrik"
    "|Koningin Wilhelmina|Burgemeester de Wit|Generaal Foulkes|Jan van Galen|Willem Barentsz"
)
BARE_STREETS = _split(
    "Spui|Brink|Dam|Kolk|Hoefijzer|Wielewaal|Bolwerk|Kwartier|Ganzenwei|Rietgors|Tiendschuur"
    "|Het Vaneker|De Klomp|Zonnebloem|Havenhoofd|Marktveld|Lange Voren|Koppel|Vest|Vismarkt"
    "|Het Rond|Korte Akkers|Scheepjeshof|Ravelijn|De Horst|Zuidwal|Grote Berg|Achter de Hoven"
)
SPELL_DIGITS = ("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip
MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
UNITS = ("", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
TEENS = (
    "tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien",
    "achttien", "negentien",
)  # fmt: skip
TENS = (
    "",
    "",
    "twintig",
    "dertig",
    "veertig",
    "vijftig",
    "zestig",
    "zeventig",
    "tachtig",
    "negentig",
)
PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"
BANKS = ("ABNA", "RABO", "INGB", "SNSB", "ASNB", "TRIO", "BUNQ", "KNAB", "RBRB", "FVLB")
MAIL_HOSTS = (
    "gmail.com", "hotmail.com", "hotmail.nl", "outlook.com", "ziggo.nl", "kpnmail.nl",
    "live.nl", "icloud.com", "planet.nl", "xs4all.nl", "yahoo.com", "home.nl", "wp.pl",
)  # fmt: skip


def number_word(n: int) -> str:
    """A Dutch number word for 0–99 ("zevenenveertig")."""
    if n < 10:
        return SPELL_DIGITS[n]
    if n < 20:
        return TEENS[n - 10]
    tens, unit = divmod(n, 10)
    if not unit:
        return TENS[tens]
    joint = "ën" if UNITS[unit].endswith("e") else "en"
    return UNITS[unit] + joint + TENS[tens]


@dataclass
class Pools:
    """The name, street and place values one split may use."""

    first: list[str]
    last: list[str]
    dutch_last: list[str]
    streets: list[str]
    places: list[str]
    words: list[str]


def _latin(words: list[str]) -> list[str]:
    return sorted(
        {w for w in words if w.replace("-", "").replace(" ", "").isalpha() and len(w) > 1}
    )


def pools(seed: int) -> tuple[Pools, Pools]:
    """(training pools, held-out pools): every list split in two by ``seed``."""
    foreign_first: list[str] = []
    foreign_last: list[str] = []
    for person in (TrPerson, PlPerson, DzPerson, RoPerson, BrPerson, YoPerson, SwPerson, IdPerson):
        firsts = getattr(person, "first_names", None) or (
            list(person.first_names_male) + list(person.first_names_female)
        )
        foreign_first += rnd_sample(_latin(list(firsts)), 60, seed)
        foreign_last += rnd_sample(_latin(list(person.last_names)), 60, seed)
    foreign_first += rnd_sample(_latin(list(ViPerson.first_names)), 20, seed)
    foreign_last += rnd_sample(_latin(list(ViPerson.last_names)), 20, seed)
    foreign_first += MOROCCAN_FIRST + SURINAMESE_FIRST + ERITREAN_FIRST
    foreign_last += MOROCCAN_LAST + SURINAMESE_LAST + ERITREAN_LAST
    dutch_first = _latin(
        list(NlPerson.first_names_male)
        + list(NlPerson.first_names_female)
        + list(BePerson.first_names_male)
        + list(BePerson.first_names_female)
    )
    dutch_last = _latin([n for n in NlPerson.last_names if " " not in n and n[0].isupper()])
    dutch_last += _latin([n for n in BePerson.last_names if " " not in n])
    streets = [s + e for s in STREET_STEMS for e in STREET_ENDS if not s.endswith(("straat", e))]
    streets += BARE_STREETS
    places = _latin([c for c in NlAddress.cities if "-" not in c])
    halves = [_halves(v, seed) for v in (
        dutch_first + foreign_first, sorted(set(foreign_last)), sorted(set(dutch_last)), streets,
        places, rare_words(),
    )]  # fmt: skip
    return (
        Pools(*(h[0] for h in halves)),
        Pools(*(h[1] for h in halves)),
    )


def rare_words() -> list[str]:
    """Words the shipped training texts write in lower case 2–19 times (``common_words.tsv``,
    made by ``scripts/train_pii_tagger.py``) and no name list holds: with a capital at the start
    of a sentence the tagger scores them, and they are no names."""
    from reisgenoot.language.pii_lists import lists

    data = lists()
    path = ROOT / "src" / "reisgenoot" / "language" / "data" / "pii" / "common_words.tsv"
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, count = line.split("\t")
            rare = 2 <= int(count) < 20 and len(word) >= 5 and word.isalpha()
            if rare and word not in data.first_names and word not in data.surnames:
                words.append(word)
    return words


def rnd_sample(values: list[str], k: int, seed: int) -> list[str]:
    return random.Random(seed).sample(values, min(k, len(values)))


def _halves(values: list[str], seed: int) -> tuple[list[str], list[str]]:
    ordered = sorted(set(values))
    random.Random(seed).shuffle(ordered)
    cut = len(ordered) * 3 // 4
    return ordered[:cut], ordered[cut:]


def bsn(rnd: random.Random) -> str:
    """A nine-digit number that passes the 11-proef."""
    while True:
        digits = [rnd.randint(0, 9) for _ in range(8)]
        if digits[0] == 0:
            continue
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


def iban(rnd: random.Random) -> str:
    bank = rnd.choice(BANKS)
    account = "".join(str(rnd.randint(0, 9)) for _ in range(10))
    numeric = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    check = 98 - int(numeric) % 97
    return f"NL{check:02d}{bank}{account}"


def plate(rnd: random.Random) -> str:
    """A Dutch licence plate in one of the side codes since 1978."""
    code = rnd.choice(("XX-99-XX", "99-XXX-9", "9-XXX-99", "XX-999-X", "X-999-XX", "XXX-99-X",
                       "X-99-XXX", "9-XX-999", "99-XX-XX", "XX-XX-99"))  # fmt: skip
    return "".join(
        rnd.choice(PLATE_LETTERS) if c == "X" else str(rnd.randint(0, 9)) if c == "9" else c
        for c in code
    )
