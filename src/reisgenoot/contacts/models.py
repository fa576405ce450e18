"""Klantcontacten in the shape of the VNG Klantinteracties API (Open Klant 2).

Field names follow the standard in snake_case; limits are the standard's (STANDARDS.md).
``metadata`` is a reserved name in SQLAlchemy, so the column is ``meta`` and is exported
as ``metadata``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reisgenoot.store.base import Base, utcnow

GESPREKSRESULTATEN = (
    "Zelfstandig afgehandeld",
    "Afgehandeld na ruggespraak",
    "Afgehandeld, klant belt terug",
    "Doorverbonden naar afdeling",
    "Doorverbonden naar collega",
    "Klant neemt opnieuw contact op",
    "Verbinding verbroken",
    "Verwezen naar ander instantie",
    "Contactverzoek gemaakt",
)
KANALEN = (
    "Telefoon",
    "E-mail",
    "Contactformulier",
    "Live chat",
    "WhatsApp",
    "Twitter",
    "Facebook",
    "LinkedIn",
    "Instagram",
    "Balie",
)
SOORTEN_ACTOR = ("medewerker", "geautomatiseerde_actor", "organisatorische_eenheid")
TONES = ("boos", "bezorgd", "neutraal", "positief")
# A draft (concept) becomes a registered contact only when a person confirms it.
STATUSES = ("concept", "bevestigd", "contactverzoek")  # contactverzoek: see contacts.requests


def _uuid() -> str:
    return str(uuid.uuid4())


klantcontact_actoren = Table(
    "klantcontact_actoren",
    Base.metadata,
    Column(
        "klantcontact_id", ForeignKey("klantcontacten.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("actor_id", ForeignKey("actoren.id", ondelete="CASCADE"), primary_key=True),
)


class Actor(Base):
    __tablename__ = "actoren"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), default=_uuid, unique=True)
    naam: Mapped[str] = mapped_column(String(200))
    soort_actor: Mapped[str] = mapped_column(String(30))
    functie: Mapped[str] = mapped_column(String(200), default="")
    omschrijving: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    indicatie_actief: Mapped[bool] = mapped_column(Boolean, default=True)


class Klantcontact(Base):
    __tablename__ = "klantcontacten"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), default=_uuid, unique=True)
    kanaal: Mapped[str] = mapped_column(String(50), index=True)
    onderwerp: Mapped[str] = mapped_column(String(200))
    inhoud: Mapped[str] = mapped_column(String(1000), default="")
    reactie: Mapped[str] = mapped_column(String(4000), default="")
    indicatie_contact_gelukt: Mapped[bool | None] = mapped_column(Boolean)
    taal: Mapped[str] = mapped_column(String(3), default="nld")
    vertrouwelijk: Mapped[bool] = mapped_column(Boolean, default=False)
    plaatsgevonden_op: Mapped[datetime | None] = mapped_column(index=True)
    referentienummer: Mapped[str | None] = mapped_column(String(10))
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="concept")
    tone: Mapped[str | None] = mapped_column(String(20))
    complex: Mapped[bool] = mapped_column(Boolean, default=False)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    vragen: Mapped[list[Vraag]] = relationship(
        cascade="all, delete-orphan", order_by="Vraag.position", back_populates="klantcontact"
    )
    betrokkenen: Mapped[list[Betrokkene]] = relationship(cascade="all, delete-orphan")
    onderwerpobjecten: Mapped[list[Onderwerpobject]] = relationship(cascade="all, delete-orphan")
    interne_taken: Mapped[list[InterneTaak]] = relationship(cascade="all, delete-orphan")
    turns: Mapped[list[Turn]] = relationship(cascade="all, delete-orphan", order_by="Turn.position")
    actoren: Mapped[list[Actor]] = relationship(secondary=klantcontact_actoren)


class Vraag(Base):
    """One question of a contact (KISS): UPL name, specifieke vraag, gespreksresultaat."""

    __tablename__ = "vragen"

    id: Mapped[int] = mapped_column(primary_key=True)
    klantcontact_id: Mapped[int] = mapped_column(
        ForeignKey("klantcontacten.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    upl: Mapped[str] = mapped_column(String(200), index=True)
    specifieke_vraag: Mapped[str] = mapped_column(String(180), default="")
    notitie: Mapped[str] = mapped_column(Text, default="")
    gespreksresultaat: Mapped[str] = mapped_column(String(50))
    bronnen: Mapped[list[str]] = mapped_column(JSON, default=list)

    klantcontact: Mapped[Klantcontact] = relationship(back_populates="vragen")


class Betrokkene(Base):
    __tablename__ = "betrokkenen"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), default=_uuid, unique=True)
    klantcontact_id: Mapped[int] = mapped_column(
        ForeignKey("klantcontacten.id", ondelete="CASCADE"), index=True
    )
    rol: Mapped[str] = mapped_column(String(30), default="klant")
    initiator: Mapped[bool] = mapped_column(Boolean, default=True)
    voorletters: Mapped[str] = mapped_column(String(10), default="")
    voornaam: Mapped[str] = mapped_column(String(200), default="")
    voorvoegsel_achternaam: Mapped[str] = mapped_column(String(10), default="")
    achternaam: Mapped[str] = mapped_column(String(200), default="")
    organisatienaam: Mapped[str] = mapped_column(String(200), default="")


class Onderwerpobject(Base):
    __tablename__ = "onderwerpobjecten"

    id: Mapped[int] = mapped_column(primary_key=True)
    klantcontact_id: Mapped[int] = mapped_column(
        ForeignKey("klantcontacten.id", ondelete="CASCADE"), index=True
    )
    object_id: Mapped[str] = mapped_column(String(200))
    code_objecttype: Mapped[str] = mapped_column(String(50))
    code_register: Mapped[str] = mapped_column(String(50))
    code_soort_object_id: Mapped[str] = mapped_column(String(50))


class InterneTaak(Base):
    """Work the municipality owes the resident after the contact (e.g. a contactverzoek)."""

    __tablename__ = "interne_taken"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), default=_uuid, unique=True)
    klantcontact_id: Mapped[int] = mapped_column(
        ForeignKey("klantcontacten.id", ondelete="CASCADE"), index=True
    )
    gevraagde_handeling: Mapped[str] = mapped_column(String(200))
    toelichting: Mapped[str] = mapped_column(String(1000), default="")
    status: Mapped[str] = mapped_column(String(20), default="te_verwerken")
    toegewezen_aan_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actoren.id", ondelete="SET NULL")
    )
    toegewezen_op: Mapped[datetime] = mapped_column(default=utcnow)
    afgehandeld_op: Mapped[datetime | None] = mapped_column()
    # The interne taak in Open Klant once sent, and the status Open Klant last had for it:
    # a local status that differs is still to be sent (contacts.tasksync).
    openklant_uuid: Mapped[str | None] = mapped_column(String(36))
    openklant_status: Mapped[str | None] = mapped_column(String(20))
    toegewezen_aan_actor: Mapped[Actor | None] = relationship(lazy="joined")


class Turn(Base):
    """One turn of the conversation, stored before anything is computed from it."""

    __tablename__ = "turns"

    id: Mapped[int] = mapped_column(primary_key=True)
    klantcontact_id: Mapped[int] = mapped_column(
        ForeignKey("klantcontacten.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime | None] = mapped_column()
