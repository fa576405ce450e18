"""Retraining: every learner on the current examples, each new version gated on blind dev.

For each learner :func:`train_all` reads its examples (one short transaction), trains a new
version into its folder (a learner that reads sentence vectors first gets those its examples
lack, computed once and kept on the examples' rows), measures the active version and the new one on the blind dev set, and
records the version with both figures. The gate (:func:`accept`, ADR 88): the new version is
activated when it is not worse on blind dev (``after.main >= before.main``), or when it is better
on the municipality's own most recent confirmed work and at most ``DRIFT`` below the packaged
model on blind dev (measured only when the gate needs it: a version worse on blind dev and
better on the own work). The own figure comes from a probe: the newest ``HOLD_OUT_SHARE`` of the
examples (at least ``MIN_HOLD_OUT``) are held out, a probe version learns from the rest, and the
probe and the active version are measured on the held-out ones. Otherwise the version is recorded
as ``afgewezen`` and its files are removed. Training runs outside any database transaction, so the web app keeps serving while a
nightly run is busy. Examples past the retention period are purged first.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from reisgenoot.learning import examples as example_store
from reisgenoot.learning import registry
from reisgenoot.learning.examples import LearningExample
from reisgenoot.learning.learner import Figures, Learner, ReadsVectors
from reisgenoot.learning.models import ACTIVE, REJECTED, ModelVersion
from reisgenoot.log import get_logger
from reisgenoot.store.engine import Database

log = get_logger(__name__)
TOLERANCE = 1e-9
HOLD_OUT_SHARE = 0.2  # the newest share of the confirmed work the gate's probe does not learn from
MIN_HOLD_OUT = 20  # fewer held out than this: the gate reads blind dev alone
DRIFT = 0.025  # how far below the packaged model on blind dev a version better at home may go
OWN = "eigen_werk"  # the own figure's name in the recorded figures
T = TypeVar("T")


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


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the gate weighs: blind dev of the active version, the new one and the packaged
    model, and the share right on the held-out own work (None: not measured)."""

    before: float | None
    after: float | None
    packaged: float | None = None
    own_before: float | None = None
    own_after: float | None = None

    @property
    def own_better(self) -> bool:
        return (
            self.own_before is not None
            and self.own_after is not None
            and self.own_after > self.own_before + TOLERANCE
        )


def accept(evidence: Evidence) -> bool:
    """The gate: not worse on blind dev, or better on the own work while blind dev stays within
    ``DRIFT`` of the packaged model (so versions cannot drift down one small step at a time)."""
    if evidence.before is None or evidence.after is None:
        return False
    if evidence.after >= evidence.before - TOLERANCE:
        return True
    floor = evidence.before if evidence.packaged is None else evidence.packaged
    return evidence.own_better and evidence.after >= floor - DRIFT - TOLERANCE


def needs_packaged(evidence: Evidence) -> bool:
    """Whether :func:`accept` reads the packaged model's blind dev figure: only for a version
    worse on blind dev and better on the own work (the packaged model is measured only then)."""
    return (
        evidence.before is not None
        and evidence.after is not None
        and evidence.after < evidence.before - TOLERANCE
        and evidence.own_better
    )


def newest_held_out(items: Sequence[T]) -> tuple[list[T], list[T]]:
    """``items`` (oldest first) split into (learned by the probe, held out): the newest
    ``HOLD_OUT_SHARE`` held out, or none when that is fewer than ``MIN_HOLD_OUT``."""
    count = int(len(items) * HOLD_OUT_SHARE)
    if count < MIN_HOLD_OUT:
        return list(items), []
    return list(items[:-count]), list(items[-count:])


def _reason(evidence: Evidence, accepted: bool) -> str:
    if evidence.before is None or evidence.after is None:
        return "niet geactiveerd: geen blind-dev-set gevonden om mee te vergelijken"
    figures = f"blind dev {evidence.before:.3f} → {evidence.after:.3f}"
    if evidence.own_before is not None and evidence.own_after is not None:
        figures += f"; eigen werk {evidence.own_before:.3f} → {evidence.own_after:.3f}"
    if accepted:
        return f"geactiveerd ({figures})"
    if evidence.own_better:
        return f"niet geactiveerd: beter op eigen werk, te veel slechter op blind dev ({figures})"
    return f"niet geactiveerd: slechter op de blind-dev-set ({figures})"


def _own_figures(
    learner: Learner, current: Path | None, usable: Sequence[LearningExample], probe: Path
) -> tuple[float | None, float | None]:
    """Share right on the newest confirmed work for the active version and for a probe version
    that learned from the older work only (None, None: too few examples or not measurable)."""
    learned, held = newest_held_out(usable)  # stored examples load oldest first
    if not held:
        return None, None
    before = learner.score(current, held)
    if before is None:
        return None, None
    probe.mkdir(parents=True, exist_ok=True)
    try:
        learner.train(learned, probe)
        return before, learner.score(probe, held)
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def _with_own(figures: Figures, own: float | None) -> Figures:
    return figures if own is None else replace(figures, values={**figures.values, OWN: own})


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
    """Train, measure and (when the gate accepts it) activate a new version of ``learner``."""
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
    own_before, own_after = _own_figures(learner, current_folder, usable, folder / "proef")
    learner.train(usable, folder)
    before = learner.evaluate(current_folder, dev)
    after = learner.evaluate(folder, dev)
    evidence = Evidence(before.main, after.main, None, own_before, own_after)
    if current_folder is not None and needs_packaged(evidence):
        evidence = replace(evidence, packaged=learner.evaluate(None, dev).main)
    accepted = accept(evidence)
    before, after = _with_own(before, own_before), _with_own(after, own_after)
    with database.session() as session:
        version = ModelVersion(
            learner=learner.name,
            number=number,
            examples=len(usable),
            before=before.as_dict(),
            after=after.as_dict(),
            status=ACTIVE if accepted else REJECTED,
            active=False,
            note=_reason(evidence, accepted)[:500],
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
