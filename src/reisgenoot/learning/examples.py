"""Examples from confirmed work: recorded by the capabilities, read by the learners.

The capabilities call one function each at the moment a person confirms something:

- :func:`record_registration` — the review gate confirmed a registration (with the employee's
  changes): the conversation, what Reisgenoot proposed and what the employee stored;
- :func:`record_question_link` — a redacteur linked an unanswered question to an article;
- :func:`record_rating` — a resident rated a self-service answer useful or not.

Every text is redacted (:func:`reisgenoot.language.pii.redact`) before it is stored; labels
hold product names, outcomes and article ids only. Provenance is the kind, the capability and
the time — never the employee. Erasure follows the rows the example came from (a deleted
klantcontact or chat takes its examples along) and :func:`erase_resident` finds a resident's
contacts by the keyed identifier hashes; :func:`purge_expired` applies the retention period.
A learner that reads sentence vectors computes them once, in a training run, from the
redacted text, and keeps them on the example's row (:func:`store_vectors`): erasure and
retention take them along with the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from sqlalchemy import Table, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from reisgenoot.contacts.linking import digests_in
from reisgenoot.contacts.records import IdentifierHash
from reisgenoot.language.pii import redact
from reisgenoot.learning.models import KINDS, QUESTION_LINK, RATING, REGISTRATION, Example
from reisgenoot.store.base import utcnow

TEXT_MAX = 20_000


@dataclass(frozen=True, slots=True)
class LearningExample:
    """An example as a learner sees it: redacted text, label, kind and when."""

    kind: str
    text: str
    label: Mapping[str, Any]
    proposed: Mapping[str, Any] | None = None
    created_at: datetime | None = None
    capability: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    vector: npt.NDArray[np.float32] | None = None  # the e5 vector of its redacted question
    id: int | None = None  # the stored row (None: not stored, e.g. in a bench)

    @property
    def resident_text(self) -> str:
        """The resident's lines of a conversation example (``inwoner: …``), without speakers."""
        said = [
            line.split(":", 1)[1].strip()
            for line in self.text.splitlines()
            if line.startswith("inwoner:")
        ]
        return "\n".join(said) or self.text


def clean(text: str) -> str:
    """``text`` redacted (tags), white space tidied, bounded."""
    return " ".join(redact(text).text.split())[:TEXT_MAX]


def conversation_text(turns: Iterable[tuple[str, str]]) -> str:
    """A conversation as stored in an example: one ``speaker: redacted text`` line per turn."""
    return "\n".join(f"{speaker}: {clean(text)}" for speaker, text in turns if text.strip())


def _vragen(values: Mapping[str, str]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    number = 0
    while f"vragen[{number}].upl" in values:
        found.append(
            {
                "upl": values[f"vragen[{number}].upl"],
                "gespreksresultaat": values.get(f"vragen[{number}].gespreksresultaat", ""),
            }
        )
        number += 1
    return found


def registration_label(values: Mapping[str, str]) -> dict[str, Any]:
    """The label of a registration from review-gate field values: products, outcomes, task,
    channel (no free text: it may hold what the redaction missed)."""
    return {
        "kanaal": values.get("kanaal", ""),
        "vragen": _vragen(values),
        "interneTaak": values.get("interneTaak") == "ja",
    }


def record_registration(
    session: Session,
    *,
    klantcontact_id: int,
    turns: Iterable[tuple[str, str]],
    proposed: Mapping[str, str],
    confirmed: Mapping[str, str],
) -> Example:
    """Record a confirmed registration: ``turns`` are (speaker, text) of the conversation,
    ``proposed`` and ``confirmed`` the review gate's field values before and after review."""
    example = Example(
        kind=REGISTRATION,
        capability="assist",
        text=conversation_text(turns),
        label=registration_label(confirmed),
        proposed=registration_label(proposed),
        created_at=utcnow(),
        klantcontact_id=klantcontact_id,
    )
    session.add(example)
    session.flush()
    return example


def record_question_link(
    session: Session, *, question: str, article_id: str, exchange_id: int | None = None
) -> Example:
    """Record that a redacteur linked an (unanswered) question to an article."""
    example = Example(
        kind=QUESTION_LINK,
        capability="knowledge",
        text=clean(question),
        label={"article_id": article_id},
        created_at=utcnow(),
        exchange_id=exchange_id,
    )
    session.add(example)
    session.flush()
    return example


def record_rating(
    session: Session,
    *,
    exchange_id: int,
    question: str,
    article_id: str | None,
    helpful: bool,
) -> Example | None:
    """Record a resident's rating of a self-service answer (None: the answer named no article)."""
    if not article_id:
        return None
    example = Example(
        kind=RATING,
        capability="knowledge",
        text=clean(question),
        label={"article_id": article_id, "helpful": bool(helpful)},
        created_at=utcnow(),
        exchange_id=exchange_id,
    )
    session.add(example)
    session.flush()
    return example


def vector_bytes(vector: npt.NDArray[np.float32]) -> bytes:
    """A sentence vector as stored on an example (float16, little-endian)."""
    return np.asarray(vector, dtype="<f2").tobytes()


def vector_of(stored: bytes | None) -> npt.NDArray[np.float32] | None:
    """The vector of :func:`vector_bytes` (None: none stored)."""
    return None if not stored else np.frombuffer(stored, dtype="<f2").astype(np.float32)


def load(session: Session, kinds: Sequence[str] = KINDS) -> list[LearningExample]:
    """The stored examples of ``kinds``, oldest first, with their stored vectors."""
    rows = session.scalars(
        select(Example).where(Example.kind.in_(list(kinds))).order_by(Example.id)
    )
    return [
        LearningExample(
            r.kind,
            r.text,
            r.label,
            r.proposed,
            r.created_at,
            r.capability,
            vector=vector_of(r.vector),
            id=r.id,
        )
        for r in rows
    ]


def store_vectors(session: Session, vectors: Mapping[int, npt.NDArray[np.float32]]) -> None:
    """Keep the sentence vector of each example (by id) on its row (an example erased
    meanwhile is simply not there). One Core update: the nightly child has only the learning
    tables' mappings loaded."""
    if not vectors:
        return
    table = cast(Table, Example.__table__)
    statement = update(table).where(table.c.id == bindparam("row")).values(vector=bindparam("data"))
    session.execute(
        statement, [{"row": key, "data": vector_bytes(value)} for key, value in vectors.items()]
    )


def counts(session: Session) -> dict[str, int]:
    """How many examples there are of each kind."""
    rows = session.execute(select(Example.kind, func.count(Example.id)).group_by(Example.kind))
    found = {kind: 0 for kind in KINDS}
    found.update({str(kind): int(n) for kind, n in rows})
    return found


def purge_expired(session: Session, days: int, now: datetime | None = None) -> int:
    """Delete examples older than the retention period of ``days``; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    result = session.execute(delete(Example).where(Example.created_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def erase_resident(session: Session, link_key: bytes, identifiers: Iterable[str]) -> int:
    """Delete the examples of every contact of the resident with these identifiers (a BSN,
    phone number, e-mail address … as text); returns how many were deleted."""
    digests = list(digests_in(identifiers, link_key))
    if not digests:
        return 0
    contacts = select(IdentifierHash.klantcontact_id).where(IdentifierHash.digest.in_(digests))
    result = session.execute(delete(Example).where(Example.klantcontact_id.in_(contacts)))
    return int(getattr(result, "rowcount", 0) or 0)
