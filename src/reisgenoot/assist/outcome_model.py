"""The learned gespreksresultaat of a conversation (the KISS outcome of the main question).

Features of a conversation (:func:`conversation_features`): what the phrase rules of
:mod:`reisgenoot.assist.outcome` find (outcome, follow-up kind), every phrase pattern of those
rules that occurs, by speaker and whether in the last four turns (the rules keep only the first
hit in a fixed order; the model weighs them all), the employee's lemmas and bigrams (those of
the last three employee turns apart: that is where the outcome is said) and the lemmas of the
resident's last two turns. A multinomial logistic regression
(:mod:`reisgenoot.language.linear`) over them; numpy only at run time. The follow-up task model
(:mod:`reisgenoot.assist.followup_model`) reads the same features.

**Examples** for :func:`train` are mappings (one JSON object per line in a ``.jsonl`` file)::

    {"turns": [{"speaker": "medewerker", "text": "Goedemorgen, ..."},
               {"speaker": "inwoner", "text": "Ik bel over ..."}, ...],
     "gespreksresultaat": "Contactverzoek gemaakt", "interneTaak": true}

- ``turns``: the conversation in order; ``speaker`` is ``medewerker`` or ``inwoner``
  (a confirmed klantcontact's stored turns);
- ``gespreksresultaat``: the confirmed outcome of the main question
  (:data:`reisgenoot.contacts.models.GESPREKSRESULTATEN`);
- ``interneTaak``: whether the confirmed contact has an interne taak (the follow-up model);
- ``question`` (optional): the indices of the main question's turns when the conversation has
  several questions (:func:`features_with_question` reads what ends them; ADR 70).

``scripts/train_outcome.py`` trains the packaged files (``outcome_model.npz`` over
:func:`features_with_question`, ``followup_model.npz`` over :func:`conversation_features`)
from ``training-data/transcripts`` and ``transcripts-more``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from reisgenoot.assist import outcome as rules
from reisgenoot.assist.embedding import turn_vectors
from reisgenoot.assist.outcome import Spoken, follow_up, gespreksresultaat
from reisgenoot.assist.transcript import RESIDENT_SPEAKERS
from reisgenoot.language.analysis import word_lemmas
from reisgenoot.language.linear import LinearModel, fit
from reisgenoot.language.text import STOPWORDS
from reisgenoot.learning.registry import ACTIVE

__all__ = [
    "DEFAULT_FILE",
    "LEARNER",
    "Model",
    "active_model",
    "conversation_features",
    "load_model",
    "train",
]

Model = LinearModel
DEFAULT_FILE = "outcome_model.npz"
ANCHORS_FILE = "outcome_anchors.json"  # packaged training features (scripts/train_outcome.py)
LEARNER = "assist.outcome"  # its learned versions: reisgenoot.learning (assist/outcome_learners.py)
C = 2.0
# Each outcome's examples weigh (examples / (outcomes × its examples)) to this power in training
# (0: as written, 1: balanced). ADR 79 measured 0.5 (the rarer outcomes such as "Verwezen naar
# ander instantie" count more, "Zelfstandig afgehandeld" less): better on blind dev, the
# writer-held-out folds and the blind test, held back with writers C8–C9 (a plain live
# transfer got a task); ``scripts/train_outcome.py --balance 0.5 --held-back`` trains it.
BALANCE = 0.0
END_TURNS = 3
LATE_TURNS = 4  # a phrase pattern in the last this many turns is also a feature of its own
SUBJECT_TURNS = 2  # who-does-what pairs are read in each speaker's last this many turns
# Subject pronouns (folded to one form each) of the who-does-what features: "dan bel ik",
# "u neemt contact op", "wij sturen", "ze bellen u".
SUBJECTS = {
    "ik": "ik",
    "wij": "wij",
    "we": "wij",
    "u": "u",
    "jij": "je",
    "je": "je",
    "zij": "zij",
    "ze": "zij",
    "hij": "hij",
    "jullie": "jullie",
}
_WORD = re.compile(r"[a-zà-ÿ]+")
_SENTENCE_END = re.compile(r"[.!?\n]+")
# The phrase patterns of the rules, each a feature by speaker (e: employee, r: resident).
PATTERNS = {
    "dropped": rules.DROPPED,
    "transfer": rules.TRANSFER,
    "colleague": rules.COLLEAGUE,
    "department": rules.DEPARTMENT,
    "referral": rules.REFERRAL,
    "resident_calls_back": rules.RESIDENT_CALLS_BACK,
    "employee_says_call_back": rules.EMPLOYEE_SAYS_CALL_BACK,
    "resident_recontacts": rules.RESIDENT_RECONTACTS,
    "employee_says_recontact": rules.EMPLOYEE_SAYS_RECONTACT,
    "consulted": rules.CONSULTED,
    "callback": rules.CALLBACK,
    "callback_mail": rules.CALLBACK_MAIL,
    "forward": rules.FORWARD,
    "callback_asked": rules.CALLBACK_ASKED,
    "conditional": rules.CONDITIONAL,
}


@dataclass(frozen=True, slots=True)
class PlainTurn:
    """A turn of an example (speaker and text)."""

    speaker: str
    text: str

    @property
    def is_employee(self) -> bool:
        return self.speaker == "medewerker"

    @property
    def is_resident(self) -> bool:
        return self.speaker in RESIDENT_SPEAKERS


def example_turns(example: Mapping[str, Any]) -> list[PlainTurn]:
    return [PlainTurn(str(t["speaker"]), str(t["text"])) for t in example["turns"]]


def _lemmas(turn: Spoken) -> list[str]:
    analysis = getattr(turn, "analysis", None)
    if analysis is None:
        return list(_text_lemmas(turn.text))
    return [w for w in analysis.lemmas if w not in STOPWORDS and len(w) > 1]


@lru_cache(maxsize=8192)
def _text_lemmas(text: str) -> tuple[str, ...]:
    """The content lemmas of a turn's text (cached: greetings and closings repeat, and the
    last employee turns are read twice)."""
    return tuple(w for w in word_lemmas(text) if w not in STOPWORDS and len(w) > 1)


@lru_cache(maxsize=4096)
def _pattern_hits(text: str) -> tuple[str, ...]:
    """The names of the phrase patterns that occur in ``text`` (cached: live assist rebuilds
    the draft after every turn)."""
    return tuple(name for name, pattern in PATTERNS.items() if pattern.search(text))


def pattern_features(turns: Sequence[Spoken]) -> dict[str, float]:
    """Every phrase pattern that occurs, by speaker, and apart when in the last turns."""
    result: dict[str, float] = {}
    late = len(turns) - LATE_TURNS
    for index, turn in enumerate(turns):
        who = "e" if turn.is_employee else "r"
        for name in _pattern_hits(turn.text):
            result[f"hit:{who}:{name}"] = 1.0
            if index >= late:
                result[f"late:{who}:{name}"] = 1.0
    return result


@lru_cache(maxsize=16384)
def _word_lemma(word: str) -> str:
    lemmas = word_lemmas(word)
    return lemmas[0] if lemmas else word


@lru_cache(maxsize=4096)
def _subject_pairs(text: str) -> tuple[str, ...]:
    """Each subject pronoun of ``text`` with the lemma of the word before and after it."""
    pairs: set[str] = set()
    for sentence in _SENTENCE_END.split(text.lower()):
        words = _WORD.findall(sentence)
        for index, word in enumerate(words):
            subject = SUBJECTS.get(word)
            if subject is None:
                continue
            for near in (index - 1, index + 1):
                if 0 <= near < len(words) and words[near] not in SUBJECTS and len(words[near]) > 1:
                    pairs.add(f"{subject}_{_word_lemma(words[near])}")
    return tuple(sorted(pairs))


def subject_features(turns: Sequence[Spoken]) -> dict[str, float]:
    """Who does what next, by speaker: a subject pronoun with the word beside it in each
    speaker's last turns ("dan bel ik" → ``sv:r:ik_bellen``, "u neemt" → ``sv:e:u_nemen``).

    A measured candidate, not in :func:`conversation_features` (ADR 54: better on the own set,
    blind dev and its folds, not on the blind test): :func:`features_with_subjects` adds them,
    ``scripts/outcome_folds.py --subjects`` measures them.
    """
    result: dict[str, float] = {}
    employee = [t for t in turns if t.is_employee][-SUBJECT_TURNS:]
    resident = [t for t in turns if t.is_resident][-SUBJECT_TURNS:]
    for who, last in (("e", employee), ("r", resident)):
        for turn in last:
            for pair in _subject_pairs(turn.text):
                result[f"sv:{who}:{pair}"] = 1.0
    return result


def conversation_features(
    turns: Sequence[Spoken], question: Sequence[int] | None = None
) -> dict[str, float]:
    """The sparse features of a conversation for the outcome and follow-up models (the main
    question's turns ``question`` are not read: see :func:`features_with_question`)."""
    result: dict[str, float] = {}
    if not turns:
        return result
    result[f"rule:{gespreksresultaat(turns).value}"] = 1.0
    task = follow_up(turns)
    if task is not None:
        kind = task.gevraagde_handeling.split(" ")[0]
        result[f"fu:{kind}"] = 1.0
        result["fu"] = 1.0
    result.update(pattern_features(turns))
    employee = [t for t in turns if t.is_employee]
    resident = [t for t in turns if t.is_resident]
    for turn in employee:
        for word in _lemmas(turn):
            result[f"e:{word}"] = 1.0
    for turn in employee[-END_TURNS:]:
        words = _lemmas(turn)
        for word in words:
            result[f"end:{word}"] = 1.0
        for first, second in itertools.pairwise(words):
            result[f"endb:{first}_{second}"] = 1.0
    for turn in resident[-2:]:
        for word in _lemmas(turn):
            result[f"r:{word}"] = 1.0
    return result


ENDING_TURNS = 2  # the meaning of the ending: each speaker's last this many turns
ENDING_SCALE = 4.0  # the vector features' scale against the 0/1 word features (one L2 for all)


def ending_features(
    turns: Sequence[Spoken], *, last: int = ENDING_TURNS, scale: float = ENDING_SCALE
) -> dict[str, float]:
    """The meaning of the call's ending: the mean e5 vector (:mod:`reisgenoot.assist.embedding`,
    cached per text) of each speaker's last ``last`` turns, one feature per dimension and
    speaker (``ve:17``, ``vr:17``), times ``scale``; empty when vectors are off.

    A measured candidate, not in the shipped features (h136, docs/evaluation.md: worse on blind
    dev and the unseen writers as the scale grows; ``scripts/outcome_folds.py --ending``)."""
    result: dict[str, float] = {}
    for who, role in (("e", True), ("r", False)):
        said = [t.text for t in turns if t.is_employee == role and t.text.strip()][-last:]
        vectors = turn_vectors(said) if said else None
        if not vectors:
            continue
        mean = np.mean(np.stack(vectors), axis=0) * scale
        result.update({f"v{who}:{i}": float(v) for i, v in enumerate(mean)})
    return result


def features_with_subjects(
    turns: Sequence[Spoken], question: Sequence[int] | None = None
) -> dict[str, float]:
    """The conversation features with who acts next (the ADR 54 candidate)."""
    return {**conversation_features(turns), **subject_features(turns)}


def question_features(turns: Sequence[Spoken], question: Sequence[int] | None) -> dict[str, float]:
    """What ends the main question: the rule outcome of its turns ``question`` (all turns when
    the conversation has one question), the phrase patterns and the employee's last words in
    them, and whether other questions follow it."""
    chosen = sorted(question) if question else list(range(len(turns)))
    if not chosen:
        return {}
    segment = [turns[i] for i in chosen]
    result = {f"qrule:{gespreksresultaat(turns, chosen).value}": 1.0}
    result.update({f"q{name}": 1.0 for name in pattern_features(segment)})
    for turn in [t for t in segment if t.is_employee][-END_TURNS:]:
        for word in _lemmas(turn):
            result[f"qend:{word}"] = 1.0
    if question:
        result["q:several"] = 1.0
        if chosen[-1] < len(turns) - LATE_TURNS:
            result["q:early"] = 1.0
    return result


def features_with_question(
    turns: Sequence[Spoken], question: Sequence[int] | None = None
) -> dict[str, float]:
    """The conversation features with what ends the main question (issue 15 candidate)."""
    return {**conversation_features(turns), **question_features(turns, question)}


Features = Callable[[Sequence[Spoken], Sequence[int] | None], dict[str, float]]


def train(
    examples: Iterable[Mapping[str, Any]],
    *,
    c: float = C,
    weights: Sequence[float] | None = None,
    features: Features = conversation_features,
    balance: float = BALANCE,
) -> Model:
    """The gespreksresultaat model learned from ``examples`` (format in the module docstring)
    over ``features`` of their turns, each outcome weighted by its share to the power
    ``balance`` (:data:`BALANCE`)."""
    items, weight = usable(examples, weights, lambda e: bool(e.get("gespreksresultaat")))
    labels = [str(e["gespreksresultaat"]) for e in items]
    if len(set(labels)) < 2:
        raise ValueError("at least two outcomes are needed to train")
    rows = [features(example_turns(e), e.get("question")) for e in items]
    return fit(rows, labels, c=c, sample_weight=balanced(labels, weight, balance))


def balanced(
    labels: Sequence[str], weights: Sequence[float] | None, power: float
) -> list[float] | None:
    """``weights`` (1 each when not given) times (total / (classes × the label's total))
    to the power ``power``, the totals summed over the weights."""
    if not power:
        return None if weights is None else list(weights)
    given = [1.0] * len(labels) if weights is None else list(weights)
    totals: dict[str, float] = {}
    for label, w in zip(labels, given, strict=True):
        totals[label] = totals.get(label, 0.0) + w
    whole = sum(totals.values())
    return [
        w * (whole / (len(totals) * totals[label])) ** power
        for label, w in zip(labels, given, strict=True)
    ]


def usable(
    examples: Iterable[Mapping[str, Any]],
    weights: Sequence[float] | None,
    labelled: Callable[[Mapping[str, Any]], bool],
) -> tuple[list[Mapping[str, Any]], list[float] | None]:
    """The examples with turns that ``labelled`` accepts, with their weights (if given)."""
    given = list(examples)
    kept = [i for i, e in enumerate(given) if e.get("turns") and labelled(e)]
    return [given[i] for i in kept], None if weights is None else [weights[i] for i in kept]


@cache
def _packaged(name: str) -> Model:
    resource = resources.files("reisgenoot.assist").joinpath("data", name)
    with resources.as_file(resource) as path:
        return LinearModel.load(path)


def load_model(path: Path | None = None) -> Model:
    """The model at ``path``, or the packaged default (read once per process)."""
    return _packaged(DEFAULT_FILE) if path is None else LinearModel.load(path)


@lru_cache(maxsize=8)
def learned_file(path: Path, stamp: int) -> Model:
    """A learned version's file (read once per change of the file)."""
    return LinearModel.load(path)


def active_model() -> Model:
    """The active learned version (model registry), else the packaged model."""
    path = ACTIVE.artifact(LEARNER, DEFAULT_FILE)
    return load_model() if path is None else learned_file(path, path.stat().st_mtime_ns)


def predict(model: Model, feats: Mapping[str, float]) -> tuple[str, float]:
    """The most probable outcome and its probability."""
    probabilities = model.probabilities(feats)
    best = int(probabilities.argmax())
    return model.classes[best], float(probabilities[best])
