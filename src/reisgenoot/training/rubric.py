"""The opleider's rubric applied to a practice transcript: five criteria and the statements.

The criteria are those an opleider scores a practice conversation on (see
``docs/training.md``): **feiten** (goed / deels / fout), **empathie** (0–2), **vragen**
(0–2), **samenvatten** (0–1) and **afsluiten** (0–2). Each judgement comes with the
feedback statements that support it, every one quoting the trainee's own words where there
are any, and every one addressed to the trainee with "je".

It works on any transcript (a simulated session, or one written out by an opleider), so the
same judgement is measured against opleiders on a blind set (``reisgenoot bench training``).

The rules observe (facts in :mod:`.rubric_facts`, the other criteria here); for
``empathie``, ``samenvatten`` and ``afsluiten`` a small model learned from opleiders'
judgements (:mod:`.rubric_model`) weighs the observations into the level, and the statements
follow that level. Only the trainee's observable words are judged, never their emotions
(contracts §10).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reisgenoot.language.text import words
from reisgenoot.training.analysis import TurnAnalysis, TurnContext, analyse_turn, matches_any
from reisgenoot.training.datafiles import patterns, strings
from reisgenoot.training.kennis import Reference
from reisgenoot.training.rubric_asking import answered_facts
from reisgenoot.training.rubric_facts import (
    article_values,
    denies,
    explained,
    judge_facts,
    known_for,
    scenario_texts,
    things,
)
from reisgenoot.training.rubric_features import transcript_features as _features
from reisgenoot.training.rubric_feiten import fact_features, restate_facts
from reisgenoot.training.rubric_grounding import Grounding, ground
from reisgenoot.training.rubric_model import CriterionModel, load_models
from reisgenoot.training.rubric_statements import (
    TRAINEE,
    RubricTurn,
    Statement,
    confident,
    quote,
    say,
)
from reisgenoot.training.scenario import ExplainItem, Scenario

__all__ = [
    "CRITERIA",
    "Judgement",
    "Statement",
    "asked_facts",
    "denies",
    "judge",
    "judge_lines",
    "transcript_features",
]

CRITERIA = ("feiten", "empathie", "vragen", "samenvatten", "afsluiten")
_CHECK = patterns("rubriek.yaml", "controle")
_GOODBYE = patterns("rubriek.yaml", "afscheid")
_FEELING = strings("rubriek.yaml", "gevoelswoorden")
_RECAP = patterns("rubriek.yaml", "samenvatting")
LEARNED_LEVEL = frozenset({"feiten", "empathie", "samenvatten", "afsluiten"})
"""Criteria whose level a learned model chooses; a model of another criterion (``vragen``) only
says how sure the rules' level is, so feedback can leave out what it doubts."""
ONE_THIRD = 0.33
"""A third of the key facts asked is a 1 on vragen: the others came up because the resident told
them, which the rubric's anchor 1 names; three opleider writers judge it so (ADR 63)."""
_EMOTIONAL = 4.5
"""A persona at or above this emotion needs real acknowledgement (rubric: empathie)."""


@dataclass(slots=True)
class Judgement:
    """The five criteria and the statements behind them."""

    feiten: str
    empathie: int
    vragen: int
    samenvatten: int
    afsluiten: int
    statements: list[Statement] = field(default_factory=list)

    def scores(self) -> dict[str, str | int]:
        return {name: getattr(self, name) for name in CRITERIA}

    def to_dict(self) -> dict[str, object]:
        return {**self.scores(), "uitspraken": [item.to_dict() for item in self.statements]}


def _trainee_turns(
    scenario: Scenario, lines: Sequence[tuple[str, str]], known: frozenset[str], check: bool
) -> list[RubricTurn]:
    turns: list[RubricTurn] = []
    residents: list[str] = []
    trainees: list[str] = []
    for index, (speaker, text) in enumerate(lines):
        if speaker != TRAINEE:
            residents.append(text)
            continue
        context = TurnContext(
            resident_lines=tuple(residents),
            trainee_lines=tuple(trainees),
            jargon=tuple(scenario.jargon),
            allowed=tuple(scenario.toegestaan),
            known_claims=known,
            check_facts=check,
            first_turn=not trainees,
        )
        turns.append(RubricTurn(text, analyse_turn(text, context), index))
        trainees.append(text)
    return turns


def acknowledging(turn: RubricTurn) -> bool:
    """A statement that names a feeling or a hard situation of the resident."""
    if turn.analysis.acknowledges or turn.analysis.hollow:
        return True
    questions = set(turn.analysis.open_questions + turn.analysis.closed_questions)
    for sentence in re.split(r"(?<=[.!?])\s+", turn.text.strip()):
        if sentence in questions or not matches_any(sentence, _FEELING):
            continue
        found = words(sentence.lower())
        if len(found) <= 8 or {"u", "uw", "je", "jij", "jullie"} & set(found):
            return True
    return False


def _emotional(scenario: Scenario) -> bool:
    return scenario.persona.emotie >= _EMOTIONAL or scenario.niveau >= 3


def _empathy(scenario: Scenario, turns: Sequence[RubricTurn]) -> tuple[int, list[Statement]]:
    dismissive = next((t for t in turns if t.analysis.dismissive), None)
    if dismissive is not None:
        phrase = dismissive.analysis.dismissive[0]
        return 0, [Statement("empathie", False, say("afwijzend", zin=phrase), dismissive.text)]
    acks = [t for t in turns if acknowledging(t)]
    if len(acks) >= 2:  # acknowledged more than once: attention through the conversation
        return 2, [Statement("empathie", True, say("erkend"), acks[0].text)]
    if acks:
        return 1, [Statement("empathie", False, say("erkend_een_keer"), acks[0].text)]
    if not _emotional(scenario):
        return 1, [Statement("empathie", False, say("zakelijk"), turns[0].text if turns else None)]
    return 0, [Statement("empathie", False, say("geen_erkenning"), None)]


def asked_facts(scenario: Scenario, analyses: Sequence[TurnAnalysis]) -> list[str]:
    """The scenario's facts the trainee asked about, in the order asked."""
    asked: list[str] = []
    for analysis in analyses:
        questions = " ".join(analysis.open_questions + analysis.closed_questions)
        if not questions:
            continue
        for fact in scenario.feiten:
            if fact.id not in asked and matches_any(questions, fact.vraagwoorden):
                asked.append(fact.id)
    return asked


def _asked(
    scenario: Scenario, turns: Sequence[RubricTurn], lines: Sequence[tuple[str, str]]
) -> list[str]:
    """The facts asked by their question words, then those the resident's answers show."""
    asked = asked_facts(scenario, [turn.analysis for turn in turns])
    rest = [fact for fact in scenario.checklist.uitvragen if fact not in asked]
    return [*asked, *answered_facts(scenario, turns, lines, rest)]


def _questions(
    scenario: Scenario, turns: Sequence[RubricTurn], lines: Sequence[tuple[str, str]]
) -> tuple[int, list[Statement]]:
    needed = list(scenario.checklist.uitvragen)
    asked = _asked(scenario, turns, lines)
    got = [item for item in needed if item in asked]
    open_question = next((t for t in turns if t.analysis.open_questions), None)
    share = len(got) / len(needed) if needed else (1.0 if open_question else 0.0)
    missing = [scenario.fact(item).omschrijving for item in needed if item not in got]
    statements: list[Statement] = []
    if share >= 0.5:
        quote = open_question.analysis.open_questions[0] if open_question else None
        statements.append(Statement("vragen", True, say("gevraagd"), quote))
    if share >= 0.66:  # most facts asked: opleiders forgive one missed fact among three
        return 2, statements
    if missing:
        statements.append(Statement("vragen", False, say("niet_gevraagd", feit=missing[0])))
    if share >= ONE_THIRD:  # the rest came up because the resident told it (rubric anchor 1)
        return 1, statements
    return 0, statements


def _recaps(turn: RubricTurn, heard: frozenset[str], items: Sequence[ExplainItem]) -> bool:
    """A recap: a summary marker with what the resident said or the points explained."""
    if turn.analysis.summary:
        return True
    if not any(pattern.search(turn.text.lower()) for pattern in _RECAP):
        return False
    if len(things(turn.text) & heard) >= 2:
        return True
    covered = sum(1 for item in items if any(matches_any(turn.text, g) for g in item.kenmerken))
    return covered >= 2


def _summary(
    turns: Sequence[RubricTurn], lines: Sequence[tuple[str, str]], items: Sequence[ExplainItem]
) -> tuple[int, list[Statement]]:
    found = None
    for turn in turns:
        heard = frozenset().union(
            *(
                things(text)
                for index, (who, text) in enumerate(lines)
                if who != TRAINEE and index < turn.index
            )
        )
        if _recaps(turn, heard, items):
            found = turn
            break
    if found is not None:
        return 1, [Statement("samenvatten", True, say("samengevat"), found.text)]
    return 0, [Statement("samenvatten", False, say("niet_samengevat"))]


def _checks(turn: RubricTurn) -> bool:
    """Whether the trainee asks if everything is answered (one question sentence)."""
    if turn.analysis.close_check:
        return True
    questions = turn.analysis.open_questions + turn.analysis.closed_questions
    return any(p.search(q.lower()) for q in questions for p in _CHECK)


def _says_goodbye(turn: RubricTurn) -> bool:
    return turn.analysis.goodbye or any(p.search(turn.text.lower()) for p in _GOODBYE)


def _close(turns: Sequence[RubricTurn], explained_late: bool) -> tuple[int, list[Statement]]:
    last = list(turns[-3:])
    check = next((t for t in last if _checks(t)), None)
    goodbye = any(_says_goodbye(t) for t in last[-2:])
    step = explained_late or any(t.analysis.next_step or t.analysis.summary for t in last)
    if check is not None and goodbye:
        key = "afgesloten" if step else "afgesloten_zonder_stap"
        return 2, [Statement("afsluiten", True, say(key), check.text)]
    if check is not None or goodbye:
        key = "afsluiten_half_controle" if check is None else "afsluiten_half"
        quote = (check or last[-1]).text if last else None
        return 1, [Statement("afsluiten", False, say(key), quote)]
    quote = last[-1].text if last else None
    return 0, [Statement("afsluiten", False, say("niet_afgesloten"), quote)]


@dataclass(slots=True)
class _Observed:
    """The rule judgement of a transcript and what the learned models read."""

    rules: Judgement
    features: dict[str, float]
    turns: list[RubricTurn]
    acks: list[RubricTurn]
    recap: RubricTurn | None
    check: RubricTurn | None
    missing: list[str]
    grounding: Grounding
    done: dict[str, RubricTurn | None]


_LEVEL = {"fout": 0, "deels": 1, "goed": 2}


def _observe(
    scenario: Scenario, lines: Sequence[tuple[str, str]], reference: Reference
) -> _Observed:
    check = reference.complete
    known = known_for(scenario, reference)
    # an article's value is no sure error: the learned feiten level weighs its context
    turns = _trainee_turns(scenario, lines, known | article_values(reference), check)
    feiten, fact_statements = judge_facts(scenario, turns, reference, lines)
    empathie, empathy_statements = _empathy(scenario, turns)
    vragen, question_statements = _questions(scenario, turns, lines)
    samenvatten, summary_statements = _summary(turns, lines, scenario.checklist.uitleggen)
    items = scenario.checklist.uitleggen
    done = explained(items, turns)
    late = {t.index for t in turns[-3:]}
    explained_late = any(turn is not None and turn.index in late for turn in done.values())
    afsluiten, close_statements = _close(turns, explained_late)
    statements = [
        *fact_statements,
        *empathy_statements,
        *question_statements,
        *summary_statements,
        *close_statements,
    ]
    rules = Judgement(feiten, empathie, vragen, samenvatten, afsluiten, statements)
    acks = [t for t in turns if acknowledging(t)]
    needed = list(scenario.checklist.uitvragen)
    asked = _asked(scenario, turns, lines)
    early = _asked(scenario, turns[: max(1, len(turns) // 2)], lines)
    recap = next((q for q in turns if q.text == _quote_of(summary_statements)), None)
    check_turn = next((t for t in turns[-3:] if _checks(t)), None)
    signals: dict[str, float] = {
        "rule_feiten": _LEVEL[feiten],
        "rule_empathie": empathie,
        "rule_vragen": vragen,
        "rule_samenvatten": samenvatten,
        "rule_afsluiten": afsluiten,
        "acks": math.log1p(len(acks)),
        "acks_early": float(any(acknowledging(t) for t in turns[:3])),
        "share_asked": sum(f in asked for f in needed) / len(needed) if needed else 1.0,
        "asked_early": sum(f in early for f in needed) / len(needed) if needed else 1.0,
        "explained_share": sum(v is not None for v in done.values()) / len(items) if items else 1.0,
        "explained_late": float(explained_late),
        "check_end": float(check_turn is not None),
        "goodbye_end": float(any(_says_goodbye(t) for t in turns[-2:])),
    }
    grounding = Grounding()
    if check:
        grounding = ground(turns, lines, scenario_texts(scenario), known, reference.texts)
    signals.update(fact_features(scenario, turns, fact_statements, done, grounding))
    features = _features(scenario, lines, [(t.index, t.analysis) for t in turns], signals)
    missing = [scenario.fact(f).omschrijving for f in needed if f not in asked]
    return _Observed(
        rules, features, turns, acks, recap, check_turn, missing, grounding, dict(done)
    )


def _quote_of(statements: Sequence[Statement]) -> str | None:
    return next((s.quote for s in statements if s.positive), None)


def _restate_empathy(level: int, seen: _Observed) -> Statement:
    first = quote(next(iter(seen.acks), None))
    if level == 2:
        return Statement("empathie", True, say("erkend" if seen.acks else "vriendelijk"), first)
    if level == 1:
        return Statement(
            "empathie", False, say("erkend_standaard" if seen.acks else "zakelijk"), first
        )
    return Statement("empathie", False, say("erkenning_mist" if seen.acks else "geen_erkenning"))


def _restate_questions(level: int, seen: _Observed) -> Statement:
    if level == 2:
        first = next((t for t in seen.turns if t.analysis.open_questions), None)
        asked = first.analysis.open_questions[0] if first else None
        return Statement("vragen", True, say("gevraagd"), asked)
    if seen.missing:
        return Statement("vragen", False, say("niet_gevraagd", feit=seen.missing[0]))
    return Statement("vragen", False, say("vragen_meer" if level else "vragen_weinig"))


def _restate_close(level: int, seen: _Observed) -> Statement:
    last = seen.turns[-1].text if seen.turns else None
    if level == 2:
        return Statement("afsluiten", True, say("afgesloten"), quote(seen.check) or last)
    if level == 1:
        key = "afsluiten_half" if seen.check is not None else "afsluiten_rond"
        return Statement("afsluiten", False, say(key), quote(seen.check) or last)
    return Statement("afsluiten", False, say("niet_afgesloten"), last)


def _within_anchors(criterion: str, level: int, seen: _Observed) -> int:
    """Keep a learned level inside what the rubric's anchors allow for what was observed.

    Acknowledgement that is there (and nothing dismissive) is at least a 1 ("Er is iets van
    erkenning"), however short the conversation; a recap that gives back what the resident
    said in a summarising phrase ("Als ik het goed begrijp, …") is a 1 on samenvatten, and
    without any recap phrase ("dus", "ik vat samen", "klopt dat") it is a 0.
    """
    if criterion == "empathie" and seen.acks and not seen.features.get("dismissive"):
        return max(level, 1)
    if criterion == "samenvatten":
        if any(t.analysis.summary for t in seen.turns):
            return 1
        if not any(_recap_phrase(t.text) for t in seen.turns):
            return 0  # no recap phrase anywhere: nothing the trainee can find back
    return level


def _recap_phrase(text: str) -> bool:
    return any(pattern.search(text.lower()) for pattern in _RECAP)


def _restate(criterion: str, level: int, seen: _Observed) -> Statement:
    """The statement for a level the learned model chose (the rules chose another)."""
    if criterion == "empathie":
        return _restate_empathy(level, seen)
    if criterion == "vragen":
        return _restate_questions(level, seen)
    if criterion == "samenvatten":
        if level == 1:
            return Statement(criterion, True, say("samengevat"), quote(seen.recap))
        return Statement(criterion, False, say("niet_samengevat"))
    return _restate_close(level, seen)


def transcript_features(
    scenario: Scenario, transcript: Sequence[Mapping[str, str]], reference: Reference
) -> dict[str, float]:
    """What the learned models read of a stored transcript (for training and the bench)."""
    lines = [(str(t["spreker"]), str(t["tekst"])) for t in transcript]
    return _observe(scenario, lines, reference).features


def _learned_facts(
    scenario: Scenario, model: CriterionModel, seen: _Observed, result: Judgement
) -> None:
    """The feiten level the model chose, within the anchors, with its statements."""
    probabilities = model.probabilities(seen.features)
    level = model.levels[int(probabilities.argmax())]
    p_fout = float(probabilities[model.levels.index("fout")])
    own = [s for s in result.statements if s.criterion == "feiten"]
    items = scenario.checklist.uitleggen
    level, said = restate_facts(level, result.feiten, own, seen.grounding, p_fout, items, seen.done)
    result.feiten = level
    result.statements = [*said, *(s for s in result.statements if s.criterion != "feiten")]


def judge_lines(
    scenario: Scenario,
    lines: Sequence[tuple[str, str]],
    reference: Reference,
    models: Mapping[str, CriterionModel] | None = None,
) -> Judgement:
    """Judge a transcript of (speaker, text) pairs; speaker ``medewerker`` or ``inwoner``.

    The rules observe; where a learned model exists for a criterion (``models``, default the
    shipped ones) it chooses the level from those observations, and the statements follow it.
    """
    seen = _observe(scenario, lines, reference)
    result = seen.rules
    chosen = load_models() if models is None else models
    chances: dict[str, dict[str, float]] = {}
    for criterion, model in chosen.items():
        if not seen.turns:
            continue
        probabilities = model.probabilities(seen.features)
        chances[criterion] = dict(zip(model.levels, map(float, probabilities), strict=True))
        if criterion == "feiten":
            _learned_facts(scenario, model, seen, result)
            continue
        if criterion not in LEARNED_LEVEL:
            continue  # a model that only says how sure the rules' level is
        level = _within_anchors(criterion, int(model.predict(seen.features)), seen)
        if level == getattr(result, criterion):
            continue
        setattr(result, criterion, level)
        result.statements = [s for s in result.statements if s.criterion != criterion]
        result.statements.append(_restate(criterion, level, seen))
    result.statements = confident(result.statements, chances)
    result.statements.sort(key=lambda item: not item.positive)
    return result


def judge(
    scenario: Scenario,
    transcript: Sequence[Mapping[str, str]],
    reference: Reference,
    models: Mapping[str, CriterionModel] | None = None,
) -> Judgement:
    """Judge a transcript as stored: dicts with ``spreker`` and ``tekst``."""
    return judge_lines(
        scenario, [(str(t["spreker"]), str(t["tekst"])) for t in transcript], reference, models
    )
