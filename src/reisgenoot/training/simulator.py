"""The simulated resident: a deterministic state machine with authored lines.

The resident has an emotion (0 calm – 10 very upset), rapport (0–10) and patience, a
:class:`~reisgenoot.training.listening.Memory` of what the trainee asked, told and promised,
and facts that come out only when asked well enough. It answers the question actually asked
(a fact, an honest "weet ik niet", agreement to a proposal), reacts to wrong amounts, terms
and known wrong answers with confusion, and on "is uw vraag beantwoord?" says what is clear
and what is not. Replies are authored lines per emotional band, picked with a seeded RNG (a
session replays exactly), and pass one phrasing function (:meth:`Session._phrase`).
Amounts and terms are checked against this kennisbank's articles (a ``Reference``) and the
resident's own story. The mood moves with every turn (:mod:`.mood`): heard, the resident
calms down and answers.

Driven turn by turn (terminal and web)::

    session = Session.start(scenario, seed=7, reference=kennis.reference_for(db, scenario))
    session.opening.text
    turn = session.respond("Goedemorgen, u spreekt met ...")
    session.finished, session.outcome
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from reisgenoot.language.text import lower_first
from reisgenoot.training import closing, listening, mood
from reisgenoot.training.analysis import (
    TurnAnalysis,
    TurnContext,
    analyse_turn,
    known_values,
    matches_any,
)
from reisgenoot.training.datafiles import table
from reisgenoot.training.kennis import Reference
from reisgenoot.training.listening import Memory, Phraser
from reisgenoot.training.rubric import denies
from reisgenoot.training.scenario import ExplainItem, Fact, Scenario
from reisgenoot.training.turns import OUTCOMES, Exchange, ResidentTurn, SessionError, band_for
from reisgenoot.training.wording import Wording

__all__ = ["OUTCOMES", "Exchange", "ResidentTurn", "Session", "SessionError", "band_for"]

MAX_TURNS = 30
TURNS_AFTER_GOAL = 2
_TIPS = table("simulatie.yaml", "tips")
_DRIFT = {1: 0.0, 2: 0.3, 3: 0.6}


@dataclass(slots=True)
class _Progress:
    revealed: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    repeats: list[str] = field(default_factory=list)
    explained: list[str] = field(default_factory=list)
    raised: str | None = None  # a fact the resident brings up at the closing (closing.worry)

    @property
    def moved(self) -> bool:
        return bool(self.revealed or self.explained)


class Session(Wording):
    """One practice conversation. Use :meth:`start`; then :meth:`respond` per trainee line."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int = 0,
        *,
        hints: bool = False,
        reference: Reference | None = None,
        phraser: Phraser | None = None,
    ) -> None:
        self.scenario = scenario
        self.phraser = phraser
        self.memory = Memory()
        self.seed = seed
        self.hints = hints
        self.reference = (
            reference if reference is not None else Reference.absent(scenario.kennisartikelen)
        )
        self._rng = random.Random(seed)
        self._mood_rng = random.Random(f"stemming-{seed}")  # refusals; lines keep their draws
        persona = scenario.persona
        self.emotion = min(10.0, max(0.0, persona.emotie + round(self._rng.uniform(-0.5, 0.5), 1)))
        self.start_emotion = self.emotion
        self.rapport = persona.rapport
        self.patience = persona.geduld
        self.revealed: list[str] = []
        self.explained: list[str] = []
        self._groups: dict[str, set[int]] = {
            item.id: set() for item in scenario.checklist.uitleggen
        }
        self._asked: set[str] = set()
        self._said: list[str] = []
        self.exchanges: list[Exchange] = []
        self.finished = False
        self.outcome: str | None = None
        self._goal_turn: int | None = None
        self._wrong_words: list[str] = []
        self.raised: str | None = None  # told unasked at the closing; counts once answered
        self._raised_open = False
        self.opening = ResidentTurn(
            self._line(scenario.zinnen["opening"]), self.band, self.emotion, self.rapport
        )
        if hints:
            self.opening = self.opening.with_hint(self.hint())

    # --- construction -----------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        scenario: Scenario,
        seed: int = 0,
        *,
        hints: bool = False,
        reference: Reference | None = None,
        phraser: Phraser | None = None,
    ) -> Session:
        return cls(scenario, seed, hints=hints, reference=reference, phraser=phraser)

    @classmethod
    def replay(
        cls,
        scenario: Scenario,
        seed: int,
        lines: Iterable[str],
        *,
        reference: Reference | None = None,
    ) -> Session:
        """Rebuild a session from its trainee lines (e.g. after a web request)."""
        session = cls(scenario, seed, reference=reference)
        for line in lines:
            if session.finished:
                break
            session.respond(line)
        return session

    # --- state ----------------------------------------------------------------------------

    @property
    def goals_met(self) -> bool:
        facts_known = all(item in self._known for item in self.scenario.checklist.uitvragen)
        return facts_known and self._all_explained

    @property
    def _known(self) -> list[str]:
        """The facts the trainee knows: asked, or raised by the resident and answered."""
        raised = [self.raised] if self.raised and not self._raised_open else []
        return self.revealed + raised

    @property
    def _all_explained(self) -> bool:
        return len(self.explained) == len(self.scenario.checklist.uitleggen)

    @cached_property
    def known_claims(self) -> frozenset[str]:
        """Every amount and term the trainee may name: those of the scenario's kennisartikelen
        (this kennisbank's text) and those of the resident's own story ("drie jaar"), which the
        resident knows; the municipality's values come from this kennisbank only."""
        scenario = self.scenario
        story = [
            scenario.situatie,
            *(fact.omschrijving for fact in scenario.feiten),
            *(line for fact in scenario.feiten for lines in fact.zinnen.values() for line in lines),
            *(line for lines in scenario.zinnen["opening"].values() for line in lines),
        ]
        return known_values([*self.reference.texts.values(), *story])

    def resident_lines(self) -> list[str]:
        return [self.opening.text] + [exchange.resident.text for exchange in self.exchanges]

    def trainee_lines(self) -> list[str]:
        return [exchange.trainee for exchange in self.exchanges]

    def transcript(self) -> list[dict[str, str]]:
        """The conversation as (speaker, text) pairs: "inwoner" and "medewerker"."""
        lines = [{"spreker": "inwoner", "tekst": self.opening.text}]
        for exchange in self.exchanges:
            lines.append({"spreker": "medewerker", "tekst": exchange.trainee})
            lines.append({"spreker": "inwoner", "tekst": exchange.resident.text})
        return lines

    # --- the turn ----------------------------------------------------------------------------

    def respond(self, line: str) -> ResidentTurn:
        """Answer one trainee line and move the state."""
        if self.finished:
            raise SessionError("finished", detail="Het oefengesprek is al afgelopen.")
        text = line.strip()
        context = TurnContext(
            resident_lines=tuple(self.resident_lines()),
            trainee_lines=tuple(self.trainee_lines()),
            jargon=tuple(self.scenario.jargon),
            allowed=tuple(self.scenario.toegestaan),
            known_claims=self.known_claims,
            check_facts=self.reference.complete,
            first_turn=not self.exchanges,
        )
        analysis = analyse_turn(text, context)
        traps = [(m, t) for t in self.scenario.onjuist if (m := t.said_in(text))]
        wrong = [trap.uitleg for _match, trap in traps]
        self._wrong_words = [c.text for c in analysis.wrong_claims] + [m[0] for m, _t in traps]
        before = self.emotion
        heard = mood.heard(analysis)
        self._update_mood(analysis, heard)
        progress = self._progress(analysis)
        self._settle(analysis, progress, heard)
        self.memory.record(
            analysis, asked=progress.asked, explained=progress.explained, wrong=wrong, heard=heard
        )
        reply = self._phrase(self._reply(analysis, progress, heard), text)
        turn = ResidentTurn(
            reply,
            self.band,
            self.emotion,
            self.rapport,
            tuple(progress.revealed),
            tuple(progress.explained),
            self.finished,
            self.outcome,
        )
        if self.hints and not self.finished:
            turn = turn.with_hint(self.hint())
        self.exchanges.append(Exchange(text, analysis, turn, wrong, before, heard))
        return turn

    def _update_mood(self, analysis: TurnAnalysis, heard: bool) -> None:
        emotion, rapport = mood.change(
            analysis,
            self.scenario.persona,
            emotion=self.emotion,
            level=self.scenario.niveau,
            acknowledged=heard,
            heard_before=self.memory.acknowledged > 0,
            contradicted=bool(self._wrong_words),
        )
        self.emotion = _clamp(self.emotion + emotion)
        self.rapport = _clamp(self.rapport + rapport)

    def _progress(self, analysis: TurnAnalysis) -> _Progress:
        progress = _Progress()
        if self._raised_open and closing.answers(analysis.text):
            self._raised_open = False
        asking = analysis.is_question
        questions = " ".join(analysis.open_questions + analysis.closed_questions)
        matched_any = False
        for fact in self.scenario.feiten:
            if not asking or not matches_any(questions, fact.vraagwoorden):
                continue
            matched_any = True
            self._ask_fact(fact, analysis, progress)
        heard = (
            listening.best_fact(questions, self.scenario.feiten)
            if asking and not matched_any
            else None
        )
        if heard is not None:  # the question is about a fact, in words the author did not list
            matched_any = True
            self._ask_fact(heard, analysis, progress)
        if asking and analysis.open_questions and not matched_any:
            story = next(
                (f for f in self.scenario.feiten if f.bij_open_vraag and f.id not in self.revealed),
                None,
            )
            if story is not None:
                self._ask_fact(story, analysis, progress)
        self._explain(analysis, progress)
        if (analysis.goodbye or analysis.close_check) and self.raised is None:
            worry = closing.worry(self.scenario, self.revealed, self.explained)
            if worry is not None:
                self.raised = progress.raised = worry.id
                self._raised_open = True
        return progress

    def _ask_fact(self, fact: Fact, analysis: TurnAnalysis, progress: _Progress) -> None:
        progress.asked.append(fact.id)
        if fact.id in self.revealed:
            progress.repeats.append(fact.id)
        elif not self._willing(fact):
            progress.blocked.append(fact.id)
        elif fact.open_vraag and not analysis.open_questions:
            progress.short.append(fact.id)
        else:
            progress.revealed.append(fact.id)
            self.revealed.append(fact.id)

    def _willing(self, fact: Fact) -> bool:
        """Whether the resident answers a question about ``fact`` now (:func:`.mood.willing`)."""
        return mood.willing(
            fact.rapport_nodig,
            rapport=self.rapport,
            emotion=self.emotion,
            start=self.start_emotion,
            rng=self._mood_rng,
        )

    def _explain(self, analysis: TurnAnalysis, progress: _Progress) -> None:
        statement = listening.statements_only(analysis.text, denials=denies)
        if not statement:
            return
        for item in self.scenario.checklist.uitleggen:
            if item.id in self.explained:
                continue
            hit = self._groups[item.id]
            for index, group in enumerate(item.kenmerken):
                if matches_any(statement, group):
                    hit.add(index)
            if len(hit) == len(item.kenmerken):
                self.explained.append(item.id)
                progress.explained.append(item.id)

    def _settle(self, analysis: TurnAnalysis, progress: _Progress, heard: bool) -> None:
        persona = self.scenario.persona
        if progress.moved:
            self.emotion = _clamp(self.emotion - 0.6 * persona.kalmeert)
            self.rapport = _clamp(self.rapport + 0.5)
        calming = heard or analysis.summary or analysis.close_check or progress.raised
        if not progress.moved and not calming:
            self.patience -= 1
            self.emotion = _clamp(self.emotion + _DRIFT[self.scenario.niveau])
        if analysis.dismissive:
            self.patience -= 1
        if progress.repeats and not progress.revealed:
            self.emotion = _clamp(self.emotion + 0.5 * persona.gevoeligheid)
        if self.goals_met and self._goal_turn is None:
            self._goal_turn = len(self.exchanges)

    # --- composing the reply ---------------------------------------------------------------

    def _finish(self, outcome: str) -> None:
        self.finished = True
        self.outcome = outcome

    def _reply(self, analysis: TurnAnalysis, progress: _Progress, heard: bool) -> str:
        if progress.raised is not None:  # the call goes on: the resident asks back
            fact = self.scenario.fact(progress.raised)
            return self._say(
                "nog_iets", feit=self._line(fact.zinnen), vraag=closing.question_back(fact)
            )
        if analysis.goodbye:
            self._finish("doel_bereikt" if self.goals_met else "afgesloten_zonder_doel")
            return self._closing()
        if self.patience <= 0 or (self.emotion >= 9.5 and self.rapport <= 1.0):
            self._finish("opgegeven")
            return self._say("opgeven")
        parts = [self._reaction(analysis, heard), self._content(analysis, progress, heard)]
        turns_after = len(self.exchanges) - self._goal_turn if self._goal_turn is not None else -1
        if turns_after >= TURNS_AFTER_GOAL:
            self._finish("doel_bereikt")
            parts = [self._say("afsluiting_tevreden")]
        elif len(self.exchanges) + 1 >= MAX_TURNS:
            self._finish("tijd_op")
            parts.append(self._say("opgeven"))
        return " ".join(part for part in parts if part) or self._say("geen_voortgang")

    def _closing(self) -> str:
        """Content when the goal is reached; else the resident names what is still open."""
        if self.goals_met:
            return self._say("afsluiting_tevreden")
        item = closing.open_item(self.scenario, self.explained)
        if self._raised_open and self.raised is not None:
            still = closing.question_back(self.scenario.fact(self.raised))
        elif item is not None:
            still = self._line(item.vraag)
        elif (fact := closing.missing_fact(self.scenario, self._known)) is not None:
            return self._say("afsluiting_feit", feit=self._line(fact.zinnen))
        else:
            return self._say("afsluiting_ontevreden")
        return self._say("afsluiting_open", open=lower_first(still))

    def _reaction(self, analysis: TurnAnalysis, heard: bool) -> str:
        if self._wrong_words:  # wrong information: confusion, as a real resident would react
            return self._say("verward", iets=self._wrong_words[0])
        if analysis.dismissive:
            return self._say("afgewezen")
        if analysis.uses_jargon:
            word = (analysis.jargon or [found for found, _plain in analysis.plain])[0]
            return self._say("jargon", woord=word)
        if analysis.canned or analysis.repeated:
            return self._say("standaardtekst")
        if analysis.informal and self.scenario.niveau >= 2:
            return self._say("je_vorm")
        if analysis.summary:
            return self._say("samengevat")
        if heard:
            return self._say("erkend")
        if analysis.hollow and self.emotion >= 6.5:
            return self._say("leeg_erkend")
        return ""

    def _content(self, analysis: TurnAnalysis, progress: _Progress, heard: bool) -> str:
        if progress.revealed:
            return " ".join(
                self._line(self.scenario.fact(item).zinnen) for item in progress.revealed
            )
        if progress.blocked:
            return self._say("ontwijkend")
        if progress.short:
            return self._say("kort")
        if analysis.close_check:
            return self._check_answer()
        if progress.explained:
            return self._explained(progress)
        if progress.repeats:
            return self._say("herhaling")
        if listening.asks_unmatched(analysis, bool(progress.asked)):
            return self._unmatched(analysis)
        if self.goals_met:
            return self._say("klaar")
        if analysis.greeting and not self.exchanges and not analysis.is_question and not heard:
            return self._say("begroet")
        return self._next_question() or self._say("geen_voortgang")

    def _unmatched(self, analysis: TurnAnalysis) -> str:
        """A closed question about nothing the resident was given: agree or say so honestly."""
        question = analysis.closed_questions[-1]
        answer = self._say("instemmen" if listening.is_proposal(question) else "weet_niet")
        if self.goals_met:
            return answer
        return f"{answer} {self._next_question()}".strip()

    def _explained(self, progress: _Progress) -> str:
        answers = [
            self._line(item.antwoord)
            for item in self.scenario.checklist.uitleggen
            if item.id in progress.explained and item.antwoord
        ]
        first = " ".join(answers) if answers else self._say("informatie")
        if self.goals_met:
            return f"{first} {self._say('klaar')}"
        follow = self._next_question()
        return f"{first} {follow}".strip()

    def _check_answer(self) -> str:
        if self._all_explained:  # a fact never asked is the trainee's gap, not the resident's
            return self._say("controle_ja")
        item = self._pending_item(include_asked=True)
        question = self._line(item.vraag) if item is not None and item.vraag else ""
        done = [i for i in self.scenario.checklist.uitleggen if i.id in self.explained]
        if done and question:  # say what is clear already, then ask for the rest
            clear = listening.first_part(done[-1].omschrijving)
            return f"{self._say('controle_deels', uitgelegd=clear)} {question}".strip()
        return f"{self._say('controle_nee')} {question}".strip()

    def _pending_item(self, *, include_asked: bool = False) -> ExplainItem | None:
        for item in self.scenario.checklist.uitleggen:
            if item.id in self.explained or not item.vraag:
                continue
            if any(needed not in self.revealed for needed in item.na):
                continue
            if include_asked or item.id not in self._asked:
                return item
        return None

    def _next_question(self) -> str:
        item = self._pending_item()
        if item is None or item.vraag is None:
            return ""
        self._asked.add(item.id)
        return self._line(item.vraag)

    # --- hints for beginners ----------------------------------------------------------------

    def hint(self) -> str | None:
        """A short tip for the trainee's next turn (optional, for beginners)."""
        acknowledged = any(exchange.acknowledged for exchange in self.exchanges)
        if self.emotion >= 6.5 and not acknowledged:
            return _TIPS["erkennen"]
        for fact_id in self.scenario.checklist.uitvragen:
            if fact_id not in self._known:
                return _TIPS["doorvragen"].format(feit=self.scenario.fact(fact_id).omschrijving)
        for item in self.scenario.checklist.uitleggen:
            if item.id not in self.explained:
                return _TIPS["uitleggen"].format(uitleg=item.omschrijving)
        return _TIPS["afsluiten"]


def _clamp(value: float) -> float:
    return round(min(10.0, max(0.0, value)), 2)
