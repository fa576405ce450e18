"""The synthetic contact history as database rows: bulk inserts with ids assigned in Python.

:func:`insert_history` writes the contacts of :func:`reisgenoot.demo.history.generate_history`
with their vragen, actor links, betrokkenen and interne taken, in chunks of :data:`CHUNK`
contacts with SQLAlchemy Core bulk inserts. Ids are taken from each table's next free id, so
child rows can refer to their contact without a round trip; PostgreSQL's sequences are moved
past them afterwards. Every contact is marked synthetic (``metadata = {"bron": "synthetisch",
"seed": …}``) and linked to its employee and to Reisgenoot's automated actor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Team
from reisgenoot.demo.history import STATUS, SyntheticContact
from reisgenoot.store.base import Base
from reisgenoot.store.ids import fix_sequences, next_id

CHUNK = 2_000  # contacts per bulk insert round

Progress = Callable[[str, int, int], None]  # stage, done, total


class Actors(Protocol):
    """The actor ids a contact is linked to (``reisgenoot.demo.seed.ActorIds``)."""

    @property
    def employees(self) -> Mapping[str, int]: ...  # username → actor id

    @property
    def departments(self) -> Mapping[str, int]: ...  # organisatorische eenheid → actor id

    @property
    def assistant(self) -> int: ...  # Reisgenoot, the geautomatiseerde_actor


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


@dataclass(slots=True)
class _Ids:
    """Next free id per table: ids are assigned here so child rows can refer to them."""

    contact: int
    vraag: int
    betrokkene: int
    taak: int


def _next_ids(session: Session) -> _Ids:
    return _Ids(
        next_id(session, _table("klantcontacten")),
        next_id(session, _table("vragen")),
        next_id(session, _table("betrokkenen")),
        next_id(session, _table("interne_taken")),
    )


@dataclass(slots=True)
class _Rows:
    contacts: list[dict[str, Any]]
    vragen: list[dict[str, Any]]
    links: list[dict[str, Any]]
    betrokkenen: list[dict[str, Any]]
    taken: list[dict[str, Any]]

    def insert(self, session: Session) -> None:
        for table, rows in (
            ("klantcontacten", self.contacts),
            ("vragen", self.vragen),
            ("klantcontact_actoren", self.links),
            ("betrokkenen", self.betrokkenen),
            ("interne_taken", self.taken),
        ):
            if rows:
                session.execute(insert(_table(table)), rows)


class _RowBuilder:
    def __init__(self, ids: _Ids, actors: Actors, teams: dict[str, int], seed: int) -> None:
        self.ids = ids
        self.actors = actors
        self.teams = teams
        self.meta = {"bron": "synthetisch", "seed": str(seed)}

    def rows(self, contacts: Sequence[SyntheticContact]) -> _Rows:
        rows = _Rows([], [], [], [], [])
        for contact in contacts:
            contact_id = self.ids.contact
            self.ids.contact += 1
            rows.contacts.append(self.contact_row(contact_id, contact))
            for position, vraag in enumerate(contact.vragen):
                rows.vragen.append(
                    {
                        "id": self.ids.vraag,
                        "klantcontact_id": contact_id,
                        "position": position,
                        "upl": vraag.upl,
                        "specifieke_vraag": vraag.specifieke_vraag,
                        "notitie": "",
                        "gespreksresultaat": vraag.gespreksresultaat,
                        "bronnen": vraag.bronnen,
                    }
                )
                self.ids.vraag += 1
            rows.links.append(
                {"klantcontact_id": contact_id, "actor_id": self.actors.employees[contact.employee]}
            )
            rows.links.append({"klantcontact_id": contact_id, "actor_id": self.actors.assistant})
            self.add_followup(rows, contact_id, contact)
        return rows

    def contact_row(self, contact_id: int, contact: SyntheticContact) -> dict[str, Any]:
        return {
            "id": contact_id,
            "uuid": contact.uuid,
            "kanaal": contact.kanaal,
            "onderwerp": contact.onderwerp,
            "inhoud": contact.inhoud,
            "reactie": contact.reactie,
            "indicatie_contact_gelukt": contact.indicatie_contact_gelukt,
            "taal": contact.taal,
            "vertrouwelijk": contact.vertrouwelijk,
            "plaatsgevonden_op": contact.plaatsgevonden_op,
            "referentienummer": None,
            "metadata": self.meta,
            "team_id": self.teams[contact.team],
            "status": STATUS,
            "tone": contact.tone,
            "complex": contact.complex,
            "synthetic": True,
            "created_at": contact.registered_at,
        }

    def add_followup(self, rows: _Rows, contact_id: int, contact: SyntheticContact) -> None:
        if contact.task is not None:
            task = contact.task
            rows.taken.append(
                {
                    "id": self.ids.taak,
                    "uuid": task.uuid,
                    "klantcontact_id": contact_id,
                    "gevraagde_handeling": task.gevraagde_handeling,
                    "toelichting": task.toelichting,
                    "status": task.status,
                    "toegewezen_aan_actor_id": self.actors.departments[task.department],
                    "toegewezen_op": task.toegewezen_op,
                    "afgehandeld_op": task.afgehandeld_op,
                }
            )
            self.ids.taak += 1
        if contact.betrokkene is not None:
            person = contact.betrokkene
            rows.betrokkenen.append(
                {
                    "id": self.ids.betrokkene,
                    "uuid": person.uuid,
                    "klantcontact_id": contact_id,
                    "rol": "klant",
                    "initiator": True,
                    "voorletters": person.voorletters,
                    "voornaam": person.voornaam,
                    "voorvoegsel_achternaam": person.voorvoegsel_achternaam,
                    "achternaam": person.achternaam,
                    "organisatienaam": "",
                }
            )
            self.ids.betrokkene += 1


def _chunks(items: Sequence[SyntheticContact], size: int) -> Iterator[Sequence[SyntheticContact]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(slots=True)
class HistoryCounts:
    contacts: int = 0
    vragen: int = 0
    betrokkenen: int = 0
    interne_taken: int = 0

    def add(self, rows: _Rows) -> None:
        self.contacts += len(rows.contacts)
        self.vragen += len(rows.vragen)
        self.betrokkenen += len(rows.betrokkenen)
        self.interne_taken += len(rows.taken)


def insert_history(
    session: Session,
    history: Sequence[SyntheticContact],
    *,
    actors: Actors,
    seed: int,
    progress: Progress | None = None,
) -> HistoryCounts:
    """Bulk-insert the contacts and their parts in chunks of :data:`CHUNK` contacts."""
    teams = {team.name: team.id for team in session.scalars(select(Team))}
    builder = _RowBuilder(_next_ids(session), actors, teams, seed)
    counts = HistoryCounts()
    for chunk in _chunks(history, CHUNK):
        rows = builder.rows(chunk)
        rows.insert(session)
        counts.add(rows)
        if progress is not None:
            progress("Contacthistorie opslaan", counts.contacts, len(history))
    fix_sequences(session, ("klantcontacten", "vragen", "betrokkenen", "interne_taken"))
    return counts
