"""Retraining: every learner on the current examples, each new version gated on blind dev.

For each learner :func:`train_all` reads its examples (one short transaction), trains a new
version into its folder (a learner that reads sentence vectors first gets those its examples
lack, computed once and kept on the examples' rows), measures the active version and the new one on the blind dev set, and
records the version with both figures. The new version is activated only when it is not worse
(``after.main >= before.main``); otherwise it is recorded as ``afgewezen`` and its files are
removed. Training runs outside any database transaction, so the web app keeps serving while a
nightly run is busy. Examples past the retention period are purged first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reisgenoot.learning import examples as example_store
from reisgenoot.learning import registry
from reisgenoot.learning.examples import LearningExample
from reisgenoot.learning.learner import Figures, Learner, ReadsVectors
from reisgenoot.learning.models import ACTIVE, REJECTED, ModelVersion
from reisgenoot.log import get_logger
from reisgenoot.store.engine import Database

log = get_logger(__name__)
TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one training run did for one learner."""

    learner: str
    version: int | None  # None: no version made (too few examples)
    examples: int
    activated: bool
    before: Figures | None
    after: Figures | None
    reason: str  # Dutch, for people

    def as_dict(self) -> dict[str, object]:
        return {
            "model": self.learner,
            "versie": self.version,
            "voorbeelden": self.examples,
            "geactiveerd": self.activated,
            "voor": self.before.as_dict() if self.before else None,
            "na": self.after.as_dict() if self.after else None,
            "reden": self.reason,
        }


def not_worse(before: Figures, after: Figures) -> bool:
    """The gate: a version may replace the active one when its blind-dev figure is not lower."""
    if before.main is None or after.main is None:
        return False
    return after.main >= before.main - TOLERANCE


def _reason(before: Figures, after: Figures, accepted: bool) -> str:
    if before.main is None or after.main is None:
        return "niet geactiveerd: geen blind-dev-set gevonden om mee te vergelijken"
    figures = f"blind dev {before.main:.3f} → {after.main:.3f}"
    if accepted:
        return f"geactiveerd ({figures})"
    return f"niet geactiveerd: slechter op de blind-dev-set ({figures})"


def with_vectors(
    database: Database, learner: Learner, usable: Sequence[LearningExample]
) -> list[LearningExample]:
    """``usable`` with a sentence vector on each example, when ``learner`` reads them: the
    missing ones are computed now (from the redacted text) and kept on the examples' rows."""
    if not isinstance(learner, ReadsVectors):
        return list(usable)
    missing = [e for e in usable if e.vector is None and e.id is not None]
    found = learner.vectors(missing) if missing else []
    new = {
        e.id: example_store.vector_of(example_store.vector_bytes(v))
        for e, v in zip(missing, found, strict=True)
        if v is not None and e.id is not None
    }
    if new:
        with database.session() as session:
            example_store.store_vectors(session, {k: v for k, v in new.items() if v is not None})
    return [replace(e, vector=new[e.id]) if e.id in new else e for e in usable]


def train_one(database: Database, home: Path, learner: Learner, dev: Path) -> Outcome:
    """Train, measure and (when not worse) activate a new version of ``learner``."""
    with database.session() as session:
        usable = learner.examples_of(example_store.load(session, learner.kinds))
        if len(usable) < learner.min_examples:
            return Outcome(
                learner.name,
                None,
                len(usable),
                False,
                None,
                None,
                f"te weinig voorbeelden ({len(usable)}, nodig: {learner.min_examples})",
            )
        number = registry.next_number(session, learner.name)
        current = registry.active_version(session, learner.name)
        current_folder = (
            registry.version_folder(home, learner.name, current.number) if current else None
        )
    usable = with_vectors(database, learner, usable)
    folder = registry.version_folder(home, learner.name, number)
    folder.mkdir(parents=True, exist_ok=True)
    learner.train(usable, folder)
    before = learner.evaluate(current_folder, dev)
    after = learner.evaluate(folder, dev)
    accepted = not_worse(before, after)
    with database.session() as session:
        version = ModelVersion(
            learner=learner.name,
            number=number,
            examples=len(usable),
            before=before.as_dict(),
            after=after.as_dict(),
            status=ACTIVE if accepted else REJECTED,
            active=False,
            note=_reason(before, after, accepted)[:500],
        )
        session.add(version)
        session.flush()
        if accepted:
            registry.activate(session, version)
        registry.refresh(session, home)
    if not accepted:
        registry.discard(home, learner.name, number)
    log.info("learner %s version %s: %s", learner.name, number, version.note)
    return Outcome(learner.name, number, len(usable), accepted, before, after, version.note)


def train_all(
    database: Database,
    home: Path,
    learners: Sequence[Learner],
    dev: Path,
    *,
    retention_days: int,
    only: str | None = None,
) -> list[Outcome]:
    """Purge expired examples, then :func:`train_one` for each learner (or only ``only``)."""
    with database.session() as session:
        example_store.purge_expired(session, retention_days)
    return [
        train_one(database, home, learner, dev)
        for learner in learners
        if only is None or learner.name == only
    ]
