"""The verdict on the audit trail in one Dutch sentence, for the command line and the browser."""

from __future__ import annotations

from pathlib import Path

from reisgenoot.store import audit

INTACT = "Het auditlogboek is intact"
BROKEN = "Het auditlogboek is NIET intact"

__all__ = ["BROKEN", "INTACT", "verdict"]


def _events(count: int) -> str:
    return "1 gebeurtenis" if count == 1 else f"{count} gebeurtenissen"


def _missing_text(result: audit.Verification) -> str:
    """'de laatste 3 gebeurtenissen ontbreken (nummer 8 tot en met 10) volgens het anker'."""
    missing = result.missing or 0
    first, last = result.removed + result.events + 1, result.removed + result.events + missing
    if result.events == 0 and result.removed == 0:
        what = (
            "de enige gebeurtenis ontbreekt"
            if missing == 1
            else f"alle {missing} gebeurtenissen ontbreken"
        )
    elif missing == 1:
        what = f"de laatste gebeurtenis ontbreekt (nummer {first})"
    else:
        what = f"de laatste {missing} gebeurtenissen ontbreken (nummer {first} tot en met {last})"
    if result.anchored is None:
        return f"{what} volgens het eindpunt in de database. Ze zijn weggehaald"
    return f"{what} volgens het anker. Ze zijn weggehaald, of de database is teruggezet"


def verdict(result: audit.Verification, anchor: Path | None) -> str:
    """One Dutch sentence that names what is wrong (or that nothing is)."""
    if result.intact:
        if result.events == 0:
            return f"{INTACT}: er zijn nog geen gebeurtenissen."
        if result.removed:
            return (
                f"{INTACT} ({_events(result.events)}; de oudste {result.removed} zijn na de "
                "bewaartermijn opgeschoond)."
            )
        return f"{INTACT} ({_events(result.events)})."
    number = result.broken_at
    missing = result.missing or 0
    problems = {
        "gewijzigd": f"gebeurtenis {number} is gewijzigd",
        "ontbreekt": (
            f"gebeurtenis {number} ontbreekt"
            if missing <= 1
            else f"gebeurtenissen {number} tot en met {(number or 0) + missing - 1} ontbreken"
        ),
        "keten_verbroken": (
            f"gebeurtenis {number} sluit niet aan op de gebeurtenis ervoor "
            "(een gebeurtenis is weggehaald, vervangen of verplaatst)"
        ),
        "begin_gewijzigd": (
            "het beginpunt van de keten na het opschonen (audit_base) is gewijzigd"
        ),
        "kop_ontbreekt": "het eindpunt van de keten in de database (audit_head) ontbreekt",
        "kop_gewijzigd": "het eindpunt van de keten in de database (audit_head) is gewijzigd",
        "einde_verwijderd": _missing_text(result),
        "anker_ontbreekt": (
            f"het anker ontbreekt ({anchor}), dus is niet te zien of er gebeurtenissen aan "
            "het eind zijn weggehaald"
        ),
        "anker_ongeldig": (
            f"het anker ({anchor}) is gewijzigd, onleesbaar of gemaakt met een andere sleutel"
        ),
        "anker_afwijkend": (
            f"gebeurtenis {number} is anders dan het anker vastlegde: de database is "
            "teruggezet of vervangen"
        ),
    }
    reason = problems.get(result.problem or "", f"onbekend probleem ({result.problem})")
    return f"{BROKEN}: {reason}."
