"""The passage of an article that answers the question: the right section, answer first.

The answer is extractive: a contiguous piece of one public section (never the deskMemo), so
it can be checked against the article (:mod:`reisgenoot.knowledge.grounding`).

1. **Section.** Every section scores the question terms it shares, +1 for the section the
   embeddings liked best, plus a bonus for the section the question asks for. That bonus is
   the larger of the phrase rules in :data:`INTENTS` and the learned intent of
   :mod:`reisgenoot.knowledge.understanding` (costs → Kosten, term → Termijn, documents →
   Bewijs, conditions → Voorwaarden, procedure or renewal → Aanvraag, objection → Bezwaar en
   beroep, "wat is" → Inleiding, contact → Contact; see :data:`SECTION_BONUS`). The contact
   section is a candidate only when contact details are asked for.
2. **Answer first.** Within the section the passage starts at the sentence or list item
   that answers: the one sharing most of the question's terms, with an amount for a cost
   question, a period for a term question and a clock time for "hoe laat". Then the detail
   that follows, up to about :data:`PASSAGE_CHARS` characters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache, partial

from reisgenoot.knowledge.answer_section import section_features, section_model
from reisgenoot.knowledge.answer_sentence import Unit, idf, sentence_model, unit_features
from reisgenoot.knowledge.normalize import Normaliser, fold
from reisgenoot.knowledge.rerank import INTENT_SECTIONS
from reisgenoot.knowledge.retrieval import Ranked, Retriever
from reisgenoot.knowledge.understanding import Understanding, query_models

PASSAGE_CHARS = 600


def _paragraphs(text: str) -> list[str]:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return blocks or [text.strip()]


@lru_cache(maxsize=8192)
def _article_terms(normaliser: Normaliser, text: str) -> dict[str, float]:
    """The weighted terms of a piece of an article (the same sections are read per question)."""
    return normaliser.weighted_terms(text)


def _overlap(text: str, terms: dict[str, float], retriever: Retriever) -> float:
    found = _article_terms(retriever.normaliser, text)
    return sum(weight for term, weight in terms.items() if term in found)


def _window(paragraphs: list[str], start: int) -> str:
    chosen: list[str] = []
    size = 0
    for paragraph in paragraphs[start:]:
        if chosen and size + len(paragraph) > PASSAGE_CHARS:
            break
        chosen.append(paragraph)
        size += len(paragraph)
    text = "\n\n".join(chosen)
    if len(text) > PASSAGE_CHARS * 2:
        cut = text.rfind(". ", 0, PASSAGE_CHARS * 2)
        text = text[: cut + 1] if cut > 0 else text[: PASSAGE_CHARS * 2]
    return text


# What a question asks for → the SDG sections that answer it, with a bonus per strength.
# The bonus is added to the term overlap, so a section that shares the question's own words
# can still win ("moet ik betalen voor een hulphond" → the conditions, not the prices).
INTENTS: tuple[tuple[re.Pattern[str], tuple[str, ...], float], ...] = tuple(
    (re.compile(pattern), fields, bonus)
    for pattern, fields, bonus in (
        (
            r"\b(?:wat|hoeveel) (?:kost|kosten|kostte|betaal|betaalt|moet ik betalen)\b"
            r"|\bhoeveel\b[^.?!]{0,40}\b(?:betaal|betalen|kost|kosten)\b|\bbetaal ik\b"
            r"|\b(?:prijs|prijzen|tarief|tarieven|hoeveel geld|hoeveel euro|gratis|boete|duur)\b",
            ("kostenEnBetaalmethoden",),
            2.5,
        ),
        (
            r"\b(?:hoe ?lang duurt|duurt het|hoe snel|hoeveel tijd|wanneer (?:krijg|ontvang|hoor)"
            r"|klaar|van ?tevoren|hoe ver vooruit|wanneer (?:is|ligt) \w+ klaar|werkt)\b",
            ("uitersteTermijn",),
            2.5,
        ),
        (r"\b(?:wanneer|hoe ?lang|termijn)\b", ("uitersteTermijn",), 1.0),
        (
            r"\b(?:meenemen|mee ?nemen|neem(?:t)? (?:ik |je |u )?(?:\w+ )?mee|welke papieren"
            r"|welke documenten|bewijsstukken|wat heb ik nodig)\b",
            ("bewijs",),
            2.5,
        ),
        (
            r"\b(?:voorwaarden?|recht op|in aanmerking|mag ik|mogen|maximaal|wanneer heb ik"
            r"|heb ik \w+ nodig|nodig)\b",
            ("vereisten",),
            1.5,
        ),
        (
            r"\bhoe (?:vraag|kan|moet|geef|meld|regel|doe|krijg|maak|verander|wijzig|zeg)\b"
            r"|\b(?:aanvragen|aanmelden|doorgeven|online|afspraak|ophaalafspraak)\b",
            ("procedureBeschrijving",),
            2.0,
        ),
        (
            r"\b(?:bezwaar|beroep|niet eens|klopt niet|oneens|ben het er niet mee eens)\b",
            ("bezwaarEnBeroep",),
            2.5,
        ),
        (
            r"\b(?:geen reactie|niets gehoord|niks gehoord|te laat beslist|geen antwoord)\b",
            ("wtdBijGeenReactie",),
            2.5,
        ),
        (
            r"\b(?:telefoonnummer|welk nummer|bel ik|mailen|e-?mailadres|openingstijden"
            r"|wanneer is (?:die|de balie|het loket|het stadhuis) open|waar is de balie)\b",
            ("contact",),
            3.0,
        ),
        (r"^(?:wat|waarvoor) (?:is|zijn|betekent)\b|\beigenlijk\b", ("tekst",), 1.5),
    )
)
AMOUNT = re.compile(r"€|\beuro\b|\bgratis\b")
ASKS_CLOCK = re.compile(r"\b(?:hoe laat|hoe vroeg|tot wanneer open|openingstijden?)\b")
CLOCK = re.compile(r"\b\d{1,2}[.:]\d{2}\b")
COST_FIELD = "kostenEnBetaalmethoden"


def intent_bonus(question: str, reading: Understanding | None = None) -> dict[str, float]:
    """SDG section field → bonus for the sections the question asks for (see INTENTS).

    A question the learned intent reads as a schedule (``planning``, ADR 87) asks for no
    processing time: the phrase rules' Termijn bonus ("wanneer …") then defers to it.
    """
    folded = fold(question)
    bonus: dict[str, float] = {}
    for pattern, fields, weight in INTENTS:
        if pattern.search(folded):
            for name in fields:
                bonus[name] = max(bonus.get(name, 0.0), weight)
    if reading is not None and reading.intents and reading.intent == "planning":
        bonus.pop("uitersteTermijn", None)
    return bonus


# The most a learned intent adds to the section that answers it (the strength of the rules).
SECTION_BONUS = {
    "kostenEnBetaalmethoden": 2.5,
    "uitersteTermijn": 2.5,
    "bewijs": 2.5,
    "vereisten": 1.5,
    "procedureBeschrijving": 2.0,
    "bezwaarEnBeroep": 2.5,
    "contact": 3.0,
    "tekst": 1.5,
}
CONTACT_INTENT = 0.5  # the learned contact intent needed to consider the contact section
PERIOD = re.compile(
    r"\b(?:\d+|een|twee|drie|vier|vijf|zes|acht|tien|twaalf)\s*(?:werk)?"
    r"(?:dag(?:en)?|we(?:ek|ken)|maand(?:en)?|jaar|uur)\b"
)
UNIT = re.compile(r"\S[^\n]*?(?:[.!?](?=\s)|[.!?]?$)", re.MULTILINE)  # a sentence or line


def learned_bonus(reading: Understanding | None) -> dict[str, float]:
    """SDG section → bonus from the learned intent probabilities (see :data:`SECTION_BONUS`)."""
    if reading is None:
        return {}
    table = intent_sections()
    shares: dict[str, float] = {}
    for intent, probability in reading.intents.items():
        for section, weight in table.get(intent, {}).items():
            if section in SECTION_BONUS:
                shares[section] = shares.get(section, 0.0) + probability * weight
    return {s: SECTION_BONUS[s] * p for s, p in shares.items()}


def intent_sections() -> dict[str, dict[str, float]]:
    """Intent → section → weight: the heads' fitted map where they ship one, else the fixed
    :data:`~reisgenoot.knowledge.rerank.INTENT_SECTIONS` (weight 1 on one section)."""
    models = query_models()
    learned = models.sections if models is not None else {}
    return {name: learned.get(name) or {section: 1.0} for name, section in INTENT_SECTIONS.items()}


def section_bonus(question: str, reading: Understanding | None = None) -> dict[str, float]:
    """The bonus per section: the larger of the phrase rules and the learned intent."""
    bonus = intent_bonus(question, reading)
    for section, value in learned_bonus(reading).items():
        weak = reading is None or reading.intents.get("contact", 0.0) < CONTACT_INTENT
        if section == "contact" and "contact" not in bonus and weak:
            continue
        bonus[section] = max(bonus.get(section, 0.0), value)
    return bonus


@dataclass(frozen=True, slots=True)
class Passage:
    field: str
    text: str


def _section_scores(
    hit: Ranked, terms: dict[str, float], retriever: Retriever, bonus: Mapping[str, float],
    cues: _Cues,
) -> list[tuple[float, int, str, str]]:  # fmt: skip
    """(score, -order, field, text) of every section that may be shown."""
    scored: list[tuple[float, int, str, str]] = []
    for order, (field_name, _heading, text) in enumerate(hit.doc.sections):
        if field_name == "deskMemo" or (field_name == "contact" and "contact" not in bonus):
            continue
        score = _overlap(text, terms, retriever) + (1.0 if field_name == hit.section else 0.0)
        score += bonus.get(field_name, 0.0)
        if cues.amount and field_name != COST_FIELD and AMOUNT.search(text):
            score += 0.5
        if cues.clock and CLOCK.search(text):
            score += 1.5
        scored.append((score, -order, field_name, text))
    return scored


def choose_passage(
    hit: Ranked,
    terms: dict[str, float],
    retriever: Retriever,
    question: str = "",
    reading: Understanding | None = None,
) -> Passage:
    """The public passage of ``hit`` that best answers the question (never the deskMemo)."""
    if question.strip():
        choice = sentence_choice(hit, terms, retriever, question, reading)
        if choice.units and (model := sentence_model()) is not None:
            best = model.best(choice.units)
            if best is not None:
                return Passage(best.field, _passage_from(hit.doc.text(best.field), best.start))
        return Passage(choice.field, _passage_from(hit.doc.text(choice.field), choice.start))
    bonus = section_bonus(question, reading)
    scored = _section_scores(hit, terms, retriever, bonus, asked_cues(question, bonus))
    if not scored:
        return Passage("", "")
    _score, _order, field_name, text = max(scored)
    paragraphs = _paragraphs(text)
    scores = [_overlap(p, terms, retriever) for p in paragraphs]
    start = max(range(len(paragraphs)), key=lambda i: (scores[i], -i))
    if scores[start] <= scores[0]:
        start = 0
    return Passage(field_name, _window(paragraphs, start))


@dataclass(frozen=True, slots=True)
class SentenceChoice:
    """The rules' section and start, and every candidate sentence with its features."""

    field: str
    start: int
    units: list[Unit]


def sentence_choice(
    hit: Ranked,
    terms: dict[str, float],
    retriever: Retriever,
    question: str,
    reading: Understanding | None = None,
    field: str | None = None,
) -> SentenceChoice:
    """Where the rules start the answer, and the candidates the learned model chooses from.

    The section is the learned section model's choice (the rules' without it), or ``field``
    when given and shown.
    """
    bonus = section_bonus(question, reading)
    cues = asked_cues(question, bonus)
    scored = _section_scores(hit, terms, retriever, bonus, cues)
    if not scored:
        return SentenceChoice("", 0, [])
    _score, _order, field_name, text = max(scored)
    model = section_model()
    forced = [s for s in scored if s[2] == field]
    if forced:
        _score, _order, field_name, text = forced[0]
    elif model is not None and len(scored) > 1:
        candidates = section_candidates(hit, terms, retriever, scored, (question, reading), cues)
        best = max(range(len(scored)), key=lambda i: (model.score(candidates[i]), scored[i][1]))
        _score, _order, field_name, text = scored[best]
    start = _answer_start(text, terms, retriever, cues)
    shown = [s for s in scored if s[2] == field_name]
    units = candidate_units(hit, terms, retriever, shown, bonus, cues, (field_name, start))
    return SentenceChoice(field_name, start, units)


def section_candidates(
    hit: Ranked,
    terms: dict[str, float],
    retriever: Retriever,
    scored: list[tuple[float, int, str, str]],
    asked: tuple[str, Understanding | None],
    cues: _Cues,
) -> list[tuple[float, ...]]:
    """The features of every section in ``scored`` (:mod:`answer_section`), in that order."""
    question, reading = asked
    words = partial(_article_terms, retriever.normaliser)
    topic = set(words(" ".join([hit.doc.title, *hit.doc.trefwoorden])))
    phrases = intent_bonus(question, reading)
    shares = {s: b / SECTION_BONUS[s] for s, b in learned_bonus(reading).items()}
    spans = [_units(text) for _s, _o, _f, text in scored]
    present = [
        [set(words(text[a:b])) for a, b in units]
        for units, (*_x, text) in zip(spans, scored, strict=True)
    ]
    rarity = idf([p for section in present for p in section])
    top = max(s[0] for s in scored)
    rule = max(range(len(scored)), key=lambda i: scored[i][:2])
    e5 = [hit.sections.get(f, 0.0) for _s, _o, f, _t in scored]
    bonus = section_bonus(question, reading)
    model = sentence_model()
    found: list[tuple[float, ...]] = []
    for i, (score, order, field_name, text) in enumerate(scored):
        best_sentence = 0.0
        if model is not None:
            rule_start = (field_name, _answer_start(text, terms, retriever, cues))
            units = candidate_units(hit, terms, retriever, [scored[i]], bonus, cues, rule_start)
            best_sentence = max((model.score(u.features) for u in units), default=0.0)
        shared = [{t: w for t, w in terms.items() if t in p} for p in present[i]] or [{}]
        found.append(
            section_features(
                field=field_name,
                rule=(score, top - score, i == rule),
                bonuses=(phrases.get(field_name, 0.0), shares.get(field_name, 0.0)),
                e5=(e5[i], max(e5) - e5[i]),
                overlaps=(
                    _overlap(text, terms, retriever),
                    max(sum(w for t, w in s.items() if t not in topic) for s in shared),
                    max(sum(w * rarity[t] for t, w in s.items()) for s in shared),
                ),
                cues=max((cues.score(text[a:b]) for a, b in spans[i]), default=0.0),
                best_sentence=best_sentence,
                order=-order,
                size=len(spans[i]),
            )
        )
    return found


def candidate_units(
    hit: Ranked,
    terms: dict[str, float],
    retriever: Retriever,
    scored: list[tuple[float, int, str, str]],
    bonus: Mapping[str, float],
    cues: _Cues,
    rule: tuple[str, int],
) -> list[Unit]:
    """Every sentence of the sections in ``scored`` with its features (:mod:`answer_sentence`)."""
    words = partial(_article_terms, retriever.normaliser)
    topic = set(words(" ".join([hit.doc.title, *hit.doc.trefwoorden])))
    top = max(s[0] for s in scored)
    found: list[tuple[float, str, str, list[tuple[int, int]], int, set[str]]] = []
    for score, _order, field_name, text in sorted(scored, key=lambda s: -s[1]):
        spans = _units(text)
        for index, (a, b) in enumerate(spans):
            found.append((score, field_name, text, spans, index, set(words(text[a:b]))))
    rarity = idf([f[5] for f in found])
    units: list[Unit] = []
    for score, field_name, text, spans, index, present in found:
        a, b = spans[index]
        shared = {t: w for t, w in terms.items() if t in present}
        features = unit_features(
            section_bonus=bonus.get(field_name, 0.0),
            section_gap=top - score,
            rule_section=field_name == rule[0],
            rule_first=field_name == rule[0] and a <= rule[1] < max(b, a + 1),
            overlaps=(
                sum(shared.values()),
                sum(w for t, w in shared.items() if t not in topic),
                sum(w * rarity[t] for t, w in shared.items()),
            ),
            cues=cues.score(text[a:b]),
            index=index,
            text=text[a:b],
            previous=text[slice(*spans[index - 1])] if index else "",
        )
        units.append(Unit(field_name, a, b, features))
    return units


def best_passage(
    hit: Ranked,
    terms: dict[str, float],
    retriever: Retriever,
    question: str = "",
    reading: Understanding | None = None,
) -> str:
    """The text of :func:`choose_passage`."""
    return choose_passage(hit, terms, retriever, question, reading).text


@dataclass(frozen=True, slots=True)
class _Cues:
    amount: bool
    period: bool
    clock: bool

    def score(self, unit: str) -> float:
        found = 0.0
        if self.amount and AMOUNT.search(unit):
            found += 1.0
        if self.period and PERIOD.search(fold(unit)):
            found += 1.0
        if self.clock and CLOCK.search(unit):
            found += 1.0
        return found


def asked_cues(question: str, bonus: Mapping[str, float]) -> _Cues:
    """What kind of value the question asks for: an amount, a period, a clock time."""
    return _Cues(
        amount=bonus.get(COST_FIELD, 0.0) >= 1.0,
        period=bonus.get("uitersteTermijn", 0.0) >= 1.0,
        clock=bool(ASKS_CLOCK.search(fold(question))),
    )


def _units(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or list line of ``text``."""
    return [(m.start(), m.end()) for m in UNIT.finditer(text)]


def _answer_start(text: str, terms: dict[str, float], retriever: Retriever, cues: _Cues) -> int:
    """Where the answer starts in ``text``: the unit that answers best, or 0.

    The start moves only when a later unit answers clearly better than the first one.
    """
    units = _units(text)
    if not units:
        return 0
    scores = [_overlap(text[a:b], terms, retriever) + cues.score(text[a:b]) for a, b in units]
    best = max(range(len(units)), key=lambda i: (scores[i], -i))
    return units[best][0] if scores[best] >= scores[0] + 1.0 else 0


def _passage_from(text: str, start: int) -> str:
    """``text`` from ``start`` on, up to about :data:`PASSAGE_CHARS` characters.

    The passage is always a contiguous piece of ``text`` (so it stays extractive).
    """
    if start == 0:
        return _window(_paragraphs(text), 0) if text.strip() else text.strip()
    end = start
    for _a, b in _units(text):
        if b <= start:
            continue
        if end > start and b - start > PASSAGE_CHARS:
            break
        end = max(end, b)
    piece = text[start:end].strip()
    return piece.lstrip("-*• ").strip() if piece[:2] in {"- ", "* ", "• "} else piece
