""" "Eerst zelf, dan AI": the employee chooses topic and outcome before seeing the proposal.

A team can work this way (``Team.self_first``, set by its teamleider or a beheerder on
``/toezicht/werkwijze``). A conversation started by a member of such a team carries
``meta["eerst_zelf"]``; its live page then does not show the registration draft, and its
review gate first asks for the main question's product (UPL) and gespreksresultaat
(:func:`choose`). Only then does the proposal show, with the own choice filled in and the
proposal beside it (:func:`prefill`). The confirmation's audit event records the own choice
and whether it, and the final value, equalled the proposal (:func:`audit_details`): the
reliance figures compare teams and months with and without (ADR 22).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reisgenoot.contacts.models import GESPREKSRESULTATEN, Klantcontact

MARK = "eerst_zelf"
CHOICE = "eigen_keuze"
# The review form's field of each choice (the main question's).
PATHS = {"upl": "vragen[0].upl", "gespreksresultaat": "vragen[0].gespreksresultaat"}
Errors = list[tuple[str, str]]

__all__ = ["CHOICE", "MARK", "PATHS", "audit_details", "choose", "needs_choice", "own", "prefill"]


def own(contact: Klantcontact) -> dict[str, str] | None:
    """The employee's own choice, once made (None: not "eerst zelf", or not chosen yet)."""
    found = (contact.meta or {}).get(CHOICE)
    return {name: str(found.get(name, "")) for name in PATHS} if isinstance(found, dict) else None


def needs_choice(contact: Klantcontact) -> bool:
    """The review gate must ask for the own choice before it shows the proposal."""
    meta = contact.meta or {}
    return bool(meta.get(MARK)) and own(contact) is None and contact.status == "concept"


def choose(
    contact: Klantcontact, form: Mapping[str, Any], upl_names: frozenset[str]
) -> tuple[dict[str, str], Errors]:
    """Store the own choice from ``form`` on the concept; the values and a Dutch message per
    invalid field (nothing is stored while there is one)."""
    values = {name: " ".join(str(form.get(name) or "").split()) for name in PATHS}
    errors: Errors = []
    if values["upl"] not in upl_names:
        errors.append(("eigen-upl", "Kies een product uit de UPL-lijst."))
    if values["gespreksresultaat"] not in GESPREKSRESULTATEN:
        errors.append(("eigen-gespreksresultaat", "Kies een gespreksresultaat uit de lijst."))
    if not errors:
        meta = dict(contact.meta or {})
        meta[CHOICE] = values
        contact.meta = meta
    return values, errors


def prefill(values: Mapping[str, str], choice: Mapping[str, str] | None) -> dict[str, str]:
    """The review form's values: the proposal, with the own choice in its two fields."""
    filled = dict(values)
    for name, path in PATHS.items():
        if choice is not None and path in filled:
            filled[path] = choice[name]
    return filled


def beside(proposed: Mapping[str, str], choice: Mapping[str, str] | None) -> dict[str, Any]:
    """Per review field: (own choice, the proposal) — for the note beside the field."""
    if choice is None:
        return {}
    return {path: (choice[name], proposed.get(path, "")) for name, path in PATHS.items()}


def audit_details(
    contact: Klantcontact, proposed: Mapping[str, str], final: Mapping[str, str]
) -> dict[str, Any] | None:
    """What the confirmation records of "eerst zelf": the own choice (UPL name and outcome,
    no personal data), whether it equalled the proposal, and whether the final value did."""
    choice = own(contact)
    if not (contact.meta or {}).get(MARK) or choice is None:
        return None
    return {
        "keuze": choice,
        "zelfde_als_voorstel": {n: choice[n] == proposed.get(p) for n, p in PATHS.items()},
        "definitief_als_voorstel": {n: final.get(p) == proposed.get(p) for n, p in PATHS.items()},
    }
