"""The :class:`Learner` protocol: what a capability supplies to learn from confirmed work.

A learner names itself (``assist.topics``), says which kinds of example it learns from, trains
artifact files into a folder, measures a folder (or the packaged model) on the blind dev set,
and loads a folder the way its capability does at run time. Capabilities list their learners
in their own ``learners.py`` (``LEARNERS = (...)``); composition gathers them
(:func:`reisgenoot.app.learners`), as it gathers start-page cards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from reisgenoot.learning.examples import LearningExample


@dataclass(frozen=True, slots=True)
class Figures:
    """Blind-dev figures of one model: ``main`` decides (higher is better; None: no dev set)."""

    main: float | None
    values: Mapping[str, float] = field(default_factory=dict)
    items: int = 0
    dev: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "main": self.main,
            "values": dict(self.values),
            "items": self.items,
            "dev": self.dev,
        }


class Learner(Protocol):
    """One learned model of a capability."""

    name: str  # e.g. "assist.topics"; also the folder under REISGENOOT_HOME/models
    capability: str  # "assist", "knowledge"
    kinds: tuple[str, ...]  # the example kinds it learns from
    description: str  # Dutch, B1: what this model does, for status and model cards
    min_examples: int  # fewer examples than this: no new version

    def examples_of(self, examples: Sequence[LearningExample]) -> list[LearningExample]:
        """The examples this learner can use (e.g. only corrections with a product)."""
        ...

    def train(self, examples: Sequence[LearningExample], folder: Path) -> list[Path]:
        """Train on ``examples`` and write the artifact files into ``folder``."""
        ...

    def evaluate(self, folder: Path | None, dev: Path) -> Figures:
        """Blind-dev figures of the version in ``folder`` (None: the packaged model); the dev
        sets are under ``dev`` (``evaluation/blind``)."""
        ...

    def score(self, folder: Path | None, examples: Sequence[LearningExample]) -> float | None:
        """The share of ``examples`` (confirmed work of this municipality, not learned from by
        the version in ``folder``) that the version gets right; None: this learner cannot
        measure itself on its examples (the gate then reads blind dev alone)."""
        ...

    def load(self, folder: Path | None) -> object:
        """The model as the capability uses it, from ``folder`` (None: the packaged model)."""
        ...


@runtime_checkable
class ReadsVectors(Protocol):
    """A learner that also reads a sentence vector per example (the UPL model). A training run
    asks it for the vectors its examples do not have yet and keeps them on the examples' rows
    (:func:`reisgenoot.learning.examples.store_vectors`), so each is computed once."""

    def vectors(self, examples: Sequence[LearningExample]) -> list[npt.NDArray[np.float32] | None]:
        """The vector of each example's redacted text (None: vectors are off)."""
        ...
