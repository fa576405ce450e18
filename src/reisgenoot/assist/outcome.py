"""Gespreksresultaat and follow-up (interne taak) from the employee's and resident's turns.

Rules over phrases, checked in this order: a dropped connection at the end, a live transfer
(to a department or a colleague), a referral to another organisation, the resident calling
back or getting in touch again, consultation of a colleague; otherwise "Zelfstandig
afgehandeld".

A **follow-up** is work the municipality owes the resident after the contact (contracts §7):
a callback request or a question or report that a department must handle. A live transfer
("ik verbind u door") is not a follow-up, nor is "belt u maar terug".

The rules read only who spoke and what was said, so they take plain transcript turns as well
as analysed ones (:class:`Spoken`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

_I = re.IGNORECASE

DROPPED = re.compile(
    r"verbinding (is |wordt )?(verbroken|weg|valt weg)|\bvalt weg\b|lijn (is |valt )?(dood|weg)|"
    r"bent u (er|daar) nog|ben je (er|daar) nog|ik hoor u niet (meer|goed)|"
    r"\[(stilte|verbroken|ruis|geen geluid|opgehangen)[^\]]*\]|gesprek (is )?(beëindigd|afgebroken)|"
    r"(chat|sessie) (is )?(gesloten|beëindigd|verlopen)|heeft de chat verlaten",
    _I,
)
TRANSFER = re.compile(
    r"\b(ik |dan )?(verbind|verbinden|zet|schakel)\w* (u|je|jou)? ?(nu |meteen |even |direct |zo )*"
    r"(door|over)\b|\bdoorverbind\w*|\bdoorverbonden\b",
    _I,
)
TRANSFER_NEGATED = re.compile(
    r"\b(niet|geen|kan u niet|helaas niet)\b[^.?!]{0,25}(doorverbind|door te verbinden)", _I
)
DEPARTMENT = re.compile(
    r"\b(afdeling|team|burgerzaken|belastingen|vergunningen|sociaal team|werk en inkomen|"
    r"geldzaken|buitenruimte|afvalservice|meldpunt|wijkteam|leerplicht|handhaving|parkeren|"
    r"klachtencoördinator|juridische zaken|vakafdeling|backoffice|\w+team)\b",
    _I,
)
COLLEAGUE = re.compile(
    r"\b(collega|specialist|consulent|tweede lijn|leidinggevende|teamleider)\b", _I
)
EXTERNAL = (
    r"belastingdienst|toeslagen|uwv|svb|sociale verzekeringsbank|rdw|cbr|cjib|ind\b|duo|politie|"
    r"woningcorporatie|woonstichting|verhuurder|notaris|juridisch loket|huisarts|kadaster|"
    r"cak|zorgverzekeraar|veilig thuis|energieleverancier|waterschap|provincie|rijkswaterstaat|"
    r"kamer van koophandel|kvk|justis|ggd|rechtbank|nationale ombudsman|rijksoverheid|"
    r"netbeheerder|prorail|ns\b|stedin|enexis|liander|vitens|logius|digid helpdesk|\w+ helpdesk"
)
REFERRAL = re.compile(
    r"(daarvoor|daarmee|hiervoor|dan) (moet|kunt) u (bij|naar|contact opnemen met|bellen met|terecht bij) "
    r"(de |het )?(" + EXTERNAL + r")|"
    r"(dat|dit) (regelt|doet|is (een zaak|iets) van|valt onder) (de |het )?(" + EXTERNAL + r")|"
    r"(neem|neemt u|belt u|bel) (het beste |dan )?(contact op met|met) (de |het )?("
    + EXTERNAL
    + r")|"
    r"(dat|dit) (is|ligt) niet bij (de|ons als) gemeente|daar gaat de gemeente niet over|"
    r"daar gaan wij (als gemeente )?niet over|niet (iets|een taak) van de gemeente",
    _I,
)
RESIDENT_CALLS_BACK = re.compile(
    r"\bik bel (u |jullie )?(later |straks |morgen |zelf |dan |nog )*(wel )?(even |nog )?(terug|opnieuw)\b|"
    r"\bdan bel ik (u |jullie )?(later |straks |morgen )?(wel )?(even |nog )?(terug|opnieuw|nog)\b|"
    r"\bik bel (later|straks|morgen) (nog )?(wel )?(even )?(terug|opnieuw|nog)\b",
    _I,
)
EMPLOYEE_SAYS_CALL_BACK = re.compile(
    r"\b(belt u|bel je) (dan |gerust |maar |ons )*(nog )?(even )?(terug|opnieuw)\b|"
    r"\bu kunt (ons )?(dan |altijd |gerust )*(terugbellen|opnieuw bellen)\b",
    _I,
)
RESIDENT_RECONTACTS = re.compile(
    r"\bik (neem|kom) (later |nog |dan |zelf )*(wel )?(opnieuw |nog |weer )?(contact (met u |met jullie )?op|(er )?op terug)\b|"
    r"\bik (mail|stuur|app|chat) (u |jullie )?(later |nog |dan |morgen )*(wel )?(opnieuw|nog een (mail|bericht)|terug)\b|"
    r"\bdan (mail|app|stuur|chat) ik (later |nog |morgen )*(wel )?(opnieuw|terug|nog)\b",
    _I,
)
EMPLOYEE_SAYS_RECONTACT = re.compile(
    r"\b(neemt|neem) u (dan |gerust |maar )*(opnieuw|nog een keer|weer) contact (met ons )?op\b|"
    r"\b(stuurt|mailt) u (dan |gerust |maar )*(opnieuw|nog een keer|een nieuwe) (mail|e-mail|bericht)?\b",
    _I,
)
CONSULTED = re.compile(
    r"ruggespraak|(even |kort )?overleg(d|gen)? met (een |mijn )?collega|"
    r"ik (ga|zal) (het |dat )?(even |eerst )?(na)?vragen bij (een |mijn )?collega|"
    r"ik heb (het |dat )?(even |net )?nagevraagd|ik vraag (het|dat) (even )?na|"
    r"mijn collega (zegt|geeft aan|heeft bevestigd)|ik heb (even |net )?overlegd|"
    r"ik ga (het |dat )?(even )?navragen|ik check (het|dat) (even )?bij",
    _I,
)

CALLBACK = re.compile(
    r"terugbelverzoek|contactverzoek|terugbelnotitie|"
    r"\b(ik|wij|we) (laat|laten) (u|je) (door [\w ]{2,30} )?terugbellen|"
    r"\b((een|de|uw|mijn) (collega|medewerker|consulent|specialist|klantmanager|behandelaar|"
    r"schuldhulpverlener|wijkverpleegkundige)|iemand|de afdeling|de collega's|ze|zij|wij|we|die|het team)"
    r"( van [\w ()-]{2,40})? "
    r"(belt|bellen|zal|zullen|gaat|gaan|kan) (u|je) (\w+ ){0,5}(terug(bellen)?|op|bellen)\b|"
    r"\bu wordt (\w+ ){0,5}teruggebeld|\bu (wordt|wordt er) (\w+ ){0,4}gebeld door",
    _I,
)
CALLBACK_MAIL = re.compile(
    r"terugmailverzoek|\bu krijgt (\w+ ){0,6}(een )?(mail|e-mail|bericht|antwoord) (\w+ ){0,3}(van|vanuit) (de afdeling|onze|een collega|het team|de collega)",
    _I,
)
FORWARD = re.compile(
    r"\bik (zet|stuur|geef|leg|maak|zal|ga) (\w+ ){0,4}(door|uit)\b(?! (met|naar) (een|mijn)? ?collega)|"
    r"\bik (zet|stuur|geef) (uw|de|je|het|deze) (vraag|melding|klacht|aanvraag|wijziging|verzoek|gegevens|mail) (\w+ ){0,3}door|"
    r"\bik (maak|registreer|noteer) (een|de|uw|deze) (melding|klacht|taak)|"
    r"\bik heb (een|de|uw) (melding|klacht|taak) (aangemaakt|gemaakt|geregistreerd|doorgezet)|"
    r"\b(zet|stuur|geef) (hem|haar|het|dit|dat|deze) (\w+ )?door (naar|aan)\b|"
    r"\bik (leg|noteer) (een|de|uw) \w+ vast bij\b|"
    r"\b(zet|stuur|geef) ik (\w+ ){0,3}door (naar|aan)\b|"
    r"\b(de afdeling( [A-Z]\w+)?|het team|de collega's|ze|zij|die|hij|de behandelaar|de buitendienst)( van [\w ()-]{2,40})? "
    r"(neemt|nemen|zal|zullen|gaat|gaan) (\w+ ){0,5}contact (met u |met je )?op\b|"
    r"\bu (hoort|krijgt) (binnen [\w ]{2,20} )?(van|bericht van) (de afdeling|het team|ons team|een collega)",
    _I,
)
CALLBACK_ASKED = re.compile(
    r"\b(kunt|kan|wil|zou) (u|je|iemand) (mij|me) (\w+ )?(terugbellen|terug bellen|bellen)\b|\b(laten|wil graag) terugbellen\b",
    _I,
)
AGREE = re.compile(
    r"^\s*(ja|jazeker|zeker|dat kan|prima|goed|natuurlijk|dat noteer ik|doe ik|komt in orde)\b", _I
)
NEGATED = re.compile(r"\b(niet|geen|helaas kan ik)\b", _I)


class Spoken(Protocol):
    """A turn as the rules read it (a transcript turn or an analysed one)."""

    @property
    def text(self) -> str: ...

    @property
    def is_employee(self) -> bool: ...

    @property
    def is_resident(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Finding:
    """A detected value with the turns and words that led to it."""

    value: str
    turns: tuple[int, ...] = ()
    words: tuple[str, ...] = ()
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class FollowUp:
    gevraagde_handeling: str
    department: str | None
    turns: tuple[int, ...]
    words: tuple[str, ...]
    confidence: float
    promise: str = ""
    kinds: tuple[str, ...] = field(default_factory=tuple)


def _first(pattern: re.Pattern[str], turns: Sequence[tuple[int, Spoken]]) -> tuple[int, str] | None:
    for index, turn in turns:
        match = pattern.search(turn.text)
        if match:
            return index, match.group(0)
    return None


def _department(text: str) -> str | None:
    match = DEPARTMENT.search(text)
    if match is None or match.group(0).lower() in ("afdeling", "team", "vakafdeling"):
        after = re.search(r"\b(afdeling|team) ([A-Z][\w-]+(?: en [A-Z]?[\w-]+)?)", text)
        return after.group(2) if after else None
    return match.group(0)[0].upper() + match.group(0)[1:]


def _dropped(turns: Sequence[tuple[int, Spoken]], total: int) -> Finding | None:
    tail = [(i, t) for i, t in turns if i >= total - 2]
    hit = _first(DROPPED, tail)
    if hit:
        return Finding("Verbinding verbroken", (hit[0],), (hit[1],), 0.85)
    return None


def _transfer(employee: Sequence[tuple[int, Spoken]]) -> Finding | None:
    for index, turn in employee:
        match = TRANSFER.search(turn.text)
        if match is None or TRANSFER_NEGATED.search(turn.text):
            continue
        tail = turn.text[match.start() :]
        if DEPARTMENT.search(tail):
            return Finding("Doorverbonden naar afdeling", (index,), (match.group(0),), 0.8)
        if COLLEAGUE.search(tail) or COLLEAGUE.search(turn.text):
            return Finding("Doorverbonden naar collega", (index,), (match.group(0),), 0.75)
        return Finding("Doorverbonden naar afdeling", (index,), (match.group(0),), 0.55)
    return None


def _conditional(text: str, words: str) -> bool:
    """Employee advice for a later case ("lukt het niet, belt u dan terug") is no outcome."""
    at = text.find(words)
    sentence = re.split(r"[.!?]\s", text[:at])[-1] if at >= 0 else ""
    return bool(re.search(r"\b(lukt het niet|als|mocht|indien|wanneer)\b", sentence, re.IGNORECASE))


def gespreksresultaat(turns: Sequence[Spoken], indices: Sequence[int] | None = None) -> Finding:
    """The KISS gespreksresultaat of the turns ``indices`` (default: all)."""
    chosen = list(range(len(turns))) if indices is None else list(indices)
    selected = [(i, turns[i]) for i in chosen]
    employee = [(i, t) for i, t in selected if t.is_employee]
    resident = [(i, t) for i, t in selected if t.is_resident]
    found = _dropped(selected, len(turns)) or _transfer(employee)
    if found:
        return found
    checks: tuple[tuple[re.Pattern[str], Sequence[tuple[int, Spoken]], str, float], ...] = (
        (REFERRAL, employee, "Verwezen naar ander instantie", 0.75),
        (RESIDENT_CALLS_BACK, resident, "Afgehandeld, klant belt terug", 0.75),
        (EMPLOYEE_SAYS_CALL_BACK, employee, "Afgehandeld, klant belt terug", 0.6),
        (RESIDENT_RECONTACTS, resident, "Klant neemt opnieuw contact op", 0.7),
        (EMPLOYEE_SAYS_RECONTACT, employee, "Klant neemt opnieuw contact op", 0.55),
        (CONSULTED, employee, "Afgehandeld na ruggespraak", 0.7),
    )
    for pattern, where, value, confidence in checks:
        hit = _first(pattern, where)
        if hit and not (where is employee and _conditional(turns[hit[0]].text, hit[1])):
            return Finding(value, (hit[0],), (hit[1],), confidence)
    return Finding("Zelfstandig afgehandeld", tuple(i for i, _ in employee[-2:]), (), 0.6)


def _callback_agreed(turns: Sequence[Spoken]) -> tuple[int, str] | None:
    for index, turn in enumerate(turns):
        if not turn.is_resident or not CALLBACK_ASKED.search(turn.text):
            continue
        for later in range(index + 1, min(index + 3, len(turns))):
            reply = turns[later]
            if reply.is_employee and AGREE.search(reply.text) and not TRANSFER.search(reply.text):
                return later, reply.text.split(".")[0]
    return None


def _promise(
    pattern: re.Pattern[str], employee: Sequence[tuple[int, Spoken]]
) -> tuple[int, str] | None:
    for index, turn in employee:
        for match in pattern.finditer(turn.text):
            before = re.split(r"[.!?]\s", turn.text[max(0, match.start() - 30) : match.start()])[-1]
            if NEGATED.search(before) or TRANSFER.search(match.group(0)):
                continue
            return index, match.group(0)
    return None


def follow_up(turns: Sequence[Spoken]) -> FollowUp | None:
    """The follow-up that was agreed, or ``None``."""
    employee = [(i, t) for i, t in enumerate(turns) if t.is_employee]
    callback = _promise(CALLBACK, employee) or _callback_agreed(turns)
    mail = _promise(CALLBACK_MAIL, employee)
    forward = _promise(FORWARD, employee)
    if callback is None and mail is None and forward is None:
        return None
    first = callback or mail or forward
    assert first is not None
    sentence = next(
        (s for s in re.split(r"(?<=[.!?])\s+", turns[first[0]].text) if first[1] in s), first[1]
    )
    department = _department(turns[first[0]].text)
    if callback:
        handeling = "Terugbelverzoek"
    elif mail:
        handeling = "Terugmailverzoek"
    else:
        handeling = (
            f"Vraag doorzetten naar {department}"
            if department
            else "Vraag doorzetten naar vakafdeling"
        )
    hits = [h for h in (callback, mail, forward) if h]
    return FollowUp(
        handeling,
        department,
        tuple(sorted({h[0] for h in hits})),
        tuple(h[1] for h in hits),
        0.8 if callback or mail else 0.65,
        promise=sentence,
    )
