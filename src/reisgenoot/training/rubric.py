"""The opleider's rubric applied to a practice transcript: five criteria and the statements.

The criteria are those an opleider scores a practice conversation on (see
``docs/training.md``): **feiten** (goed / deels / fout), **empathie** (0–2), **vragen**
(0–2), **samenvatten** (0–1) and **afsluiten** (0–2). Each judgement comes with the
feedback statements that support it, every one quoting the trainee's own words where there
are any, and every one addressed to the trainee with "je".

It works on any transcript (a simulated session, or one written out by an opleider), so the
same judgement is measured against opleiders on a blind set (``reisgenoot bench training``).

Facts are grounded like answers are: every amount and term the trainee names must be in the
scenario's kennisartikelen, the scenario itself, or what the resident said; a known wrong
answer of the scenario, a promise the trainee cannot keep and saying that a required step is
"niet nodig" are errors of commission; a required point never explained is an error of
omission. Only the trainee's observable words are judged, never their emotions
(contracts §10).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reisgenoot.language.text import lemma, words
from reisgenoot.training.analysis import (
    STOPWORDS,
    TurnAnalysis,
    TurnContext,
    analyse_turn,
    content_lemmas,
    known_values,
    matches_any,
)
from reisgenoot.training.datafiles import patterns, strings, texts
from reisgenoot.training.kennis import Reference
from reisgenoot.training.listening import statements_only
from reisgenoot.training.scenario import ExplainItem, Scenario

__all__ = ["CRITERIA", "Judgement", "Statement", "asked_facts", "denies", "judge", "judge_lines"]

CRITERIA = ("feiten", "empathie", "vragen", "samenvatten", "afsluiten")
TRAINEE = "medewerker"
RESIDENT = "inwoner"
_TEXTS: Mapping[str, Any] = texts("rubriek.yaml")
_DENIES = patterns("rubriek.yaml", "niet_nodig")
_CHECK = patterns("rubriek.yaml", "controle")
_GOODBYE = patterns("rubriek.yaml", "afscheid")
_FEELING = strings("rubriek.yaml", "gevoelswoorden")
_RECAP = patterns("rubriek.yaml", "samenvatting")
_LACKS = patterns("rubriek.yaml", "heb_ik_niet")
_BRING = patterns("rubriek.yaml", "meenemen")
_NEXT_DAY = re.compile(r"\b(volgende|eerstvolgende) werkdag\b", re.IGNORECASE)
_EMOTIONAL = 4.5
"""A persona at or above this emotion needs real acknowledgement (rubric: empathie)."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One feedback statement: about which criterion, good or to grow, and the quote."""

    criterion: str
    positive: bool
    text: str
    quote: str | None = None
    kind: str = "algemeen"
    """``fout`` for a stated factual error, ``ontbreekt`` for an omission, else ``algemeen``."""

    def to_dict(self) -> dict[str, object]:
        return {
            "criterium": self.criterion,
            "goed": self.positive,
            "tekst": self.text,
            "citaat": self.quote,
            "soort": self.kind,
        }


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


@dataclass(slots=True)
class _Turn:
    text: str
    analysis: TurnAnalysis
    index: int


def _say(key: str, **values: object) -> str:
    return str(_TEXTS["uitspraken"][key]).format(**values)


def _scenario_texts(scenario: Scenario) -> list[str]:
    return [
        scenario.situatie,
        scenario.opdracht,
        *(item.omschrijving for item in scenario.checklist.uitleggen),
        *(fact.omschrijving for fact in scenario.feiten),
        scenario.voorbeelden.uitleg,
        *(scenario.oefenscripts.goed if scenario.oefenscripts else []),
        *(line for fact in scenario.feiten for lines in fact.zinnen.values() for line in lines),
    ]


def known_for(scenario: Scenario, reference: Reference) -> frozenset[str]:
    """Every amount and term the trainee may name: the articles and the scenario itself."""
    sources = [*_scenario_texts(scenario)]
    found = set(known_values(sources))
    if any(_NEXT_DAY.search(text) for text in sources):
        found |= {"termijn:1 werkdag", "termijn:1 dag"}
    return frozenset(found)


def _trainee_turns(
    scenario: Scenario, lines: Sequence[tuple[str, str]], known: frozenset[str], check: bool
) -> list[_Turn]:
    turns: list[_Turn] = []
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
        turns.append(_Turn(text, analyse_turn(text, context), index))
        trainees.append(text)
    return turns


def _explained(items: Sequence[ExplainItem], turns: Sequence[_Turn]) -> dict[str, _Turn | None]:
    """Per item: the turn that completed its explanation, or None."""
    result: dict[str, _Turn | None] = {}
    for item in items:
        hit: set[int] = set()
        done: _Turn | None = None
        for turn in turns:
            statement = statements_only(turn.text)
            for index, group in enumerate(item.kenmerken):
                if statement and matches_any(statement, group):
                    hit.add(index)
            if len(hit) == len(item.kenmerken):
                done = turn
                break
        result[item.id] = done
    return result


def denies(sentence: str) -> bool:
    """Whether a sentence says that something is not needed ("aangifte is niet nodig")."""
    return any(pattern.search(sentence.lower()) for pattern in _DENIES)


def _denials(items: Sequence[ExplainItem], turns: Sequence[_Turn]) -> list[tuple[_Turn, str]]:
    """Saying that a required step is not needed ("aangifte is niet nodig")."""
    found: list[tuple[_Turn, str]] = []
    for turn in turns:
        for sentence in re.split(r"(?<=[.!?])\s+", turn.text):
            if not denies(sentence):
                continue
            for item in items:
                if re.search(r"\b(niet|geen)\b", item.omschrijving):
                    continue  # the point itself is that something is not needed
                if any(matches_any(sentence, group) for group in item.kenmerken[:1]):
                    found.append((turn, item.omschrijving))
                    break
    return found


def _commissions(
    scenario: Scenario, turns: Sequence[_Turn], check: bool, lines: Sequence[tuple[str, str]]
) -> list[Statement]:
    """Errors of commission: wrong amounts or terms, known wrong answers, promises, denials."""
    said: list[Statement] = []
    for turn in turns:
        claims = turn.analysis.wrong_claims if check else []
        said += [
            Statement("feiten", False, _say("bedrag", bedrag=claim.text), turn.text, "fout")
            for claim in claims
        ]
        said += [
            Statement("feiten", False, trap.uitleg, turn.text, "fout")
            for trap in scenario.onjuist
            if re.search(trap.patroon, turn.text, re.IGNORECASE)
        ]
        said += [
            Statement("feiten", False, _say("belofte", belofte=promise), turn.text, "fout")
            for promise in turn.analysis.overpromise
        ]
    for turn, point in _denials(scenario.checklist.uitleggen, turns):
        said.append(Statement("feiten", False, _say("niet_nodig", punt=point), turn.text, "fout"))
    for turn, thing in _lacking(turns, lines):
        said.append(Statement("feiten", False, _say("heeft_niet", ding=thing), turn.text, "fout"))
    return said


def _things(text: str) -> frozenset[str]:
    """Content words, also with a hyphen ("id-kaart"), and their lemmas."""
    found = {w for w in words(text) if len(w) >= 4 and w not in STOPWORDS}
    return frozenset(found | {lemma(w) for w in found}) | content_lemmas(text)


def _lacking(turns: Sequence[_Turn], lines: Sequence[tuple[str, str]]) -> list[tuple[_Turn, str]]:
    """Asking the resident to bring something the resident says they do not have."""
    found: list[tuple[_Turn, str]] = []
    lacks = [
        (index, text)
        for index, (speaker, text) in enumerate(lines)
        if speaker != TRAINEE and any(p.search(text) for p in _LACKS)
    ]
    for turn in turns:
        statement = statements_only(turn.text)
        if turn.analysis.close_check or not any(p.search(statement) for p in _BRING):
            continue
        own = _things(statement)
        for index, text in lacks:
            if abs(index - turn.index) > 3:
                continue
            shared = sorted(own & _things(text))
            if shared:
                found.append((turn, shared[0]))
                break
    return found


def _facts(
    scenario: Scenario, turns: Sequence[_Turn], check: bool, lines: Sequence[tuple[str, str]]
) -> tuple[str, list[Statement]]:
    said = _commissions(scenario, turns, check, lines)
    done = _explained(scenario.checklist.uitleggen, turns)
    items = scenario.checklist.uitleggen
    missing = [item for item in items if done[item.id] is None]
    said += [
        Statement("feiten", False, _say("ontbreekt", punt=item.omschrijving), None, "ontbreekt")
        for item in missing
    ]
    if any(item.kind == "fout" for item in said):
        return "fout", said
    first_done = next((turn for turn in done.values() if turn is not None), None)
    if not missing:
        said.insert(0, Statement("feiten", True, _say("feiten_goed"), _quote(first_done)))
        return "goed", said
    if first_done is not None:
        names = "; ".join(item.omschrijving for item in items if done[item.id])
        praise = Statement("feiten", True, _say("feiten_deels", punten=names), _quote(first_done))
        said.insert(0, praise)
    return "deels", said


def _quote(turn: _Turn | None) -> str | None:
    return turn.text if turn is not None else None


def acknowledging(turn: _Turn) -> bool:
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


def _empathy(scenario: Scenario, turns: Sequence[_Turn]) -> tuple[int, list[Statement]]:
    dismissive = next((t for t in turns if t.analysis.dismissive), None)
    if dismissive is not None:
        phrase = dismissive.analysis.dismissive[0]
        return 0, [Statement("empathie", False, _say("afwijzend", zin=phrase), dismissive.text)]
    acks = [t for t in turns if acknowledging(t)]
    if len(acks) >= 2:  # acknowledged more than once: attention through the conversation
        return 2, [Statement("empathie", True, _say("erkend"), acks[0].text)]
    if acks:
        return 1, [Statement("empathie", False, _say("erkend_een_keer"), acks[0].text)]
    if not _emotional(scenario):
        return 1, [Statement("empathie", False, _say("zakelijk"), turns[0].text if turns else None)]
    return 0, [Statement("empathie", False, _say("geen_erkenning"), None)]


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


def _questions(scenario: Scenario, turns: Sequence[_Turn]) -> tuple[int, list[Statement]]:
    needed = list(scenario.checklist.uitvragen)
    asked = asked_facts(scenario, [turn.analysis for turn in turns])
    got = [item for item in needed if item in asked]
    open_question = next((t for t in turns if t.analysis.open_questions), None)
    share = len(got) / len(needed) if needed else (1.0 if open_question else 0.0)
    missing = [scenario.fact(item).omschrijving for item in needed if item not in got]
    statements: list[Statement] = []
    if share >= 0.5:
        quote = open_question.analysis.open_questions[0] if open_question else None
        statements.append(Statement("vragen", True, _say("gevraagd"), quote))
    if share >= 0.66:  # most facts asked: opleiders forgive one missed fact among three
        return 2, statements
    if missing:
        statements.append(Statement("vragen", False, _say("niet_gevraagd", feit=missing[0])))
    if share >= 0.5:
        return 1, statements
    return 0, statements


def _recaps(turn: _Turn, heard: frozenset[str], items: Sequence[ExplainItem]) -> bool:
    """A recap: a summary marker with what the resident said or the points explained."""
    if turn.analysis.summary:
        return True
    if not any(pattern.search(turn.text.lower()) for pattern in _RECAP):
        return False
    if len(_things(turn.text) & heard) >= 2:
        return True
    covered = sum(1 for item in items if any(matches_any(turn.text, g) for g in item.kenmerken))
    return covered >= 2


def _summary(
    turns: Sequence[_Turn], lines: Sequence[tuple[str, str]], items: Sequence[ExplainItem]
) -> tuple[int, list[Statement]]:
    found = None
    for turn in turns:
        heard = frozenset().union(
            *(
                _things(text)
                for index, (who, text) in enumerate(lines)
                if who != TRAINEE and index < turn.index
            )
        )
        if _recaps(turn, heard, items):
            found = turn
            break
    if found is not None:
        return 1, [Statement("samenvatten", True, _say("samengevat"), found.text)]
    return 0, [Statement("samenvatten", False, _say("niet_samengevat"))]


def _checks(turn: _Turn) -> bool:
    """Whether the trainee asks if everything is answered (one question sentence)."""
    if turn.analysis.close_check:
        return True
    questions = turn.analysis.open_questions + turn.analysis.closed_questions
    return any(p.search(q.lower()) for q in questions for p in _CHECK)


def _says_goodbye(turn: _Turn) -> bool:
    return turn.analysis.goodbye or any(p.search(turn.text.lower()) for p in _GOODBYE)


def _close(turns: Sequence[_Turn], explained_late: bool) -> tuple[int, list[Statement]]:
    last = list(turns[-3:])
    check = next((t for t in last if _checks(t)), None)
    goodbye = any(_says_goodbye(t) for t in last[-2:])
    step = explained_late or any(t.analysis.next_step or t.analysis.summary for t in last)
    if check is not None and goodbye:
        key = "afgesloten" if step else "afgesloten_zonder_stap"
        return 2, [Statement("afsluiten", True, _say(key), check.text)]
    if check is not None or goodbye:
        key = "afsluiten_half_controle" if check is None else "afsluiten_half"
        quote = (check or last[-1]).text if last else None
        return 1, [Statement("afsluiten", False, _say(key), quote)]
    quote = last[-1].text if last else None
    return 0, [Statement("afsluiten", False, _say("niet_afgesloten"), quote)]


def judge_lines(
    scenario: Scenario, lines: Sequence[tuple[str, str]], reference: Reference
) -> Judgement:
    """Judge a transcript of (speaker, text) pairs; speaker ``medewerker`` or ``inwoner``."""
    check = reference.complete
    known = known_for(scenario, reference)
    turns = _trainee_turns(scenario, lines, known, check)
    feiten, fact_statements = _facts(scenario, turns, check, lines)
    empathie, empathy_statements = _empathy(scenario, turns)
    vragen, question_statements = _questions(scenario, turns)
    samenvatten, summary_statements = _summary(turns, lines, scenario.checklist.uitleggen)
    done = _explained(scenario.checklist.uitleggen, turns)
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
    statements.sort(key=lambda item: not item.positive)
    return Judgement(feiten, empathie, vragen, samenvatten, afsluiten, statements)


def judge(
    scenario: Scenario, transcript: Sequence[Mapping[str, str]], reference: Reference
) -> Judgement:
    """Judge a transcript as stored: dicts with ``spreker`` and ``tekst``."""
    return judge_lines(
        scenario, [(str(t["spreker"]), str(t["tekst"])) for t in transcript], reference
    )
