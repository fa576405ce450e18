"""Gespreksresultaat and follow-up (interne taak) from the employee's and resident's turns.

Rules over phrases, checked in this order: a dropped connection at the end, a live transfer
(to a department or a colleague), a referral to another organisation, the resident calling
back or getting in touch again, consultation of a colleague; otherwise "Zelfstandig
afgehandeld".

A **follow-up** is work the municipality owes the resident after the contact (contracts §7):
a callback request or a question or report that a department must handle. A live transfer
("ik verbind u door") is not a follow-up, nor is "belt u maar terug". The phrases are patterns
in ``assist/data/outcome.yaml``.

The rules read only who spoke and what was said, so they take plain transcript turns as well
as analysed ones (:class:`Spoken`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from reisgenoot.assist import tables

_PATTERNS = tables.patterns("outcome.yaml")
DROPPED = _PATTERNS["dropped"]
TRANSFER = _PATTERNS["transfer"]
TRANSFER_NEGATED = _PATTERNS["transfer_negated"]
DEPARTMENT = _PATTERNS["department"]
COLLEAGUE = _PATTERNS["colleague"]
REFERRAL = _PATTERNS["referral"]
RESIDENT_CALLS_BACK = _PATTERNS["resident_calls_back"]
EMPLOYEE_SAYS_CALL_BACK = _PATTERNS["employee_says_call_back"]
RESIDENT_RECONTACTS = _PATTERNS["resident_recontacts"]
EMPLOYEE_SAYS_RECONTACT = _PATTERNS["employee_says_recontact"]
CONSULTED = _PATTERNS["consulted"]
CALLBACK = _PATTERNS["callback"]
CALLBACK_MAIL = _PATTERNS["callback_mail"]
FORWARD = _PATTERNS["forward"]
CALLBACK_ASKED = _PATTERNS["callback_asked"]
AGREE = _PATTERNS["agree"]
NEGATED = _PATTERNS["negated"]
CONDITIONAL = _PATTERNS["conditional"]
# A named department right after "afdeling"/"team": capitalised, so matched case-sensitively.
_NAMED_DEPARTMENT = re.compile(r"\b(afdeling|team) ([A-Z][\w-]+(?: en [A-Z]?[\w-]+)?)")


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
        after = _NAMED_DEPARTMENT.search(text)
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
    return bool(CONDITIONAL.search(sentence))


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
    """A resident's request to be called back that the employee agrees to, or that ends the
    conversation so far (nobody turned it down: the draft proposes the callback)."""
    for index, turn in enumerate(turns):
        asked = CALLBACK_ASKED.search(turn.text) if turn.is_resident else None
        if asked is None:
            continue
        replies = [i for i in range(index + 1, min(index + 3, len(turns))) if turns[i].is_employee]
        if not replies:
            return index, asked.group(0)
        for later in replies:
            reply = turns[later]
            if AGREE.search(reply.text) and not TRANSFER.search(reply.text):
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
