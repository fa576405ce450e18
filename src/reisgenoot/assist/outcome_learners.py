"""What agent assist learns from confirmed work about how a conversation ends.

Two learners, one per model that registration uses through :func:`reisgenoot.assist.agreement.decide`:

- :class:`OutcomeLearner` corrects the gespreksresultaat model
  (:mod:`reisgenoot.assist.outcome_model`) with the confirmed outcome of the main question;
- :class:`FollowupLearner` corrects the follow-up model (:mod:`reisgenoot.assist.followup_model`)
  with whether the confirmed contact got an interne taak.

The follow-up learner reads the conversation features of
:func:`~reisgenoot.assist.outcome_model.conversation_features`, the outcome learner those of
:func:`~reisgenoot.assist.outcome_model.features_with_question` (a stored conversation is read
as one question: its questions' turns are not stored) from the stored (redacted) turns and learn a sparse correction on top of the packaged model
(:mod:`reisgenoot.learning.correction`). The packaged model's training conversations anchor it:
their features, outcome and task ship as ``assist/data/outcome_anchors.json`` (no text); the
confirmed conversations weigh at least as much together as the anchors. The learned version is
a complete model file in the packaged format.

Blind-dev figures: the share of ``transcripts/dev`` conversations whose outcome
(respectively: task or no task) as :func:`~reisgenoot.assist.agreement.decide` makes it equals
the gold one.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from reisgenoot.assist import followup_model, outcome_model, tables
from reisgenoot.assist.agreement import decide
from reisgenoot.assist.dev_sets import (
    DevConversation,
    dev_conversations,
    example_turns,
    own_conversations,
    share_right,
)
from reisgenoot.assist.outcome import follow_up, gespreksresultaat
from reisgenoot.assist.outcome_model import PlainTurn, conversation_features, question_features
from reisgenoot.language.linear import LinearModel
from reisgenoot.learning import correction
from reisgenoot.learning.examples import LearningExample
from reisgenoot.learning.learner import Figures
from reisgenoot.learning.models import REGISTRATION
from reisgenoot.learning.registry import ACTIVE

L2 = 0.001
ANCHOR_WEIGHT = 0.5
LOCAL_SHARE = 1.0  # the confirmed conversations together weigh at least this share of the anchors


@cache
def _anchors() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(tables.text(outcome_model.ANCHORS_FILE)))


@lru_cache(maxsize=20_000)
def _text_features(text: str) -> dict[str, float]:
    """The conversation features of a stored conversation (both learners read them: once)."""
    turns = [PlainTurn(speaker, said) for speaker, said in example_turns(text)]
    return conversation_features(turns)


@lru_cache(maxsize=20_000)
def _question_features(text: str) -> dict[str, float]:
    """The outcome model's features of a stored conversation
    (:func:`~reisgenoot.assist.outcome_model.features_with_question`, its conversation part
    from :func:`_text_features`' cache; the questions' turns are not stored: read as one
    question)."""
    turns = [PlainTurn(speaker, said) for speaker, said in example_turns(text)]
    return {**_text_features(text), **question_features(turns, None)}


def _decided(item: DevConversation) -> tuple[str, bool]:
    turns = item.turns
    outcome, task = decide(turns, gespreksresultaat(turns), follow_up(turns))
    return outcome.value, task is not None


@dataclass
class _ConversationLearner:
    """A learner of a conversation-level model of agent assist (outcome or follow-up)."""

    name: str
    description: str
    figure_name: str
    model_file: str
    packaged: Callable[[], LinearModel]
    active: Callable[[], LinearModel]
    features: Callable[[str], dict[str, float]] = _text_features
    anchor_key: str = "features"  # the anchors' features this model reads
    capability: str = "assist"
    kinds: tuple[str, ...] = (REGISTRATION,)
    min_examples: int = 20

    def label(self, example: LearningExample) -> str | None:
        return self.label_of(example.label)

    def label_of(self, label: Mapping[str, Any]) -> str | None:
        raise NotImplementedError

    def right(self, item: DevConversation) -> bool:
        raise NotImplementedError

    def examples_of(self, examples: Sequence[LearningExample]) -> list[LearningExample]:
        known = set(self.packaged().classes)
        return [
            e
            for e in examples
            if e.kind == REGISTRATION and self.label(e) in known and e.text.strip()
        ]

    def rows(self, examples: Sequence[LearningExample]) -> correction.Rows:
        """The confirmed conversations and the packaged anchors, shuffled."""
        model = self.packaged()
        position = {name: i for i, name in enumerate(model.classes)}
        table = [(self.features(e.text), position[str(self.label(e))], True) for e in examples]
        for anchor in _anchors():
            label = self.label_of(anchor)
            if label in position:
                table.append((dict(anchor[self.anchor_key]), position[label], False))
        random.Random(len(table)).shuffle(table)
        local = np.array([own for *_rest, own in table], dtype=bool)
        weight = max(
            1.0, LOCAL_SHARE * int((~local).sum()) * ANCHOR_WEIGHT / max(int(local.sum()), 1)
        )
        base = model.sparse_logits([feats for feats, *_rest in table]) / model.temperature
        return correction.Rows(
            features=[feats for feats, *_rest in table],
            base=base,
            labels=np.array([label for _feats, label, _own in table], dtype=np.int64),
            weights=np.where(local, weight, ANCHOR_WEIGHT).astype(np.float64),
            local=local,
        )

    def train(self, examples: Sequence[LearningExample], folder: Path) -> list[Path]:
        learned = correction.fit(self.rows(examples), l2=L2)
        path = folder / self.model_file
        correction.merged(self.packaged(), learned).save(path)
        return [path]

    def evaluate(self, folder: Path | None, dev: Path) -> Figures:
        items = dev_conversations(dev)
        share = share_right(self.name, folder, items, self.right)
        if share is None:
            return Figures(None, {}, 0, "")
        return Figures(share, {self.figure_name: share}, len(items), "transcripts/dev")

    def score(self, folder: Path | None, examples: Sequence[LearningExample]) -> float | None:
        own = own_conversations(self.examples_of(examples))
        return share_right(self.name, folder, own, self.right)

    def load(self, folder: Path | None) -> object:
        with ACTIVE.using(self.name, folder):
            return self.active()


class OutcomeLearner(_ConversationLearner):
    """The gespreksresultaat of the main question, corrected with confirmed registrations."""

    def __init__(self) -> None:
        super().__init__(
            name=outcome_model.LEARNER,
            description="Stelt het resultaat van het gesprek voor (gespreksresultaat).",
            figure_name="gespreksresultaat",
            model_file=outcome_model.DEFAULT_FILE,
            packaged=outcome_model.load_model,
            active=outcome_model.active_model,
            features=_question_features,
            anchor_key="question_features",
        )

    def label_of(self, label: Mapping[str, Any]) -> str | None:
        if "gespreksresultaat" in label:  # an anchor
            return str(label["gespreksresultaat"]) or None
        vragen = label.get("vragen") or []
        return str(vragen[0].get("gespreksresultaat") or "") or None if vragen else None

    def right(self, item: DevConversation) -> bool:
        return _decided(item)[0] == item.gold_outcome


class FollowupLearner(_ConversationLearner):
    """Whether a conversation leaves an interne taak, corrected with confirmed registrations."""

    def __init__(self) -> None:
        super().__init__(
            name=followup_model.LEARNER,
            description="Stelt voor of er na het gesprek een taak (interne taak) nodig is.",
            figure_name="interne_taak",
            model_file=followup_model.DEFAULT_FILE,
            packaged=followup_model.load_model,
            active=followup_model.active_model,
        )

    def label_of(self, label: Mapping[str, Any]) -> str | None:
        if "interneTaak" not in label:
            return None
        return followup_model.YES if label["interneTaak"] else followup_model.NO

    def right(self, item: DevConversation) -> bool:
        return _decided(item)[1] == item.gold_task
