"""Tone of what a RESIDENT says: boos, bezorgd, neutraal or positief, and whether to escalate.

This is about residents' words only. Reisgenoot never assesses employees' emotions
(contracts §10): do not call :func:`analyse_tone` on an employee's turns.

How it works (details and measured quality: ``docs/language-tone-b1.md``):

1. :func:`reisgenoot.language.tone_cues.normalise` lowercases, expands informal spelling
   ("kzou", "nie", "ff") and collapses stretched letters.
2. The project's cue lists (``data/tone/cues.json``) are matched: anger, strong anger,
   complaints, politeness that hides anger, sarcasm, worry, worrying situations, positive
   words. Negation ("niet tevreden") flips or cancels a cue; intensifiers ("echt", "heel")
   strengthen it; sarcasm ("nou geweldig hoor") turns praise into anger.
3. Pattern's Dutch adjective lexicon (PDDL) adds polarity for words the cue lists miss.
4. CAPITALS, "!!!" and stretched words ("neeee") raise the intensity.
5. The tone with the highest score wins when it passes a threshold; otherwise ``neutraal``.

Escalation reasons (stable codes):

- ``sterke_boosheid`` — swearing, insults, rage words, or shouting with strong anger;
- ``dreiging`` — threats of violence or damage ("ik weet waar je woont");
- ``wanhoop`` — despair ("ik zie het niet meer zitten", "ik kan niet meer");
- ``zelfbeschadiging`` — hints of suicide or self-harm;
- ``kwetsbaar`` — threatened eviction, domestic violence, no food or energy, or money
  trouble together with children;
- ``vastgelopen`` — stuck in the system: months of waiting on a problem, sent from pillar
  to post ("van het kastje naar de muur"), four or more calls;
- ``vraagt_mens`` — asks for a person, a manager or "geen robot";
- from the learned model (:mod:`reisgenoot.language.tone_model`) also ``juridische_stap``
  (a lawyer, a court, the ombudsman), ``media`` (the paper, social media), ``klacht_medewerker``
  (a complaint about an employee), ``discriminatie``, ``sarcasme`` and ``beleefd_woedend``
  (polite but furious), and its ``kwetsbaar``/``vastgelopen`` for vulnerability and safety and
  for repeated contact — a category only when it is likely by itself
  (:func:`reisgenoot.language.tone_model.with_model_reason`, ADR 95).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from reisgenoot.language.tone_cues import (
    Normalised,
    cue_patterns,
    cues_data,
    lexicon_polarity,
    normalise,
)

__all__ = ["ESCALATE_REASONS", "Tone", "ToneResult", "analyse_tone"]

Tone = Literal["boos", "bezorgd", "neutraal", "positief"]

ESCALATE_REASONS = (
    "sterke_boosheid",
    "dreiging",
    "wanhoop",
    "zelfbeschadiging",
    "kwetsbaar",
    "vastgelopen",
    "vraagt_mens",
    "juridische_stap",
    "media",
    "klacht_medewerker",
    "discriminatie",
    "sarcasme",
    "beleefd_woedend",
)
_TONES = frozenset({"boos", "bezorgd", "neutraal", "positief"})
RULE_WEIGHT = 0.6  # how much a cue rule's tone (times its intensity) adds to the model's

THRESHOLD = 0.5  # a tone needs at least this score; below it the text is neutraal
LABELS = {
    "anger": "boos",
    "anger_strong": "heftig",
    "complaint": "klacht",
    "polite_anger": "beleefd-boos",
    "sarcasm": "sarcasme",
    "worry": "zorg",
    "worry_situation": "situatie",
    "positive": "positief",
    "threat": "dreiging",
    "despair": "wanhoop",
    "selfharm": "zelfbeschadiging",
    "vulnerable_money": "geldzorgen",
    "vulnerable_children": "kinderen",
    "vulnerable_direct": "kwetsbaar",
    "stuck_duration": "duur",
    "stuck_strong": "vastgelopen",
    "asks_person": "vraagt-mens",
    "negated_positive": "ontkend",
}
_NEGATABLE = frozenset({"anger", "positive", "worry", "worry_situation"})
_ACRONYMS = frozenset(
    {
        "BSN",
        "IBAN",
        "WOZ",
        "WMO",
        "UWV",
        "IND",
        "GGD",
        "BRP",
        "KCC",
        "CJG",
        "SVB",
        "CAK",
        "DUO",
        "OV",
        "ID",
        "NL",
        "BTW",
        "AOW",
        "WW",
        "ZZP",
        "KVK",
        "RDW",
        "CBR",
        "VOG",
        "PGB",
        "WIA",
        "ANWB",
        "NS",
        "GBA",
        "DIGID",
        "HR",
        "ICT",
        "PDF",
        "OK",
        "OKE",
        "APK",
        "AH",
    }
)


@dataclass(frozen=True, slots=True)
class ToneResult:
    """The tone of one resident utterance."""

    tone: Tone
    intensity: float
    escalate: bool
    escalate_reasons: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "tone": self.tone,
            "intensity": self.intensity,
            "escalate": self.escalate,
            "escalate_reasons": list(self.escalate_reasons),
            "cues": list(self.cues),
        }


@dataclass(slots=True)
class _Evidence:
    """Weighted cues per category, and the cue texts to show."""

    weight: dict[str, float] = field(default_factory=dict)
    shown: list[str] = field(default_factory=list)

    def add(self, category: str, amount: float, cue: str) -> None:
        self.weight[category] = self.weight.get(category, 0.0) + amount
        label = f"{LABELS.get(category, category)}: {cue}"
        if cue and label not in self.shown:
            self.shown.append(label)

    def get(self, category: str) -> float:
        return self.weight.get(category, 0.0)


@dataclass(frozen=True, slots=True)
class _Style:
    shouting: bool
    emphasis: int  # capitalised words used for emphasis
    exclamations: int  # runs of two or more "!" count double
    questions: int
    stretched: int


# --- evidence -------------------------------------------------------------------------------


def _context(norm: Normalised, start: int) -> list[str]:
    """Up to three words before the cue at ``start``, in the same clause, nearest first."""
    index = norm.word_index(start)
    if index >= len(norm.words):
        return []
    clause = norm.clauses[index]
    words: list[str] = []
    for back in range(index - 1, max(-1, index - 4), -1):
        if norm.clauses[back] != clause or norm.words[back] == ".":
            break
        words.append(norm.words[back])
    return words


def _modifiers(norm: Normalised, start: int) -> tuple[bool, float]:
    """Whether a cue at ``start`` is negated, and its intensifier factor."""
    data = cues_data()
    negators = set(data["negators"])
    intensifiers: dict[str, float] = data["intensifiers"]
    before = _context(norm, start)
    negated = any(word in negators for word in before)
    factor = max((intensifiers.get(word, 1.0) for word in before[:2]), default=1.0)
    return negated, factor


def _collect(norm: Normalised) -> tuple[_Evidence, set[tuple[int, int]]]:
    evidence = _Evidence()
    covered: set[tuple[int, int]] = set()
    patterns = cue_patterns()
    polite = [m.span() for m in patterns["neutral_politeness"].finditer(norm.text)]
    for category, pattern in patterns.items():
        if category == "neutral_politeness":
            continue
        for match in pattern.finditer(norm.text):
            start, end = match.span()
            covered.add((start, end))
            if category == "positive" and any(a <= start < b for a, b in polite):
                continue  # "alvast bedankt", "met vriendelijke groet"
            _add_match(evidence, norm, category, match)
    return evidence, covered


def _add_match(evidence: _Evidence, norm: Normalised, category: str, match: re.Match[str]) -> None:
    cue = match.group()
    if category not in _NEGATABLE:
        evidence.add(category, 1.0, cue)
        return
    negated, factor = _modifiers(norm, match.start())
    if not negated:
        evidence.add(category, factor, cue)
    elif category == "positive":
        evidence.add("negated_positive", factor, f"niet {cue}")


@cache
def _lexicon_ignore() -> frozenset[str]:
    return frozenset(cues_data().get("lexicon_ignore", []))


def _lexicon_scores(norm: Normalised, covered: set[tuple[int, int]]) -> tuple[float, float]:
    """Positive and negative polarity from Pattern's lexicon for words no cue covered."""
    intensifiers = cues_data()["intensifiers"]
    negators = set(cues_data()["negators"])
    ignored = _lexicon_ignore()
    positive = negative = 0.0
    position = 0
    spans = sorted(covered)
    for index, word in enumerate(norm.words):
        start = norm.text.find(word, position)
        position = start + len(word)
        if word in intensifiers or word in ignored or any(a <= start < b for a, b in spans):
            continue
        polarity = lexicon_polarity(word)
        if polarity is None or abs(polarity) < 0.3:
            continue
        window = norm.words[max(0, index - 3) : index]
        if any(w in negators for w in window):
            polarity *= -0.5
        if polarity > 0:
            positive += polarity
        else:
            negative -= polarity
    return min(positive, 1.5), min(negative, 1.5)


def _style(text: str, norm: Normalised) -> _Style:
    sample = text[:20_000]
    letters_words = re.findall(r"[^\W\d_]{2,}", sample)
    capitals = [w for w in letters_words if w.isupper() and w.upper() not in _ACRONYMS]
    long_words = [w for w in letters_words if len(w) >= 2]
    shouting = bool(capitals) and (
        len(capitals) >= 3 or len(capitals) / max(1, len(long_words)) >= 0.5
    )
    runs = re.findall(r"!+1*", sample)
    exclamations = sum(2 if len(run) > 1 else 1 for run in runs)
    return _Style(
        shouting=shouting,
        emphasis=sum(1 for w in capitals if len(w) >= 4),
        exclamations=exclamations,
        questions=sample.count("?"),
        stretched=norm.stretched,
    )


# --- scores ---------------------------------------------------------------------------------


def _negative_context(evidence: _Evidence, lex_negative: float) -> float:
    return (
        evidence.get("anger")
        + evidence.get("anger_strong")
        + evidence.get("complaint")
        + evidence.get("polite_anger")
        + evidence.get("negated_positive")
        + evidence.get("stuck_strong")
        + lex_negative
    )


def _boos(evidence: _Evidence, lex_negative: float) -> float:
    context = _negative_context(evidence, lex_negative)
    praise_context = context + evidence.get("worry_situation")
    sarcasm = evidence.get("sarcasm") + (evidence.get("sarcasm_context") if praise_context else 0.0)
    manager = 0.4 if evidence.get("asks_person") and evidence.get("asks_manager") else 0.0
    stuck = evidence.get("stuck_duration") and evidence.get("stuck_problem")
    return (
        1.0 * evidence.get("anger")
        + 1.6 * evidence.get("anger_strong")
        + 0.7 * evidence.get("complaint")
        + 0.8 * evidence.get("polite_anger")
        + 0.8 * evidence.get("negated_positive")
        + 0.8 * lex_negative
        + (1.0 if context else 0.7) * sarcasm
        + 1.5 * evidence.get("threat")
        + 0.6 * evidence.get("stuck_strong")
        + (0.4 if stuck else 0.0)
        + 0.3 * evidence.get("asks_person")
        + manager
    )


def _bezorgd(evidence: _Evidence) -> float:
    situation = evidence.get("worry_situation")
    vulnerable = evidence.get("vulnerable_direct") or (
        evidence.get("vulnerable_money") and evidence.get("vulnerable_children")
    )
    return (
        1.0 * evidence.get("worry")
        + 0.45 * situation
        + 0.2 * evidence.get("worry_serious")
        + (0.3 if situation and evidence.get("time_pressure") else 0.0)
        + 0.9 * evidence.get("despair")
        + 1.0 * evidence.get("selfharm")
        + (0.8 if vulnerable else 0.0)
    )


def _scores(evidence: _Evidence, style: _Style, lex: tuple[float, float]) -> dict[str, float]:
    lex_positive, lex_negative = lex
    sarcastic = evidence.get("sarcasm") or (
        evidence.get("sarcasm_context")
        and _negative_context(evidence, lex_negative) + evidence.get("worry_situation")
    )
    boos = _boos(evidence, lex_negative)
    bezorgd = _bezorgd(evidence)
    positief = 0.0 if sarcastic else 1.0 * evidence.get("positive") + 0.4 * lex_positive
    if boos > 0:
        boos += 0.25 * min(style.exclamations, 4) + (0.6 if style.shouting else 0.0)
        boos += 0.2 * min(style.emphasis + style.stretched, 3)
    elif style.exclamations >= 2 and not positief and not bezorgd:
        boos = 0.3 * style.exclamations + (0.4 if style.shouting else 0.0)
    if positief > 0:
        positief += 0.15 * min(style.exclamations, 3)
        if boos >= THRESHOLD or bezorgd >= THRESHOLD:
            positief *= 0.5  # thanks next to a complaint is politeness, not the tone
    if bezorgd > 0 and style.questions:
        bezorgd += 0.1
    return {"boos": boos, "bezorgd": bezorgd, "positief": positief}


def _decide(scores: dict[str, float]) -> tuple[Tone, float]:
    best: Tone = "neutraal"
    best_score = 0.0
    for tone in ("boos", "bezorgd", "positief"):
        if scores[tone] > best_score:
            best, best_score = tone, scores[tone]
    if best_score < THRESHOLD:
        return "neutraal", round(min(0.3, best_score * 0.4), 2)
    return best, round(1.0 - math.exp(-best_score / 1.3), 2)


# --- escalation -----------------------------------------------------------------------------


def _escalation(
    evidence: _Evidence, tone: Tone, scores: dict[str, float], style: _Style
) -> list[str]:
    reasons: list[str] = []
    del scores, style
    if tone == "boos" and evidence.get("anger_strong"):
        reasons.append("sterke_boosheid")
    if evidence.get("threat"):
        reasons.append("dreiging")
    if evidence.get("despair"):
        reasons.append("wanhoop")
    if evidence.get("selfharm"):
        reasons.append("zelfbeschadiging")
    if evidence.get("vulnerable_direct") or (
        evidence.get("vulnerable_money") and evidence.get("vulnerable_children")
    ):
        reasons.append("kwetsbaar")
    if evidence.get("stuck_strong") or (
        evidence.get("stuck_duration") and evidence.get("stuck_problem")
    ):
        reasons.append("vastgelopen")
    if evidence.get("asks_person"):
        reasons.append("vraagt_mens")
    return reasons


_HIDDEN = (
    "stuck_problem:",
    "time_pressure:",
    "sarcasm_context:",
    "asks_manager:",
    "worry_serious:",
)


def _show(cue: str, tone: Tone, reasons: list[str]) -> bool:
    """Show the cues that explain the result; hide helper categories."""
    if cue.startswith(_HIDDEN):
        return False
    if cue.startswith(("duur:", "kinderen:", "geldzorgen:")):
        return bool(reasons)
    if cue.startswith("positief:"):
        return tone == "positief"
    return True


def _style_cues(style: _Style) -> list[str]:
    cues: list[str] = []
    if style.shouting:
        cues.append("hoofdletters")
    if style.exclamations >= 2:
        cues.append("uitroeptekens")
    if style.stretched:
        cues.append("uitgerekte woorden")
    return cues


def analyse_tone(text: str) -> ToneResult:
    """The tone of a resident's utterance, its intensity, and whether to escalate.

    The cue rules (:func:`analyse_rules`) explain; the learned model
    (:mod:`reisgenoot.language.tone_model`) decides the tone and adds escalation reasons the
    cues miss. Never raises; empty or unusable input is ``neutraal`` with intensity 0.
    """
    if not isinstance(text, str) or not text.strip():
        return analyse_rules(text)
    norm = normalise(text)
    rule = analyse_rules(text, norm)
    from reisgenoot.language.tone_model import features, load_model, with_model_reason

    model = load_model()
    if model is None:
        return rule
    feats = features(text, rule.tone, rule.escalate_reasons, rule.cues, words=norm.words)
    _best, _p, category, p_escalate = model.predict(feats)
    probabilities = model.tone.probabilities(feats)
    scores = {name: float(p) for name, p in zip(model.tone.classes, probabilities, strict=True)}
    if rule.tone != "neutraal" and rule.tone in scores:
        scores[rule.tone] += RULE_WEIGHT * rule.intensity
    tone_name = max(scores, key=scores.__getitem__)
    tone_p = min(1.0, scores[tone_name])
    tone: Tone = tone_name if tone_name in _TONES else rule.tone  # type: ignore[assignment]
    alone = model.escalation.probabilities(feats)[model.escalation.classes.index(category)]
    reasons = with_model_reason(
        rule.escalate_reasons, category, p_escalate, float(alone), model.escalate_at
    )
    intensity = rule.intensity if tone == rule.tone else round(max(0.3, tone_p * 0.8), 2)
    if tone == "neutraal":
        intensity = min(intensity, 0.3)
    return ToneResult(tone, intensity, bool(reasons), reasons, rule.cues)


def analyse_rules(text: str, norm: Normalised | None = None) -> ToneResult:
    """The tone by the cue rules alone (the explanation, and features of the model);
    ``norm`` is the text normalised when the caller has it."""
    if not isinstance(text, str) or not text.strip():
        return ToneResult("neutraal", 0.0, False, [], [])
    norm = normalise(text) if norm is None else norm
    if not norm.words:
        return ToneResult("neutraal", 0.0, False, [], [])
    evidence, covered = _collect(norm)
    style = _style(text, norm)
    lex = _lexicon_scores(norm, covered)
    scores = _scores(evidence, style, lex)
    tone, intensity = _decide(scores)
    reasons = _escalation(evidence, tone, scores, style)
    cues = [cue for cue in evidence.shown if _show(cue, tone, reasons)]
    cues.extend(_style_cues(style))
    return ToneResult(tone, intensity, bool(reasons), reasons, cues[:20])
