"""Synthetic contact history of the demo municipality, reproducible from a seed.

Two steps, so that the signals work can reuse the first one on its own:

1. :func:`plan_counts` draws the number of contacts per day, channel and topic: a weekday
   base volume × day-of-week factor × channel share × topic popularity (per channel) ×
   the injected surge, times a shared day effect (gamma, so counts are over-dispersed like
   real ones), then Poisson. Weekends and public holidays only have written channels and chat.
2. :func:`generate_history` turns the counts into contacts: a time of day from the
   channel's hour pattern, 1–2 vragen with a UPL name, a specific question from per-topic
   templates and a KISS gespreksresultaat, a tone, the complex flag, a team and employee,
   sometimes a contactverzoek. No personal data: only callbacks get a betrokkene, with an
   obviously fictional name.

Everything is drawn from ``numpy.random.default_rng(seed)`` (counts) and a
``random.Random`` seeded from it (details), so the same :class:`HistoryConfig` always
gives the same history. Times are generated in Europe/Amsterdam and stored in UTC.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from reisgenoot.contacts.models import GESPREKSRESULTATEN, TONES
from reisgenoot.demo.accounts import (
    DEMO_ACCOUNTS,
    KCC_TEAMS,
    TEAM_BELASTINGEN,
)
from reisgenoot.language.calendar import dutch_public_holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEFAULT_END = date(2026, 11, 27)  # fixed, so that a seed always gives the same data
DEFAULT_DAYS = 90
DEFAULT_SEED = 2026
BASE_WEEKDAY_VOLUME = 360.0  # expected contacts on an ordinary Wednesday
STATUS = "bevestigd"  # a registered contact, confirmed by a person (not a draft)

ToneShares = tuple[float, float, float, float]

# --- calendar -------------------------------------------------------------------------------

# Monday … Friday; weekend days and holidays only get the CLOSED_RATES below.
WEEKDAY_FACTORS = (1.25, 1.05, 1.00, 0.98, 0.72)
AFTER_HOLIDAY_FACTOR = 1.2  # catch-up on the first working day after a public holiday
DAY_EFFECT_SHAPE = 30.0  # gamma shape of the shared day effect (coefficient of variation ≈ 0.18)


def is_closed(day: date) -> bool:
    """Weekend or public holiday: no telephone, no desk."""
    return day.weekday() >= 5 or day in dutch_public_holidays(day.year)


# --- channels -------------------------------------------------------------------------------

CHANNELS = ("Telefoon", "E-mail", "Live chat", "Balie", "Contactformulier", "WhatsApp")
# Share of the weekday volume per channel (Telefoon most, a few WhatsApp).
CHANNEL_SHARES = (0.55, 0.13, 0.12, 0.10, 0.08, 0.02)
# Expected contacts per closed day, as a fraction of BASE_WEEKDAY_VOLUME.
CLOSED_RATES = (0.0, 0.030, 0.015, 0.0, 0.020, 0.004)
THURSDAY_DESK_FACTOR = 1.2  # the desk is open until 20.00 on Thursday (by appointment)

Segment = tuple[int, int, float]  # start minute, end minute, weight


def _hours(*spec: tuple[float, float, float]) -> tuple[Segment, ...]:
    return tuple((int(a * 60), int(b * 60), w) for a, b, w in spec)


OFFICE_PHONE = _hours(
    (8.5, 9, 0.45),
    (9, 10, 1.0),
    (10, 11, 1.05),
    (11, 12, 0.9),
    (12, 13, 0.6),
    (13, 14, 0.75),
    (14, 15, 0.7),
    (15, 16, 0.6),
    (16, 17, 0.4),
)
OFFICE_DESK = _hours(
    (8.5, 9, 0.3),
    (9, 10, 0.8),
    (10, 11, 1.0),
    (11, 12, 1.0),
    (12, 13, 0.6),
    (13, 14, 0.8),
    (14, 15, 0.9),
    (15, 16, 0.8),
    (16, 17, 0.5),
)
THURSDAY_DESK = (*OFFICE_DESK, *_hours((17, 20, 1.5)))
CHAT = _hours((8, 12, 4.0), (12, 17, 4.5), (17, 20, 1.8), (20, 22, 0.6))
CHAT_CLOSED = _hours((9, 12, 3.0), (12, 18, 5.0), (18, 22, 2.0))
WRITTEN = _hours((0, 7, 0.35), (7, 9, 1.2), (9, 17, 8.0), (17, 22, 3.5), (22, 24, 0.5))


def _segments(channel: str, day: date) -> tuple[Segment, ...]:
    if channel in ("E-mail", "Contactformulier"):
        return WRITTEN
    if channel in ("Live chat", "WhatsApp"):
        return CHAT_CLOSED if is_closed(day) else CHAT
    if channel == "Balie":
        return THURSDAY_DESK if day.weekday() == 3 else OFFICE_DESK
    return OFFICE_PHONE


# --- topics ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Family:
    """Shared traits of a group of topics."""

    name: str
    department: str  # organisatorische eenheid that gets the contactverzoeken
    tone: ToneShares  # boos, bezorgd, neutraal, positief
    complex_share: float
    task_share: float  # chance of a contactverzoek when the contact is handled by the KCC
    handeling: str  # gevraagdeHandeling of those tasks besides Terugbelverzoek
    templates: tuple[str, ...]  # fallback specific questions; {p} is the UPL name


BURGERZAKEN = Family(
    "burgerzaken",
    "Burgerzaken",
    (0.04, 0.10, 0.76, 0.10),
    0.08,
    0.04,
    "Terugbelverzoek",
    (
        "Hoe maak ik een afspraak voor {p}?",
        "Welke documenten moet ik meenemen voor {p}?",
        "Wat kost {p} en hoe lang duurt het?",
    ),
)
AFVAL = Family(
    "afval",
    "Afvalservice",
    (0.12, 0.08, 0.74, 0.06),
    0.04,
    0.06,
    "Melding doorzetten naar Afvalservice",
    ("Vraag over {p}", "Hoe werkt {p} in mijn wijk?"),
)
BELASTINGEN = Family(
    "belastingen",
    "Belastingen",
    (0.12, 0.20, 0.64, 0.04),
    0.15,
    0.10,
    "Terugbelverzoek",
    ("Vraag over de aanslag {p}", "Hoe is {p} berekend?", "Wanneer moet ik {p} betalen?"),
)
WERK_INKOMEN = Family(
    "werk_inkomen",
    "Werk en Inkomen",
    (0.08, 0.38, 0.50, 0.04),
    0.35,
    0.18,
    "Terugbelverzoek",
    ("Kom ik in aanmerking voor {p}?", "Hoe vraag ik {p} aan?", "Stand van zaken aanvraag {p}"),
)
ZORG = Family(
    "zorg",
    "Sociaal Team (Wmo)",
    (0.06, 0.32, 0.56, 0.06),
    0.30,
    0.16,
    "Terugbelverzoek",
    ("Hoe vraag ik {p} aan?", "Wanneer hoor ik iets over mijn aanvraag {p}?"),
)
PARKEREN = Family(
    "parkeren",
    "Parkeren",
    (0.10, 0.08, 0.76, 0.06),
    0.08,
    0.05,
    "Terugmailverzoek",
    ("Hoe vraag ik een {p} aan?", "Wat kost een {p}?"),
)
VERGUNNINGEN = Family(
    "vergunningen",
    "Vergunningen",
    (0.06, 0.12, 0.76, 0.06),
    0.25,
    0.12,
    "Terugbelverzoek",
    ("Heb ik een {p} nodig?", "Hoe lang duurt de behandeling van {p}?"),
)
BUITENRUIMTE = Family(
    "buitenruimte",
    "Buitenruimte",
    (0.18, 0.12, 0.64, 0.06),
    0.05,
    0.20,
    "Melding doorzetten naar Buitenruimte",
    ("Melding doorgeven: {p}", "Wat is de stand van mijn melding?"),
)
KLACHTEN = Family(
    "klachten",
    "Juridische Zaken",
    (0.40, 0.20, 0.38, 0.02),
    0.30,
    0.20,
    "Klacht doorzetten naar klachtencoördinator",
    ("Ik wil een {p} indienen", "Hoe verloopt een {p}?"),
)
OVERIG = Family(
    "overig",
    "Klantcontactcentrum",
    (0.06, 0.12, 0.74, 0.08),
    0.10,
    0.06,
    "Terugbelverzoek",
    ("Vraag over {p}", "Waar kan ik terecht voor {p}?"),
)
FAMILIES = (
    BURGERZAKEN,
    AFVAL,
    BELASTINGEN,
    WERK_INKOMEN,
    ZORG,
    PARKEREN,
    VERGUNNINGEN,
    BUITENRUIMTE,
    KLACHTEN,
    OVERIG,
)


@dataclass(frozen=True, slots=True)
class Topic:
    """A UPL name with its popularity (relative weight) and question templates."""

    upl: str
    family: Family
    weight: float
    templates: tuple[str, ...] = ()
    tone: ToneShares | None = None
    department: str | None = None

    @property
    def tone_shares(self) -> ToneShares:
        return self.tone or self.family.tone

    @property
    def dept(self) -> str:
        return self.department or self.family.department


T = Topic
TOPICS: tuple[Topic, ...] = (
    # Burgerzaken
    T(
        "paspoort",
        BURGERZAKEN,
        9.0,
        (
            "Mijn paspoort is verlopen, hoe vraag ik een nieuw aan?",
            "Hoe lang duurt het voordat mijn paspoort klaar is?",
            "Kan ik mijn paspoort zonder afspraak ophalen?",
            "Paspoort kwijt, wat moet ik doen?",
            "Paspoort voor mijn kind aanvragen",
        ),
    ),
    T(
        "identiteitskaart",
        BURGERZAKEN,
        6.0,
        (
            "ID-kaart aanvragen, wat neem ik mee?",
            "Wat kost een identiteitskaart?",
            "Mijn ID-kaart is gestolen",
        ),
    ),
    T("reisdocument", BURGERZAKEN, 1.2, ("Spoedaanvraag reisdocument voor vertrek volgende week",)),
    T(
        "rijbewijs",
        BURGERZAKEN,
        4.5,
        (
            "Rijbewijs verlengen, hoe werkt dat?",
            "Heb ik een keuring nodig voor mijn rijbewijs?",
            "Rijbewijs ophalen, moet ik een afspraak maken?",
        ),
    ),
    T(
        "verhuismelding",
        BURGERZAKEN,
        6.5,
        (
            "Verhuizing doorgeven binnen de gemeente",
            "Ik kom in Voorbeeldstad wonen, hoe schrijf ik me in?",
            "Hoe lang van tevoren geef ik mijn verhuizing door?",
            "Verhuismelding is afgewezen, waarom?",
        ),
    ),
    T(
        "brp-uittreksel",
        BURGERZAKEN,
        3.0,
        ("Uittreksel BRP nodig voor de woningcorporatie", "Uittreksel met adreshistorie aanvragen"),
    ),
    T("brp-inschrijving", BURGERZAKEN, 1.2, ("Inschrijven na verblijf in het buitenland",)),
    T(
        "geboorteaangifte",
        BURGERZAKEN,
        1.5,
        ("Aangifte doen van de geboorte van onze baby", "Kan de aangifte van geboorte online?"),
        tone=(0.01, 0.05, 0.64, 0.30),
    ),
    T(
        "overlijdensaangifte",
        BURGERZAKEN,
        0.9,
        ("Wie doet de aangifte van overlijden?", "Akte van overlijden aanvragen"),
        tone=(0.02, 0.30, 0.63, 0.05),
    ),
    T(
        "huwelijksaangifte",
        BURGERZAKEN,
        1.4,
        ("Wij willen trouwen, hoe doen we melding voorgenomen huwelijk?",),
        tone=(0.01, 0.05, 0.64, 0.30),
    ),
    T(
        "trouwlocatie",
        BURGERZAKEN,
        0.5,
        ("Welke trouwlocaties zijn er?",),
        tone=(0.01, 0.04, 0.65, 0.30),
    ),
    T("ambtenaar burgerlijke stand", BURGERZAKEN, 0.3, ("Eigen trouwambtenaar aanvragen",)),
    T("erkenning kind", BURGERZAKEN, 0.6, ("Kind erkennen voor de geboorte",)),
    T("akte van de burgerlijke stand", BURGERZAKEN, 1.0, ("Kopie geboorteakte aanvragen",)),
    T("naamgebruik verzoek aanduiding", BURGERZAKEN, 0.4, ("Naam van partner gebruiken",)),
    T("brp-geheimhoudingsverzoek", BURGERZAKEN, 0.3, ("Geheimhouding van mijn gegevens",)),
    T(
        "verklaring omtrent gedrag (vog)",
        BURGERZAKEN,
        2.0,
        ("VOG aanvragen voor nieuwe baan", "Hoe lang duurt een VOG?"),
    ),
    T("naturalisatieverzoek", BURGERZAKEN, 0.8, ("Voorwaarden voor naturalisatie",)),
    T(
        "bezoekafspraak",
        BURGERZAKEN,
        4.0,
        ("Afspraak maken op het stadhuis", "Afspraak verzetten", "Afspraak op donderdagavond"),
    ),
    T(
        "gevonden of verloren voorwerp",
        BURGERZAKEN,
        1.0,
        ("Ik heb mijn portemonnee verloren, is die gevonden?", "Gevonden fiets afgeven"),
    ),
    # Afval
    T(
        "afvalinzameling grofvuil",
        AFVAL,
        6.0,
        (
            "Grofvuil laten ophalen, hoe maak ik een afspraak?",
            "Bank en matras laten ophalen",
            "Grofvuil is niet opgehaald op de afgesproken dag",
        ),
    ),
    T(
        "afvalcontainer",
        AFVAL,
        5.0,
        (
            "Container is kapot, deksel afgebroken",
            "Extra container aanvragen",
            "Container is gestolen",
        ),
    ),
    T(
        "afvalkalender",
        AFVAL,
        3.0,
        ("Waar vind ik de afvalkalender?", "Afvalkalender op papier ontvangen"),
    ),
    T(
        "huishoudelijk afvalinzameling",
        AFVAL,
        4.5,
        (
            "Container is niet geleegd",
            "Op welke dag wordt het restafval opgehaald?",
            "Vuilniswagen is onze straat vergeten",
        ),
    ),
    T("afvalinzamelstation", AFVAL, 1.5, ("Openingstijden milieustraat", "Wat kost storten?")),
    T(
        "afvalinzameling plastic metaal drankenkartons",
        AFVAL,
        1.0,
        ("Wanneer wordt de PMD-container geleegd?",),
    ),
    T("afvalinzameling glas", AFVAL, 0.4, ("Glasbak is vol",)),
    T("afvalinzameling oud papier", AFVAL, 0.6, ("Papiercontainer niet geleegd",)),
    T("afvalinzameling chemisch afval", AFVAL, 0.4, ("Waar lever ik verfresten in?",)),
    # Belastingen
    T(
        "afvalstoffenheffing",
        BELASTINGEN,
        2.5,
        ("Waarom betaal ik afvalstoffenheffing voor twee personen?", "Hoogte afvalstoffenheffing"),
    ),
    T("hondenbelasting", BELASTINGEN, 0.8, ("Hond is overleden, hondenbelasting stopzetten",)),
    T(
        "belastingaanslag bezwaar",
        BELASTINGEN,
        2.0,
        ("Bezwaar maken tegen de aanslag", "Stand van zaken bezwaar aanslag"),
        tone=(0.22, 0.22, 0.54, 0.02),
    ),
    T(
        "belastingbetalingsregeling",
        BELASTINGEN,
        1.8,
        ("Aanslag in termijnen betalen", "Automatische incasso aanpassen"),
    ),
    T(
        "belastingkwijtschelding",
        BELASTINGEN,
        2.2,
        ("Kwijtschelding aanvragen, kom ik in aanmerking?", "Kwijtschelding is afgewezen"),
        tone=(0.10, 0.40, 0.47, 0.03),
    ),
    T("onroerendezaakbelasting (ozb)", BELASTINGEN, 1.5, ("Hoe is de OZB berekend?",)),
    T("rioolheffing", BELASTINGEN, 0.7, ("Rioolheffing als huurder betalen?",)),
    T(
        "woz-beschikking",
        BELASTINGEN,
        1.5,
        ("WOZ-waarde is te hoog", "Taxatieverslag WOZ opvragen"),
    ),
    T("parkeerbelasting", BELASTINGEN, 0.6, ("Naheffingsaanslag parkeren ontvangen",)),
    # Werk en inkomen
    T(
        "bijstand",
        WERK_INKOMEN,
        3.0,
        (
            "Bijstandsuitkering aanvragen na ontslag",
            "Wanneer wordt de bijstand uitbetaald?",
            "Wijziging doorgeven, ik ga samenwonen",
        ),
    ),
    T(
        "bijzonderebijstandsuitkering",
        WERK_INKOMEN,
        1.6,
        ("Bijzondere bijstand voor een nieuwe wasmachine", "Vergoeding eigen risico"),
    ),
    T("individuele inkomenstoeslag", WERK_INKOMEN, 0.8, ("Individuele inkomenstoeslag aanvragen",)),
    T("stadspas", WERK_INKOMEN, 1.5, ("Stadspas aanvragen", "Stadspas verlengen")),
    T(
        "schuldhulpverlening",
        WERK_INKOMEN,
        1.8,
        ("Hulp bij schulden", "Ik kan mijn rekeningen niet meer betalen"),
        tone=(0.06, 0.52, 0.40, 0.02),
        department="Geldzaken",
    ),
    # Zorg
    T(
        "wmo-voorziening",
        ZORG,
        2.5,
        ("Hulp aanvragen via de Wmo", "Keukentafelgesprek aanvragen"),
    ),
    T("huishoudelijke hulp", ZORG, 1.8, ("Huishoudelijke hulp komt niet", "Meer uren hulp nodig")),
    T("rolstoel en scootmobiel", ZORG, 1.0, ("Scootmobiel aanvragen", "Scootmobiel is kapot")),
    T("woningaanpassing", ZORG, 0.7, ("Traplift aanvragen",)),
    T(
        "leerlingenvervoer",
        ZORG,
        1.0,
        ("Leerlingenvervoer aanvragen", "Taxi naar school is niet gekomen"),
        department="Onderwijs",
    ),
    # Parkeren
    T(
        "parkeervergunning",
        PARKEREN,
        4.0,
        (
            "Parkeervergunning aanvragen na verhuizing",
            "Kenteken wijzigen op parkeervergunning",
            "Bezoekersvergunning",
        ),
    ),
    T("parkeerontheffing", PARKEREN, 1.2, ("Ontheffing voor verhuiswagen",)),
    T("laadpaalverzoek", PARKEREN, 0.6, ("Laadpaal bij mij in de straat aanvragen",)),
    T(
        "gehandicaptenparkeerkaart",
        PARKEREN,
        1.5,
        ("Gehandicaptenparkeerkaart aanvragen", "Medische keuring voor de kaart"),
        tone=(0.05, 0.25, 0.64, 0.06),
    ),
    T("gehandicaptenparkeerplaats", PARKEREN, 0.5, ("Eigen parkeerplaats op kenteken",)),
    # Vergunningen
    T(
        "omgevingsvergunning bouw",
        VERGUNNINGEN,
        1.5,
        ("Vergunning nodig voor een dakkapel?", "Aanbouw plaatsen"),
    ),
    T("omgevingsvergunning kap", VERGUNNINGEN, 0.8, ("Boom in de tuin kappen",)),
    T("evenementenvergunning", VERGUNNINGEN, 0.8, ("Buurtfeest organiseren",)),
    T("bedrijf aan huis melding", VERGUNNINGEN, 0.4, ("Kapsalon aan huis beginnen",)),
    T("terrasvergunning", VERGUNNINGEN, 0.3, ("Terras uitbreiden",)),
    T("standplaatsvergunning", VERGUNNINGEN, 0.2, ("Standplaats op de markt",)),
    T("omgevingsvergunning uitweg", VERGUNNINGEN, 0.4, ("Inrit naar mijn oprit maken",)),
    T("alcoholvergunning", VERGUNNINGEN, 0.3, ("Vergunning om alcohol te schenken",)),
    T(
        "horecabedrijf exploitatievergunning",
        VERGUNNINGEN,
        0.3,
        ("Exploitatievergunning voor een nieuw café",),
    ),
    T("tapontheffing", VERGUNNINGEN, 0.2, ("Bier schenken op het buurtfeest",)),
    T("ligplaatsvergunning", VERGUNNINGEN, 0.1, ("Ligplaats voor een boot",)),
    # Buitenruimte
    T(
        "melding openbare ruimte (algemeen)",
        BUITENRUIMTE,
        3.5,
        ("Losliggende stoeptegels", "Zwerfafval in het park", "Gat in de weg"),
    ),
    T(
        "melding openbare ruimte (straatverlichting)",
        BUITENRUIMTE,
        1.5,
        ("Lantaarnpaal doet het niet",),
    ),
    T(
        "melding openbare ruimte (groenvoorziening)",
        BUITENRUIMTE,
        1.5,
        ("Overhangende takken", "Gras wordt niet gemaaid"),
    ),
    T("melding openbare ruimte (straatmeubilair)", BUITENRUIMTE, 0.6, ("Bankje is kapot",)),
    T("overheidseigendom schademelding", BUITENRUIMTE, 0.3, ("Schade aan auto door paaltje",)),
    T(
        "openbare geestelijke gezondheidszorg (oggz)",
        ZORG,
        0.5,
        ("Zorgen over een buurman die verward is", "Melding zorg over een bekende"),
        tone=(0.05, 0.60, 0.34, 0.01),
        department="Meldpunt Zorg en Overlast",
    ),
    # Overig
    T("erfpacht", OVERIG, 0.3, ("Erfpacht afkopen",)),
    T(
        "grafrechten",
        OVERIG,
        0.4,
        ("Grafrechten verlengen", "Rekening grafrechten ontvangen"),
        tone=(0.03, 0.30, 0.62, 0.05),
    ),
    T("subsidie", OVERIG, 0.4, ("Subsidie aanvragen voor onze vereniging",)),
    # Klachten en bezwaar
    T("klacht", KLACHTEN, 1.2, ("Klacht over de behandeling aan de telefoon",)),
    T("bezwaar", KLACHTEN, 0.8, ("Bezwaar maken tegen een besluit",)),
)
del T

EXTRA_TOPIC_WEIGHT = 0.3  # popularity of a kennisbank topic missing from TOPICS


def with_article_topics(topics: Sequence[Topic], upls: Iterable[str]) -> tuple[Topic, ...]:
    """``topics`` plus every article UPL name not in it (rare, family OVERIG), sorted in."""
    known = {t.upl for t in topics}
    extra = sorted({u for u in upls if u and u not in known})
    return (*topics, *(Topic(u, OVERIG, EXTRA_TOPIC_WEIGHT) for u in extra))


def _affinity(channel: str, family: Family) -> float:
    """How much more (or less) often a family's topics come in on ``channel``."""
    table: Mapping[str, Mapping[str, float]] = {
        "Balie": {"burgerzaken": 4.0, "werk_inkomen": 0.8, "zorg": 0.6, "parkeren": 1.0},
        "E-mail": {
            "burgerzaken": 0.5,
            "belastingen": 1.6,
            "vergunningen": 2.0,
            "buitenruimte": 2.2,
            "klachten": 2.5,
        },
        "Live chat": {"afval": 1.4, "parkeren": 1.3, "werk_inkomen": 0.6},
    }
    aliases = {"Contactformulier": "E-mail", "WhatsApp": "Live chat"}
    row = table.get(aliases.get(channel, channel), {})
    default = 0.3 if channel == "Balie" else 1.0
    return row.get(family.name, default)


# --- surge ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Surge:
    """An injected rise in one topic: ×``peak_factor`` on the first day, falling linearly
    back to ×1 over ``decay_days``, with a tone shifted to boos/bezorgd meanwhile."""

    topic: str
    start_offset_days: int  # first surge day = end date − this many days
    peak_factor: float
    decay_days: int
    tone: ToneShares
    templates: tuple[str, ...]
    template_share: float  # share of the topic's contacts in the surge asking about the change

    def start(self, end: date) -> date:
        return end - timedelta(days=self.start_offset_days)

    def factor(self, day: date, end: date) -> float:
        """Volume multiplier of the surge topic on ``day``."""
        t = (day - self.start(end)).days
        if t < 0 or t >= self.decay_days:
            return 1.0
        return 1.0 + (self.peak_factor - 1.0) * (1.0 - t / self.decay_days)

    def active(self, day: date, end: date) -> bool:
        return 0 <= (day - self.start(end)).days < self.decay_days


# New waste-collection days: from Monday 9 November 2026 (with the default end date) the
# household-waste topic runs at ×2.5, back to normal after 10 days, with more boos/bezorgd.
SURGE = Surge(
    topic="huishoudelijk afvalinzameling",
    start_offset_days=18,
    peak_factor=2.5,
    decay_days=10,
    tone=(0.25, 0.35, 0.37, 0.03),
    templates=(
        "Op welke dag wordt mijn container nu geleegd na de wijziging van de ophaaldagen?",
        "Container stond op de oude ophaaldag buiten en is niet geleegd",
        "Waarom zijn de ophaaldagen van het restafval veranderd?",
        "Nieuwe afvalkalender met de gewijzigde ophaaldagen niet ontvangen",
        "Klopt de nieuwe ophaaldag in de app wel?",
    ),
    template_share=0.7,
)


# --- configuration and counts ----------------------------------------------------------------


def _default_rosters() -> tuple[tuple[str, tuple[str, ...]], ...]:
    teams: dict[str, list[str]] = {}
    for account in DEMO_ACCOUNTS:
        if account.handles_contacts and account.team:
            teams.setdefault(account.team, []).append(account.username)
    return tuple((team, tuple(names)) for team, names in teams.items())


@dataclass(frozen=True, slots=True)
class HistoryConfig:
    """Everything that determines a history; equal configs give equal histories."""

    days: int = DEFAULT_DAYS
    end: date = DEFAULT_END
    seed: int = DEFAULT_SEED
    base_volume: float = BASE_WEEKDAY_VOLUME
    surge: Surge | None = SURGE
    topics: tuple[Topic, ...] = TOPICS
    # team name → usernames of the employees who register its contacts
    rosters: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=_default_rosters)
    # UPL name → ids of kennisbank articles consulted for it (Vraag.bronnen)
    articles: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def start(self) -> date:
        return self.end - timedelta(days=self.days - 1)

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def with_articles(self, articles: Mapping[str, Sequence[str]]) -> HistoryConfig:
        """This config with the kennisbank's topics and article ids added."""
        return replace(
            self,
            topics=with_article_topics(self.topics, articles),
            articles=tuple(sorted((u, tuple(sorted(ids))) for u, ids in articles.items())),
        )


IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class CountPlan:
    """Contacts per day × channel × topic (axes follow ``dates``, CHANNELS, ``topics``)."""

    dates: list[date]
    topics: tuple[Topic, ...]
    counts: IntArray
    expected: FloatArray  # the Poisson means, without the day effect

    @property
    def total(self) -> int:
        return int(self.counts.sum())


def _topic_shares(topics: Sequence[Topic]) -> FloatArray:
    """Per channel, the probability of each topic (rows sum to 1)."""
    weights = np.array(
        [[t.weight * _affinity(c, t.family) for t in topics] for c in CHANNELS], dtype=np.float64
    )
    result: FloatArray = weights / weights.sum(axis=1, keepdims=True)
    return result


def _channel_volume(day: date, base: float) -> FloatArray:
    """Expected contacts per channel on ``day``."""
    if is_closed(day):
        return np.array(CLOSED_RATES, dtype=np.float64) * base
    factor = WEEKDAY_FACTORS[day.weekday()]
    yesterday = day - timedelta(days=1)
    if yesterday in dutch_public_holidays(yesterday.year):
        factor *= AFTER_HOLIDAY_FACTOR
    volume = np.array(CHANNEL_SHARES, dtype=np.float64) * base * factor
    if day.weekday() == 3:
        volume[CHANNELS.index("Balie")] *= THURSDAY_DESK_FACTOR
    return volume


def _surge_vector(config: HistoryConfig, day: date, topics: Sequence[Topic]) -> FloatArray:
    surge = config.surge
    factors = np.ones(len(topics), dtype=np.float64)
    if surge is not None:
        for index, topic in enumerate(topics):
            if topic.upl == surge.topic:
                factors[index] = surge.factor(day, config.end)
    return factors


def expected_counts(config: HistoryConfig) -> FloatArray:
    """The Poisson means per day × channel × topic, before the random day effect."""
    shares = _topic_shares(config.topics)
    days = config.dates()
    expected = np.empty((len(days), len(CHANNELS), len(config.topics)), dtype=np.float64)
    for i, day in enumerate(days):
        volume = _channel_volume(day, config.base_volume)
        expected[i] = volume[:, None] * shares * _surge_vector(config, day, config.topics)[None, :]
    return expected


def plan_counts(config: HistoryConfig, rng: np.random.Generator | None = None) -> CountPlan:
    """Draw the number of contacts per day, channel and topic (fast; no details)."""
    rng = rng if rng is not None else np.random.default_rng(config.seed)
    expected = expected_counts(config)
    day_effect = rng.gamma(DAY_EFFECT_SHAPE, 1.0 / DAY_EFFECT_SHAPE, size=config.days)
    counts: IntArray = rng.poisson(expected * day_effect[:, None, None]).astype(np.int64)
    return CountPlan(config.dates(), config.topics, counts, expected)


# --- contacts -------------------------------------------------------------------------------

OUTCOMES = GESPREKSRESULTATEN  # the 8 KISS outcomes, in the standard order
# Outcome weights (in OUTCOMES order) per kind of channel, for simple and complex contacts.
OUTCOME_WEIGHTS: Mapping[tuple[str, bool], tuple[float, ...]] = {
    ("voice", False): (0.64, 0.08, 0.04, 0.09, 0.04, 0.05, 0.03, 0.03),
    ("voice", True): (0.36, 0.18, 0.06, 0.22, 0.06, 0.06, 0.03, 0.03),
    ("desk", False): (0.74, 0.08, 0.03, 0.04, 0.05, 0.04, 0.0, 0.02),
    ("desk", True): (0.45, 0.20, 0.05, 0.15, 0.08, 0.05, 0.0, 0.02),
    ("chat", False): (0.66, 0.06, 0.02, 0.04, 0.04, 0.08, 0.07, 0.03),
    ("chat", True): (0.40, 0.15, 0.04, 0.12, 0.08, 0.10, 0.08, 0.03),
    ("written", False): (0.74, 0.10, 0.04, 0.0, 0.0, 0.08, 0.0, 0.04),
    ("written", True): (0.50, 0.22, 0.06, 0.0, 0.0, 0.16, 0.0, 0.06),
}
CHANNEL_KIND = {
    "Telefoon": "voice",
    "Balie": "desk",
    "Live chat": "chat",
    "WhatsApp": "chat",
    "E-mail": "written",
    "Contactformulier": "written",
}
TASK_OUTCOMES = frozenset({"Zelfstandig afgehandeld", "Afgehandeld na ruggespraak"})
OPENERS = {
    "Telefoon": "Inwoner belde over",
    "E-mail": "Inwoner mailde over",
    "Contactformulier": "Contactformulier ingevuld over",
    "Live chat": "Chatgesprek over",
    "WhatsApp": "WhatsApp-bericht over",
    "Balie": "Inwoner aan de balie over",
}
OUTCOME_SENTENCES = {
    "Zelfstandig afgehandeld": "Uitleg gegeven; vraag is beantwoord.",
    "Afgehandeld na ruggespraak": "Na overleg met een collega uitleg gegeven.",
    "Afgehandeld, klant belt terug": "Inwoner zoekt gegevens op en neemt zelf weer contact op.",
    "Doorverbonden naar afdeling": "Doorverbonden naar de vakafdeling.",
    "Doorverbonden naar collega": "Doorverbonden naar een collega.",
    "Klant neemt opnieuw contact op": "Inwoner neemt later opnieuw contact op.",
    "Verbinding verbroken": "Verbinding viel weg voordat de vraag beantwoord was.",
    "Verwezen naar ander instantie": "Verwezen naar een andere instantie.",
}
TONE_SENTENCES = {
    "boos": " Inwoner was ontevreden.",
    "bezorgd": " Inwoner maakte zich zorgen.",
    "neutraal": "",
    "positief": " Inwoner was tevreden.",
}
ENGLISH_TOPICS = frozenset(
    {"brp-inschrijving", "verhuismelding", "naturalisatieverzoek", "paspoort", "parkeervergunning"}
)
SECOND_QUESTION_SHARE = 0.2
CONSULT_SHARE = 0.75  # share of vragen where the employee opened the kennisartikel
FICTIONAL_FIRST_NAMES = ("Anna", "Bas", "Chris", "Demi", "Eva", "Fenna", "Gijs", "Iris", "Jesse")
FICTIONAL_SURNAMES = (("", "Voorbeeld"), ("de", "Proef"), ("van", "Demostad"), ("", "Fictief"))


@dataclass(slots=True)
class SyntheticVraag:
    upl: str
    specifieke_vraag: str
    gespreksresultaat: str
    bronnen: list[str]


@dataclass(slots=True)
class SyntheticTask:
    uuid: str
    gevraagde_handeling: str
    toelichting: str
    department: str
    toegewezen_op: datetime
    afgehandeld_op: datetime | None

    @property
    def status(self) -> str:
        return "te_verwerken" if self.afgehandeld_op is None else "verwerkt"


@dataclass(slots=True)
class SyntheticBetrokkene:
    uuid: str
    voorletters: str
    voornaam: str
    voorvoegsel_achternaam: str
    achternaam: str


@dataclass(slots=True)
class SyntheticContact:
    uuid: str
    kanaal: str
    plaatsgevonden_op: datetime  # UTC
    registered_at: datetime  # UTC, end of the contact
    vragen: list[SyntheticVraag]
    tone: str
    complex: bool
    taal: str
    vertrouwelijk: bool
    team: str
    employee: str  # username
    task: SyntheticTask | None = None
    betrokkene: SyntheticBetrokkene | None = None

    @property
    def indicatie_contact_gelukt(self) -> bool:
        return self.vragen[0].gespreksresultaat != "Verbinding verbroken"

    @property
    def onderwerp(self) -> str:
        first = self.vragen[0]
        return f"{first.upl} ({first.specifieke_vraag})"[:200]

    @property
    def inhoud(self) -> str:
        first = self.vragen[0]
        text = f"{OPENERS[self.kanaal]} {first.upl}: {first.specifieke_vraag}."
        text += f" {OUTCOME_SENTENCES[first.gespreksresultaat]}{TONE_SENTENCES[self.tone]}"
        for extra in self.vragen[1:]:
            text += f" Tweede vraag over {extra.upl}: {extra.specifieke_vraag}."
        if self.task is not None:
            text += f" {self.task.gevraagde_handeling} uitgezet bij {self.task.department}."
        return text.replace("?.", "?")[:1000]

    @property
    def reactie(self) -> str:
        first = self.vragen[0]
        if first.bronnen:
            return f"Informatie gegeven uit kennisartikel {first.bronnen[0]}."
        return OUTCOME_SENTENCES[first.gespreksresultaat]


class _Builder:
    """Turns the count plan into contacts, drawing details from one ``random.Random``."""

    def __init__(self, config: HistoryConfig, rnd: random.Random) -> None:
        self.config = config
        self.rnd = rnd
        self.rosters = dict(config.rosters)
        self.articles = dict(config.articles)
        self.end_of_history = datetime.combine(
            config.end + timedelta(days=1), time(0), AMSTERDAM
        ).astimezone(UTC)
        self.topic_cum = {
            channel: list(accumulate(row))
            for channel, row in zip(CHANNELS, _topic_shares(config.topics).tolist(), strict=True)
        }

    def contacts(self, plan: CountPlan) -> Iterator[SyntheticContact]:
        for i, c, t in zip(*np.nonzero(plan.counts), strict=True):
            day, channel, topic = plan.dates[i], CHANNELS[c], plan.topics[t]
            for _ in range(int(plan.counts[i, c, t])):
                yield self.contact(day, channel, topic)

    def contact(self, day: date, channel: str, topic: Topic) -> SyntheticContact:
        rnd = self.rnd
        surging = self.config.surge is not None and (
            topic.upl == self.config.surge.topic and self.config.surge.active(day, self.config.end)
        )
        tone = self.tone(topic, surging)
        is_complex = rnd.random() < topic.family.complex_share * (1.5 if tone == "boos" else 1.0)
        start = self.moment(day, channel)
        vragen = [self.vraag(topic, channel, is_complex, surging)]
        if rnd.random() < SECOND_QUESTION_SHARE:
            second = self.other_topic(channel, topic)
            vragen.append(self.vraag(second, channel, is_complex, surging=False))
            is_complex = is_complex or rnd.random() < 0.3
        team = self.team(topic, channel)
        contact = SyntheticContact(
            uuid=self.new_uuid(),
            kanaal=channel,
            plaatsgevonden_op=start,
            registered_at=start + timedelta(seconds=rnd.randint(120, 900)),
            vragen=vragen,
            tone=tone,
            complex=is_complex,
            taal=self.language(topic),
            vertrouwelijk=topic.family is WERK_INKOMEN and rnd.random() < 0.2,
            team=team,
            employee=rnd.choice(self.rosters[team]),
        )
        self.maybe_task(contact, topic)
        return contact

    def tone(self, topic: Topic, surging: bool) -> str:
        shares = self.config.surge.tone if surging and self.config.surge else topic.tone_shares
        return self.rnd.choices(TONES, weights=shares)[0]

    def moment(self, day: date, channel: str) -> datetime:
        segments = _segments(channel, day)
        start, end, _weight = self.rnd.choices(segments, weights=[s[2] for s in segments])[0]
        second = self.rnd.randrange(start * 60, end * 60)
        local = datetime.combine(day, time(0)) + timedelta(seconds=second)
        return local.replace(tzinfo=AMSTERDAM).astimezone(UTC)

    def vraag(self, topic: Topic, channel: str, is_complex: bool, surging: bool) -> SyntheticVraag:
        rnd = self.rnd
        surge = self.config.surge
        if surging and surge is not None and rnd.random() < surge.template_share:
            text = rnd.choice(surge.templates)
        else:
            text = rnd.choice(topic.templates or topic.family.templates).format(p=topic.upl)
        kind = CHANNEL_KIND[channel]
        outcome = rnd.choices(OUTCOMES, weights=OUTCOME_WEIGHTS[(kind, is_complex)])[0]
        # Always two draws, so the rest of the history does not depend on the kennisbank.
        consult, pick = rnd.random() < CONSULT_SHARE, rnd.random()
        ids = self.articles.get(topic.upl, ())
        consulted = [ids[int(pick * len(ids))]] if ids and consult else []
        return SyntheticVraag(topic.upl, text[:180], outcome, consulted)

    def other_topic(self, channel: str, first: Topic) -> Topic:
        topics = self.config.topics
        for _ in range(5):
            index = bisect_right(
                self.topic_cum[channel], self.rnd.random() * self.topic_cum[channel][-1]
            )
            candidate = topics[min(index, len(topics) - 1)]
            if candidate.upl != first.upl:
                return candidate
        return topics[0] if topics[0].upl != first.upl else topics[-1]

    def team(self, topic: Topic, channel: str) -> str:
        if topic.family is BELASTINGEN and TEAM_BELASTINGEN in self.rosters:
            share = 0.6 if CHANNEL_KIND[channel] == "written" else 0.4
            if self.rnd.random() < share:
                return TEAM_BELASTINGEN
        kcc = [t for t in KCC_TEAMS if t in self.rosters] or sorted(self.rosters)
        return self.rnd.choice(kcc)

    def language(self, topic: Topic) -> str:
        share = 0.10 if topic.upl in ENGLISH_TOPICS else 0.02
        return "eng" if self.rnd.random() < share else "nld"

    def maybe_task(self, contact: SyntheticContact, topic: Topic) -> None:
        rnd = self.rnd
        first = contact.vragen[0]
        chance = topic.family.task_share * (2.0 if contact.complex else 1.0)
        if first.gespreksresultaat not in TASK_OUTCOMES or rnd.random() >= chance:
            return
        handeling = rnd.choices(
            ("Terugbelverzoek", "Terugmailverzoek", topic.family.handeling), weights=(6, 2, 2)
        )[0]
        done = contact.registered_at + timedelta(hours=rnd.uniform(2, 120))
        contact.task = SyntheticTask(
            uuid=self.new_uuid(),
            gevraagde_handeling=handeling,
            toelichting=f"{handeling} over {topic.upl}: {first.specifieke_vraag}"[:1000],
            department=topic.dept,
            toegewezen_op=contact.registered_at,
            afgehandeld_op=done if done < self.end_of_history else None,
        )
        first_name = rnd.choice(FICTIONAL_FIRST_NAMES)
        prefix, surname = rnd.choice(FICTIONAL_SURNAMES)
        contact.betrokkene = SyntheticBetrokkene(
            self.new_uuid(), f"{first_name[0]}.", first_name, prefix, surname
        )

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.rnd.getrandbits(128), version=4))


def generate_history(config: HistoryConfig | None = None) -> list[SyntheticContact]:
    """All contacts of the history, sorted by time (stable for a given config)."""
    config = config or HistoryConfig()
    rng = np.random.default_rng(config.seed)
    plan = plan_counts(config, rng)
    builder = _Builder(config, random.Random(int(rng.integers(2**62))))
    contacts = list(builder.contacts(plan))
    contacts.sort(key=lambda c: (c.plaatsgevonden_op, c.uuid))
    return contacts


def describe(config: HistoryConfig) -> dict[str, object]:
    """The parameters of a history, for ``app_meta`` and reports (JSON-serialisable)."""
    surge = config.surge
    return {
        "bron": "synthetisch",
        "seed": config.seed,
        "days": config.days,
        "start": config.start.isoformat(),
        "end": config.end.isoformat(),
        "base_weekday_volume": config.base_volume,
        "surge": None
        if surge is None
        else {
            "topic": surge.topic,
            "start": surge.start(config.end).isoformat(),
            "peak_factor": surge.peak_factor,
            "decay_days": surge.decay_days,
            "tone": dict(zip(TONES, surge.tone, strict=True)),
        },
    }
