"""Feedback after a practice conversation: strengths first, then at most three growth points.

Scores (0–100) for empathy (the three EPITOME mechanisms: emotionele reactie, interpretatie,
exploratie), tone, completeness (the scenario's checklist), correctness (amounts and terms
against the kennisartikelen, known wrong answers, promises), B1 language and the close (did
the trainee check that the question was answered?). Every growth point quotes one of the
trainee's own lines and gives a better example.

The scores describe observable phrasing only, never the trainee's emotions, and they are
formative: for the trainee and their opleider, never to assess or rank people
(VISION principle 9). :data:`FORMATIVE_NOTICE` says so wherever scores are shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reisgenoot.training.analysis import TurnAnalysis
from reisgenoot.training.simulator import OUTCOMES, Exchange, Session

__all__ = [
    "FORMATIVE_NOTICE",
    "SCORE_NAMES",
    "Feedback",
    "GrowthPoint",
    "Strength",
    "feedback",
    "render_text",
]

FORMATIVE_NOTICE = (
    "Deze feedback is om van te leren. De scores zijn alleen voor u en uw opleider. "
    "Ze worden nooit gebruikt om u te beoordelen, te vergelijken met collega's of voor "
    "beslissingen over uw werk. Ze gaan over wat u zei, niet over wie u bent of wat u voelde."
)
SCORE_NAMES = {
    "empathie": "Empathie",
    "toon": "Toon",
    "volledigheid": "Volledigheid",
    "juistheid": "Juistheid",
    "b1": "Taal (B1)",
    "afsluiting": "Afsluiting",
}
MAX_GROWTH = 3


@dataclass(frozen=True, slots=True)
class Strength:
    skill: str
    text: str
    quote: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"vaardigheid": self.skill, "tekst": self.text, "citaat": self.quote}


@dataclass(frozen=True, slots=True)
class GrowthPoint:
    skill: str
    title: str
    quote: str
    why: str
    better: str

    def to_dict(self) -> dict[str, object]:
        return {
            "vaardigheid": self.skill,
            "titel": self.title,
            "citaat": self.quote,
            "waarom": self.why,
            "beter": self.better,
        }


@dataclass(slots=True)
class Feedback:
    """The feedback on one session; ``to_dict`` is the JSON shape of ``train --json``."""

    scenario: str
    title: str
    level: int
    seed: int
    outcome: str
    turns: int
    scores: dict[str, int]
    epitome: dict[str, int]
    lsd: dict[str, int]
    checklist: dict[str, bool]
    strengths: list[Strength] = field(default_factory=list)
    growth: list[GrowthPoint] = field(default_factory=list)
    transcript: list[dict[str, str]] = field(default_factory=list)
    notice: str = FORMATIVE_NOTICE

    @property
    def overall(self) -> int:
        return round(sum(self.scores.values()) / len(self.scores))

    def to_dict(self) -> dict[str, object]:
        return {
            "scenario": self.scenario,
            "titel": self.title,
            "niveau": self.level,
            "seed": self.seed,
            "uitkomst": self.outcome,
            "uitkomst_tekst": OUTCOMES.get(self.outcome, ""),
            "beurten": self.turns,
            "scores": dict(self.scores),
            "totaal": self.overall,
            "epitome": dict(self.epitome),
            "lsd": dict(self.lsd),
            "checklist": dict(self.checklist),
            "sterke_punten": [item.to_dict() for item in self.strengths],
            "groeipunten": [item.to_dict() for item in self.growth],
            "gesprek": list(self.transcript),
            "let_op": self.notice,
        }


# --- scores -------------------------------------------------------------------------------


def _analyses(session: Session) -> list[TurnAnalysis]:
    return [exchange.analysis for exchange in session.exchanges]


def _epitome(turns: list[TurnAnalysis]) -> dict[str, int]:
    return {
        "emotionele_reactie": max((t.emotional_reaction for t in turns), default=0),
        "interpretatie": max((t.interpretation for t in turns), default=0),
        "exploratie": max((t.exploration for t in turns), default=0),
    }


def _empathy_score(epitome: dict[str, int], turns: list[TurnAnalysis]) -> int:
    base = sum(epitome.values()) / 6 * 100
    dismissive = sum(1 for t in turns if t.dismissive)
    hollow_only = epitome["emotionele_reactie"] == 1 and epitome["interpretatie"] == 0
    score = base - 25 * dismissive - (10 if hollow_only else 0)
    return _bounded(score)


def _tone_score(turns: list[TurnAnalysis]) -> int:
    if not turns:
        return 0
    score = 100.0
    score -= 30 * sum(1 for t in turns if t.dismissive)
    score -= 15 * sum(1 for t in turns if t.canned or t.repeated)
    score -= min(20, 10 * sum(1 for t in turns if t.informal))
    if not turns[0].greeting:
        score -= 10
    return _bounded(score)


def _checklist(session: Session) -> dict[str, bool]:
    result = {
        f"uitvragen:{item}": item in session.revealed
        for item in session.scenario.checklist.uitvragen
    }
    result.update(
        {
            f"uitleggen:{item.id}": item.id in session.explained
            for item in session.scenario.checklist.uitleggen
        }
    )
    return result


def _correctness_score(session: Session) -> int:
    turns = _analyses(session)
    correct = sum(len(t.claims) - len(t.wrong_claims) for t in turns)
    wrong = sum(len(t.wrong_claims) for t in turns)
    traps = sum(len(exchange.wrong_statements) for exchange in session.exchanges)
    promises = sum(1 for t in turns if t.overpromise)
    explained = len(session.explained) / max(1, len(session.scenario.checklist.uitleggen))
    score = 100 * explained if correct + wrong == 0 else 100 * correct / (correct + wrong)
    return _bounded(score - 30 * traps - 25 * promises)


def _b1_score(turns: list[TurnAnalysis]) -> int:
    total = sum(t.sentence_count for t in turns)
    if not total:
        return 0
    failed = sum(len(t.non_b1_sentences) for t in turns)
    jargon = sum(len(t.jargon) + len(t.plain) for t in turns)
    return _bounded(100 * (total - failed) / total - 10 * jargon)


def _close_score(session: Session, turns: list[TurnAnalysis]) -> int:
    if session.outcome == "opgegeven" or not turns:
        return 0
    score = 0
    if any(t.close_check for t in turns[-3:]):
        score += 40
    recent = session.exchanges[-3:]
    if any(t.summary or t.next_step for t in turns[-3:]) or any(
        e.resident.explained for e in recent
    ):
        score += 30
    if turns[-1].goodbye or session.outcome == "doel_bereikt":
        score += 30
    return score


def _lsd(turns: list[TurnAnalysis]) -> dict[str, int]:
    return {
        "luisteren": sum(1 for t in turns if t.grounded_words and (t.acknowledges or t.summary)),
        "samenvatten": sum(1 for t in turns if t.summary),
        "doorvragen": sum(len(t.open_questions) for t in turns),
    }


def _bounded(value: float) -> int:
    return round(min(100.0, max(0.0, value)))


def _scores(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    turns = _analyses(session)
    epitome = _epitome(turns)
    checklist = _checklist(session)
    complete = 100 * sum(checklist.values()) / max(1, len(checklist))
    scores = {
        "empathie": _empathy_score(epitome, turns),
        "toon": _tone_score(turns),
        "volledigheid": _bounded(complete),
        "juistheid": _correctness_score(session),
        "b1": _b1_score(turns),
        "afsluiting": _close_score(session, turns),
    }
    return scores, epitome


# --- strengths ------------------------------------------------------------------------------


def _first(session: Session, test: Callable[[Exchange], bool]) -> Exchange | None:
    return next((exchange for exchange in session.exchanges if test(exchange)), None)


def _strength_empathy(session: Session) -> Strength | None:
    found = _first(session, lambda e: e.analysis.acknowledges and not e.analysis.dismissive)
    if found is None:
        return None
    words = ", ".join(found.analysis.grounded_words[:3])
    return Strength(
        "empathie",
        f"U reageerde op het gevoel van de inwoner én op wat zij of hij vertelde ({words}). "
        "Zo voelt iemand zich gehoord.",
        found.trainee,
    )


def _strength_summary(session: Session) -> Strength | None:
    found = _first(session, lambda e: e.analysis.summary)
    if found is None:
        return None
    return Strength(
        "samenvatten",
        "U vatte samen wat de inwoner zei. Zo checkt u of u het goed begrepen heeft.",
        found.trainee,
    )


def _strength_questions(session: Session) -> Strength | None:
    found = _first(session, lambda e: bool(e.analysis.open_questions))
    if found is None:
        return None
    return Strength(
        "doorvragen",
        "U stelde een open vraag. Daardoor vertelde de inwoner meer.",
        found.analysis.open_questions[0],
    )


def _strength_information(session: Session) -> Strength | None:
    if not session.explained:
        return None
    found = _first(session, lambda e: bool(e.resident.explained) and not e.analysis.wrong_claims)
    items = [
        item.omschrijving
        for item in session.scenario.checklist.uitleggen
        if item.id in session.explained
    ]
    return Strength(
        "informatie",
        f"U gaf juiste informatie uit de kennisbank: {items[0]}.",
        found.trainee if found else None,
    )


def _strength_close(session: Session) -> Strength | None:
    found = _first(session, lambda e: e.analysis.close_check)
    if found is None:
        return None
    return Strength(
        "afsluiting",
        "U vroeg of de vraag beantwoord was. Zo weet u zeker dat de inwoner verder kan.",
        found.trainee,
    )


def _strength_b1(session: Session, scores: dict[str, int]) -> Strength | None:
    if scores["b1"] < 90 or not session.exchanges:
        return None
    return Strength("b1", "U sprak in eenvoudige, korte zinnen, zonder ambtelijke woorden.")


def _strengths(session: Session, scores: dict[str, int]) -> list[Strength]:
    candidates = [
        _strength_empathy(session),
        _strength_summary(session),
        _strength_information(session),
        _strength_questions(session),
        _strength_close(session),
        _strength_b1(session, scores),
    ]
    found = [item for item in candidates if item is not None]
    if found:
        return found[:4]
    if session.exchanges:
        return [
            Strength(
                "inzet",
                "U bent het gesprek aangegaan en bleef reageren. Dat is de eerste stap; "
                "met de punten hieronder wordt het volgende gesprek beter.",
                session.exchanges[0].trainee,
            )
        ]
    return []


# --- growth points ---------------------------------------------------------------------------


def _plain_version(line: str, pairs: list[tuple[str, str]]) -> str | None:
    better = line
    for found, plain in pairs:
        better = re.sub(re.escape(found), plain, better, flags=re.IGNORECASE)
    return better if better != line else None


def _growth_dismissive(session: Session) -> GrowthPoint | None:
    found = _first(session, lambda e: bool(e.analysis.dismissive))
    if found is None:
        return None
    phrase = found.analysis.dismissive[0]
    return GrowthPoint(
        "toon",
        "Afwijzende woorden",
        found.trainee,
        f"'{phrase}' klinkt afwijzend. De inwoner voelt zich dan niet serieus genomen en wordt "
        "bozer. Erken eerst wat er is gebeurd, en zeg dan wat u wél kunt doen.",
        session.scenario.voorbeelden.erkennen,
    )


def _growth_wrong(session: Session) -> GrowthPoint | None:
    found = _first(
        session,
        lambda e: bool(e.analysis.wrong_claims or e.wrong_statements or e.analysis.overpromise),
    )
    if found is None:
        return None
    if found.wrong_statements:
        why = found.wrong_statements[0]
    elif found.analysis.wrong_claims:
        claim = found.analysis.wrong_claims[0].text
        why = f"'{claim}' staat niet in de kennisartikelen ({', '.join(session.scenario.kennisartikelen)})."
    else:
        why = f"'{found.analysis.overpromise[0]}' belooft meer dan u kunt waarmaken."
    return GrowthPoint(
        "juistheid",
        "Klopt de informatie?",
        found.trainee,
        why + " Zoek bedragen en termijnen op in het artikel voordat u ze noemt.",
        session.scenario.voorbeelden.uitleg,
    )


def _growth_jargon(session: Session) -> GrowthPoint | None:
    found = _first(session, lambda e: e.analysis.uses_jargon or bool(e.analysis.non_b1_sentences))
    if found is None:
        return None
    analysis = found.analysis
    words = analysis.jargon + [pair[0] for pair in analysis.plain]
    why = (
        f"Woorden als '{', '.join(words)}' kent niet iedereen."
        if words
        else "Deze zin is lang of moeilijk."
    )
    better = (
        _plain_version(found.trainee, analysis.plain)
        if analysis.plain and not analysis.jargon
        else None
    )
    return GrowthPoint(
        "b1",
        "Eenvoudige taal (B1)",
        found.trainee,
        why + " Gebruik gewone woorden en korte zinnen.",
        better or session.scenario.voorbeelden.uitleg,
    )


def _growth_missing(session: Session) -> GrowthPoint | None:
    missing_facts = [f for f in session.scenario.checklist.uitvragen if f not in session.revealed]
    missing_items = [
        item for item in session.scenario.checklist.uitleggen if item.id not in session.explained
    ]
    if not (missing_facts or missing_items) or not session.exchanges:
        return None
    quote = _closing_line(session)
    if missing_facts:
        fact = session.scenario.fact(missing_facts[0])
        return GrowthPoint(
            "volledigheid",
            "Doorvragen",
            quote,
            f"U kwam niet te weten: {fact.omschrijving}. Zonder dat kunt u de vraag niet goed "
            "beantwoorden. Vraag door met een open vraag.",
            session.scenario.voorbeelden.doorvragen,
        )
    names = "; ".join(item.omschrijving for item in missing_items[:2])
    return GrowthPoint(
        "volledigheid",
        "Volledige uitleg",
        quote,
        f"Deze uitleg ontbrak nog: {names}.",
        session.scenario.voorbeelden.uitleg,
    )


def _closing_line(session: Session) -> str:
    return session.exchanges[-1].trainee


def _growth_summary(session: Session) -> GrowthPoint | None:
    if any(e.analysis.summary for e in session.exchanges) or len(session.exchanges) < 2:
        return None
    target = max(session.exchanges[:-1], key=lambda e: len(e.resident.text))
    return GrowthPoint(
        "samenvatten",
        "Samenvatten",
        target.trainee,
        "U vatte niet samen wat de inwoner vertelde. Een korte samenvatting laat zien dat u "
        "luistert en voorkomt misverstanden.",
        session.scenario.voorbeelden.samenvatten,
    )


def _growth_empathy(session: Session) -> GrowthPoint | None:
    if any(e.analysis.acknowledges for e in session.exchanges) or not session.exchanges:
        return None
    hollow = _first(session, lambda e: e.analysis.hollow)
    target = hollow or session.exchanges[0]
    why = (
        "U zei dat u het begreep, maar noemde niet wat de inwoner vertelde. Dan klinkt het leeg."
        if hollow
        else "U ging niet in op hoe de inwoner zich voelde."
    )
    return GrowthPoint(
        "empathie",
        "Erkennen",
        target.trainee,
        why + " Noem het gevoel én waar het over gaat.",
        session.scenario.voorbeelden.erkennen,
    )


def _growth_close(session: Session) -> GrowthPoint | None:
    if any(e.analysis.close_check for e in session.exchanges) or not session.exchanges:
        return None
    return GrowthPoint(
        "afsluiting",
        "Afsluiten",
        _closing_line(session),
        "U vroeg niet of de vraag beantwoord was. Vraag dat altijd aan het eind "
        "(norm voor klantcontactcentra).",
        session.scenario.voorbeelden.afsluiten,
    )


def _growth_canned(session: Session) -> GrowthPoint | None:
    found = _first(
        session, lambda e: bool(e.analysis.canned or e.analysis.repeated or e.analysis.informal)
    )
    if found is None:
        return None
    if found.analysis.informal:
        better = re.sub(r"\b(je|jij|jou)\b", "u", found.trainee, flags=re.IGNORECASE)
        better = re.sub(r"\bjouw\b", "uw", better, flags=re.IGNORECASE)
        why = "U zei 'je' tegen de inwoner. Zeg 'u', tenzij de inwoner zelf om 'je' vraagt."
        return GrowthPoint("toon", "U-vorm", found.trainee, why, better)
    return GrowthPoint(
        "toon",
        "Eigen woorden",
        found.trainee,
        "Dit klinkt als een standaardtekst of een herhaling. Dat voelt onpersoonlijk. "
        "Reageer met eigen woorden op wat deze inwoner zei.",
        session.scenario.voorbeelden.uitleg,
    )


def _growth(session: Session) -> list[GrowthPoint]:
    candidates = [
        _growth_dismissive(session),
        _growth_wrong(session),
        _growth_missing(session),
        _growth_jargon(session),
        _growth_empathy(session),
        _growth_summary(session),
        _growth_close(session),
        _growth_canned(session),
    ]
    result: list[GrowthPoint] = []
    for item in candidates:
        if item is not None and all(item.skill != chosen.skill for chosen in result):
            result.append(item)
    return result[:MAX_GROWTH]


# --- entry points -------------------------------------------------------------------------------


def feedback(session: Session) -> Feedback:
    """Feedback on a (finished or stopped) session."""
    scores, epitome = _scores(session)
    return Feedback(
        scenario=session.scenario.naam,
        title=session.scenario.titel,
        level=session.scenario.niveau,
        seed=session.seed,
        outcome=session.outcome
        or ("doel_bereikt" if session.goals_met else "afgesloten_zonder_doel"),
        turns=len(session.exchanges),
        scores=scores,
        epitome=epitome,
        lsd=_lsd(_analyses(session)),
        checklist=_checklist(session),
        strengths=_strengths(session, scores),
        growth=_growth(session),
        transcript=session.transcript(),
    )


def render_text(result: Feedback) -> list[str]:
    """The feedback as lines for the terminal."""
    lines = [
        f"Feedback: {result.title} (niveau {result.level})",
        OUTCOMES.get(result.outcome, result.outcome),
        "",
        "Wat ging goed:",
    ]
    for strength in result.strengths:
        lines.append(f"+ {strength.text}")
        if strength.quote:
            lines.append(f'    U zei: "{strength.quote}"')
    if result.growth:
        lines += ["", "Wat kan nog beter:"]
    for point in result.growth:
        lines.append(f"- {point.title}: {point.why}")
        lines.append(f'    U zei: "{point.quote}"')
        lines.append(f'    Beter: "{point.better}"')
    lines += ["", "Scores (0-100):"]
    lines += [f"  {SCORE_NAMES[name]}: {value}" for name, value in result.scores.items()]
    epitome = result.epitome
    lines.append(
        "  Empathie in delen (0-2): emotionele reactie "
        f"{epitome['emotionele_reactie']}, interpretatie {epitome['interpretatie']}, "
        f"exploratie {epitome['exploratie']}"
    )
    lines += ["", result.notice]
    return lines
