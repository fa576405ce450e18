"""Helpers for the learning tests: confirm conversations through the real review gate."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from reisgenoot.accounts.models import User
from reisgenoot.assist import review
from reisgenoot.assist.analysed import analyse_turns
from reisgenoot.assist.concept import save_concept
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.transcript import Transcript, parse_text
from reisgenoot.contacts.linking import link_key
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database


def transcript_of(resident: str) -> Transcript:
    return parse_text(
        f"medewerker: Gemeente Voorbeeldstad, goedemiddag.\ninwoner: {resident}\n"
        "medewerker: Ik kijk het voor u na."
    )


def proposal(db: Database, settings: Settings, resident: str) -> tuple[str, dict[str, str]]:
    """Save a concept of a conversation and open its review: (uuid, proposed values)."""
    transcript = transcript_of(resident)
    analysed = analyse_turns(transcript.turns)
    with db.session() as session:
        draft = draft_registration(transcript, kanaal="Telefoon", analysed=analysed)
        contact = save_concept(
            session,
            transcript,
            draft,
            audit_key=settings.audit_secret(),
            link_key=link_key(settings),
            actor="medewerker",
        )
        values = review.open_review(session, contact, transcript, analysed)["values"]
        return contact.uuid, dict(values)


def confirm(
    db: Database, settings: Settings, resident: str, changes: dict[str, str] | None = None
) -> tuple[str, dict[str, str]]:
    """Propose and confirm a conversation with the employee's ``changes``; returns (uuid,
    what was proposed)."""
    uuid, proposed = proposal(db, settings, resident)
    transcript = transcript_of(resident)
    analysed = analyse_turns(transcript.turns)
    with db.session() as session:
        user = session.scalars(select(User).where(User.username == "medewerker")).one()
        contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
        values = {**proposed, **(changes or {})}
        review.confirm(
            session,
            contact,
            transcript,
            analysed,
            review.Reviewer(user.id, user.username, user.display_name),
            values,
            audit_key=settings.audit_secret(),
            link_key=link_key(settings),
        )
    return uuid, proposed


def write_dev(root: Path, items: Sequence[tuple[str, str]]) -> Path:
    """A blind-dev-shaped folder (``transcripts/dev``) with (resident text, gold UPL) items."""
    folder = root / "transcripts" / "dev"
    (folder / "transcripts").mkdir(parents=True)
    lines = []
    for number, (resident, upl) in enumerate(items):
        name = f"d{number}.txt"
        (folder / "transcripts" / name).write_text(
            f"medewerker: Goedemiddag.\ninwoner: {resident}\nmedewerker: Ik help u.\n",
            encoding="utf-8",
        )
        lines.append(json.dumps({"source": name, "vragen": [{"upl": upl}]}))
    (folder / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root
