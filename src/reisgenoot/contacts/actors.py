"""The actors of a klantcontact: Reisgenoot itself and the employees who handled it.

Klantinteracties knows an actor as one thing across contacts. Reisgenoot is one
``geautomatiseerde_actor`` — whether it answered a resident in the chat, listened along with
an employee or drafted the registration — with one name, one job title (``functie``) and one
description, found or created by :func:`assistant_actor` wherever a contact gets it (the
contactverzoek of the chat, a confirmed registration, the demo history). An employee is a
``medewerker`` actor linked to their account (:func:`employee_actor`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.contacts.models import Actor

ASSISTANT_KIND = "geautomatiseerde_actor"
EMPLOYEE_KIND = "medewerker"
ASSISTANT_NAME = "Reisgenoot"
ASSISTANT_FUNCTIE = "Digitale assistent (AI)"
ASSISTANT_OMSCHRIJVING = (
    "Beantwoordt vragen van inwoners op de website met teksten uit de kennisbank, luistert mee "
    "met medewerkers, zoekt in de kennisbank en stelt de registratie voor. Een medewerker "
    "controleert en beslist; Reisgenoot neemt geen besluiten."
)


def assistant_fields() -> dict[str, str]:
    """Reisgenoot as an actor of a registration draft (Klantinteracties field names)."""
    return {
        "naam": ASSISTANT_NAME,
        "soortActor": ASSISTANT_KIND,
        "functie": ASSISTANT_FUNCTIE,
        "omschrijving": ASSISTANT_OMSCHRIJVING,
    }


def assistant_actor(session: Session) -> Actor:
    """Reisgenoot as the ``geautomatiseerde_actor`` (found, or created in ``session``)."""
    found = session.scalar(
        select(Actor).where(Actor.soort_actor == ASSISTANT_KIND, Actor.naam == ASSISTANT_NAME)
    )
    if found is not None:
        return found
    actor = Actor(
        naam=ASSISTANT_NAME,
        soort_actor=ASSISTANT_KIND,
        functie=ASSISTANT_FUNCTIE,
        omschrijving=ASSISTANT_OMSCHRIJVING,
    )
    session.add(actor)
    return actor


def employee_actor(session: Session, user_id: int, name: str) -> Actor:
    """The ``medewerker`` actor of account ``user_id`` (found, or created with ``name``)."""
    found = session.scalar(
        select(Actor).where(Actor.user_id == user_id, Actor.soort_actor == EMPLOYEE_KIND)
    )
    if found is not None:
        return found
    actor = Actor(naam=name, soort_actor=EMPLOYEE_KIND, user_id=user_id)
    session.add(actor)
    return actor
