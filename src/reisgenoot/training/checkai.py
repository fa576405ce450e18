"""Check-the-AI exercises: find the wrong sentences in an "AI answer" to a resident.

From a kennisartikel an answer is built out of the article's own sentences (so a correct
answer is verifiably correct), then 0–3 errors from a fixed taxonomy are injected with a
seeded RNG: a wrong amount, a wrong deadline, a wrong authority, a missing condition or step,
a privacy slip, over-promising, non-B1 language. Every error is detectable by a reader who has
the article (the changed amount or term does not occur in it, the removed step does, and so
on; tests check this). About a quarter of the items have no error at all, so "always find
something" is not rewarded.

The trainee marks the numbers of the wrong sentences (optionally with the kind of error);
the score is precision and recall of the marks. Research basis: erroneous examples help
retention (McLaren et al. 2016), but only once learners know the material, so beginners get
a hint (:func:`hint`) and items come back later (:func:`next_review_days`).

Articles come from this installation's kennisbank (:mod:`.kennis`): :func:`make_item` and
:func:`generate_items` read them with the caller's database session; :func:`build_item` is pure.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from reisgenoot.errors import InputError
from reisgenoot.language.text import sentences
from reisgenoot.training.analysis import extract_claims
from reisgenoot.training.datafiles import strings, table, texts
from reisgenoot.training.kennis import (
    EmptyKennisbankError,
    KennisArticle,
    find_articles,
    usable_for_checks,
)

__all__ = [
    "ERROR_KINDS",
    "CheckItem",
    "CheckResult",
    "InjectedError",
    "build_item",
    "generate_items",
    "hint",
    "make_item",
    "next_review_days",
    "render_result",
    "score",
]

_DATA = "controleren.yaml"
ERROR_KINDS = table(_DATA, "soorten")
"""The error taxonomy: key → what the trainee reads (``data/controleren.yaml``)."""
ERROR_COUNT_WEIGHTS = (0.25, 0.35, 0.25, 0.15)  # 0, 1, 2, 3 errors
REVIEW_DAYS = (1, 3, 7, 14, 30)
_LIST_SECTIONS = ("Aanvraag", "Voorwaarden", "Bewijs")
_SECTION_INTRO = table(_DATA, "opsomming")
_AUTHORITIES = tuple(table(_DATA, "instanties").items())
_PRIVACY = strings(_DATA, "privacy")
_PROMISES = strings(_DATA, "beloftes")
PROMISE_WORDS = strings(_DATA, "beloftewoorden")
_OFFICIALESE_PREFIX = str(texts(_DATA)["ambtelijk_begin"])
_COUNTERS = strings(_DATA, "loketten")
_MUNICIPALITY = re.compile(
    "|".join(re.escape(n) for n in (*_COUNTERS, *strings(_DATA, "gemeente")))
)


def _text(key: str, **values: object) -> str:
    """A template of ``data/controleren.yaml`` (``teksten``), filled in."""
    return table(_DATA, "teksten")[key].format(**values)


@dataclass(frozen=True, slots=True)
class InjectedError:
    """One injected error: where it is, what kind, and what the article says instead."""

    index: int
    kind: str
    original: str
    changed: str
    explanation: str
    removed: str | None = None
    wrong_value: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "zin": self.index + 1,
            "soort": self.kind,
            "soort_tekst": ERROR_KINDS[self.kind],
            "uitleg": self.explanation,
            "origineel": self.original,
        }


@dataclass(frozen=True, slots=True)
class CheckItem:
    """An exercise: the resident's question, the numbered answer and the hidden answer key."""

    id: str
    article_id: str
    question: str
    sentences: tuple[str, ...]
    errors: tuple[InjectedError, ...]
    sections: tuple[str, ...] = ()

    def to_dict(self, *, with_key: bool = False) -> dict[str, object]:
        result: dict[str, object] = {
            "id": self.id,
            "artikel": self.article_id,
            "vraag": self.question,
            "zinnen": list(self.sentences),
        }
        if with_key:
            result["fouten"] = [error.to_dict() for error in self.errors]
        return result


@dataclass(frozen=True, slots=True)
class CheckResult:
    marked: tuple[int, ...]
    hits: tuple[int, ...]
    false_alarms: tuple[int, ...]
    missed: tuple[int, ...]
    precision: float
    recall: float
    kinds_right: int = 0
    errors: tuple[InjectedError, ...] = ()

    @property
    def f1(self) -> float:
        if self.precision + self.recall == 0:
            return 0.0
        return 2 * self.precision * self.recall / (self.precision + self.recall)

    def to_dict(self) -> dict[str, object]:
        return {
            "gemarkeerd": [i + 1 for i in self.marked],
            "goed_gevonden": [i + 1 for i in self.hits],
            "onterecht": [i + 1 for i in self.false_alarms],
            "gemist": [i + 1 for i in self.missed],
            "precisie": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "soort_goed": self.kinds_right,
            "fouten": [error.to_dict() for error in self.errors],
        }


# --- building the correct answer ----------------------------------------------------------


@dataclass(slots=True)
class _Segment:
    text: str
    section: str
    bullets: list[str] = field(default_factory=list)
    error: InjectedError | None = None


def _bullets(body: str) -> list[str]:
    return [line[2:].strip() for line in body.splitlines() if line.startswith("- ")]


def _statements(body: str, limit: int) -> list[str]:
    found = [s.text for s in sentences(body) if not s.text.rstrip().endswith("?")]
    return found[:limit]


def _segments(article: KennisArticle) -> list[_Segment]:
    result: list[_Segment] = []
    intro = " ".join(_statements(article.sections.get("Inleiding", ""), 2))
    if intro:
        result.append(_Segment(intro, "Inleiding"))
    for section in ("Aanvraag", "Voorwaarden", "Kosten", "Termijn"):
        body = article.sections.get(section, "")
        if not body:
            continue
        bullets = _bullets(body)
        if section in _LIST_SECTIONS and len(bullets) >= 2:
            text = " ".join([_SECTION_INTRO[section], *(_as_sentence(b) for b in bullets)])
            result.append(_Segment(text, section, bullets))
        else:
            result.append(_Segment(_flatten(body), section))
    return result


def _as_sentence(text: str) -> str:
    text = text.rstrip(";,. ")
    end = "" if text.endswith(("?", "!", ":")) else "."
    return text[:1].upper() + text[1:] + end


def _flatten(body: str) -> str:
    lines = [line[2:] if line.startswith("- ") else line for line in body.splitlines()]
    return " ".join(_as_sentence(line) for line in lines if line.strip())


def _question(article: KennisArticle) -> str:
    return _text("vraag", titel=article.title.lower())


# --- injecting errors ---------------------------------------------------------------------

_AMOUNT = re.compile(r"€\s?\d{1,3}(?:\.\d{3})*(?:,\d{2})?")
_TERM = re.compile(r"\b(\d+)\s+(werkdagen|werkdag|dagen|weken|maanden)\b")
_FACTORS = (0.5, 0.75, 1.25, 1.5, 2.0)


def _euros(cents: int) -> str:
    euros, rest = divmod(cents, 100)
    whole = f"{euros:,}".replace(",", ".")
    return f"€ {whole},{rest:02d}"


def _cents(text: str) -> int:
    digits = text.replace("€", "").strip().replace(".", "")
    euros, _sep, cents = digits.partition(",")
    return int(euros) * 100 + int(cents or "0")


def _article_values(article: KennisArticle) -> set[str]:
    return {f"{c.kind}:{c.value}" for c in extract_claims(article.text())}


def _inject_amount(
    seg: _Segment, article: KennisArticle, rng: random.Random
) -> InjectedError | None:
    match = _AMOUNT.search(seg.text)
    if match is None:
        return None
    known = _article_values(article)
    old = _cents(match.group(0))
    for factor in rng.sample(_FACTORS, len(_FACTORS)):
        new = int(round(old * factor / 5) * 5)
        label = _euros(new)
        key = f"bedrag:{new // 100},{new % 100:02d}"
        if new and key not in known and label not in article.text():
            changed = seg.text[: match.start()] + label + seg.text[match.end() :]
            explanation = _text("uitleg_bedrag", juist=match.group(0), fout=label)
            return InjectedError(0, "bedrag", seg.text, changed, explanation, wrong_value=label)
    return None


def _inject_term(seg: _Segment, article: KennisArticle, rng: random.Random) -> InjectedError | None:
    match = _TERM.search(seg.text)
    if match is None:
        return None
    number, unit = int(match.group(1)), match.group(2)
    known = _article_values(article)
    unit_key = extract_claims(f"1 {unit}")[0].value.split()[1]
    for step in rng.sample((2, 3, 4, 7), 4):
        new = number + step
        if f"termijn:{new} {unit_key}" not in known:
            wrong = f"{new} {unit}"
            changed = seg.text[: match.start()] + wrong + seg.text[match.end() :]
            explanation = _text("uitleg_termijn", juist=match.group(0), fout=wrong)
            return InjectedError(0, "termijn", seg.text, changed, explanation, wrong_value=wrong)
    return None


def _inject_authority(
    seg: _Segment, article: KennisArticle, rng: random.Random
) -> InjectedError | None:
    match = _MUNICIPALITY.search(seg.text)
    if match is None:
        return None
    options = [a for a in _AUTHORITIES if a[1].lower() not in article.text().lower()]
    if not options:
        return None
    name, key = rng.choice(options)
    replacement = _text("website", instantie=name) if match.group(0) in _COUNTERS else name
    changed = seg.text[: match.start()] + replacement + seg.text[match.end() :]
    explanation = _text("uitleg_instantie", juist=match.group(0), fout=name)
    return InjectedError(0, "instantie", seg.text, changed, explanation, wrong_value=key)


def _inject_missing(
    seg: _Segment, article: KennisArticle, rng: random.Random
) -> InjectedError | None:
    if len(seg.bullets) < 2:
        return None
    removed = rng.choice(seg.bullets)
    kept = [b for b in seg.bullets if b != removed]
    changed = " ".join([_SECTION_INTRO[seg.section], *(_as_sentence(b) for b in kept)])
    explanation = _text("uitleg_ontbrekende_stap", stap=removed)
    return InjectedError(0, "ontbrekende_stap", seg.text, changed, explanation, removed=removed)


def _inject_b1(seg: _Segment, article: KennisArticle, rng: random.Random) -> InjectedError | None:
    if seg.section not in ("Aanvraag", "Voorwaarden"):
        return None
    body = seg.text.split(". ", 1)[1] if seg.bullets else seg.text
    changed = _OFFICIALESE_PREFIX + body[:1].lower() + body[1:]
    explanation = _text("uitleg_geen_b1")
    return InjectedError(0, "geen_b1", seg.text, changed, explanation)


_MODIFIERS: dict[str, Callable[[_Segment, KennisArticle, random.Random], InjectedError | None]] = {
    "bedrag": _inject_amount,
    "termijn": _inject_term,
    "instantie": _inject_authority,
    "ontbrekende_stap": _inject_missing,
    "geen_b1": _inject_b1,
}


def _insert(
    kind: str, segments: list[_Segment], article: KennisArticle, rng: random.Random
) -> bool:
    if kind == "privacy":
        text = rng.choice(_PRIVACY)
        explanation = _text("uitleg_privacy")
    else:
        options = [p for p in _PROMISES if not any(w in article.text().lower() for w in _words(p))]
        if not options:
            return False
        text = rng.choice(options)
        explanation = _text("uitleg_te_veel_beloofd")
    error = InjectedError(0, kind, "", text, explanation)
    position = rng.randrange(1, len(segments) + 1)
    segments.insert(position, _Segment(text, "ingevoegd", error=error))
    return True


def _words(text: str) -> list[str]:
    return [w for w in PROMISE_WORDS if w in text.lower()]


def _inject(
    kind: str, segments: list[_Segment], article: KennisArticle, rng: random.Random
) -> bool:
    if kind in ("privacy", "te_veel_beloofd"):
        return _insert(kind, segments, article, rng)
    modifier = _MODIFIERS[kind]
    free = [seg for seg in segments if seg.error is None and seg.section != "ingevoegd"]
    for seg in rng.sample(free, len(free)):
        error = modifier(seg, article, rng)
        if error is not None:
            seg.error = error
            seg.text = error.changed
            return True
    return False


def build_item(article: KennisArticle, seed: int, *, errors: int | None = None) -> CheckItem:
    """An exercise from ``article``; ``errors`` fixes the number of errors (0–3)."""
    rng = random.Random(f"{article.id}:{seed}")
    count = errors if errors is not None else rng.choices(range(4), ERROR_COUNT_WEIGHTS)[0]
    segments = _segments(article)
    kinds = rng.sample(list(ERROR_KINDS), len(ERROR_KINDS))
    placed = 0
    for kind in kinds:
        if placed >= count:
            break
        if _inject(kind, segments, article, rng):
            placed += 1
    found: list[InjectedError] = []
    for index, seg in enumerate(segments):
        if seg.error is not None:
            found.append(
                InjectedError(
                    index,
                    seg.error.kind,
                    seg.error.original,
                    seg.error.changed,
                    seg.error.explanation,
                    seg.error.removed,
                    seg.error.wrong_value,
                )
            )
    return CheckItem(
        id=f"{article.id}:{seed}",
        article_id=article.id,
        question=_question(article),
        sentences=tuple(seg.text for seg in segments),
        errors=tuple(found),
        sections=tuple(seg.section for seg in segments),
    )


def _usable(session: Session) -> list[str]:
    usable = usable_for_checks(session)
    if not usable:
        raise EmptyKennisbankError("no usable articles for check-the-AI")
    return usable


def _article(session: Session, article_id: str) -> KennisArticle:
    found = find_articles(session, [article_id]).get(article_id)
    if found is None:
        raise InputError(
            "unknown article",
            detail=f"het kennisartikel '{article_id}' staat niet (actief) in de kennisbank",
        )
    return found


def make_item(session: Session, article_id: str | None = None, *, seed: int = 0) -> CheckItem:
    """An exercise for ``article_id`` (or a seeded choice) from this installation's kennisbank.

    :class:`EmptyKennisbankError` when no article fits, :class:`InputError` for an unknown id.
    """
    if article_id is None:
        article_id = random.Random(seed).choice(_usable(session))
    return build_item(_article(session, article_id), seed)


def generate_items(session: Session, *, seed: int, count: int) -> list[CheckItem]:
    """``count`` exercises over the usable articles, deterministic for ``seed``."""
    usable = _usable(session)
    articles = find_articles(session, usable)
    rng = random.Random(seed)
    return [build_item(articles[rng.choice(usable)], seed * 1000 + n) for n in range(count)]


# --- scoring, hints, review ---------------------------------------------------------------


def score(
    item: CheckItem, marked: set[int] | Mapping[int, str], *, one_based: bool = True
) -> CheckResult:
    """Precision and recall of the marked sentence numbers (with kinds, if given)."""
    shift = 1 if one_based else 0
    kinds = dict(marked) if isinstance(marked, Mapping) else {}
    chosen = {number - shift for number in marked}
    truth = {error.index: error for error in item.errors}
    hits = sorted(chosen & set(truth))
    false_alarms = sorted(chosen - set(truth))
    missed = sorted(set(truth) - chosen)
    # Nothing marked: right only when there was nothing to find (no "100 %" for doing nothing).
    precision = len(hits) / len(chosen) if chosen else (0.0 if truth else 1.0)
    recall = len(hits) / len(truth) if truth else 1.0
    kinds_right = sum(1 for i in hits if kinds.get(i + shift) == truth[i].kind)
    return CheckResult(
        tuple(sorted(chosen)),
        tuple(hits),
        tuple(false_alarms),
        tuple(missed),
        precision,
        recall,
        kinds_right,
        item.errors,
    )


def hint(item: CheckItem) -> str:
    """Support for beginners: how many errors, and in which parts of the answer."""
    if not item.errors:
        return _text("hint_geen_fouten")
    parts = ", ".join(sorted({item.sections[error.index] for error in item.errors}))
    if len(item.errors) == 1:
        return _text("hint_een_fout", delen=parts)
    return _text("hint_fouten", aantal=len(item.errors), delen=parts)


def next_review_days(times_right: int) -> int:
    """Days until the item comes back (spaced retrieval: 1, 3, 7, 14, 30)."""
    return REVIEW_DAYS[min(max(times_right, 0), len(REVIEW_DAYS) - 1)]


def render_result(item: CheckItem, result: CheckResult) -> list[str]:
    """The result as lines for the terminal, strengths first."""
    lines: list[str] = []
    if result.hits:
        lines.append(_text("goed_gevonden", zinnen=", ".join(str(i + 1) for i in result.hits)))
    if not item.errors and not result.marked:
        lines.append(_text("geen_fouten_goed"))
    for error in item.errors:
        status = _text("fout_gevonden" if error.index in result.hits else "fout_gemist")
        kind = ERROR_KINDS[error.kind]
        lines.append(
            _text("fout", zin=error.index + 1, soort=kind, status=status, uitleg=error.explanation)
        )
    if result.false_alarms:
        numbers = ", ".join(str(i + 1) for i in result.false_alarms)
        lines.append(_text("onterecht", zinnen=numbers))
    if not result.marked and item.errors:
        lines.append(_text("niets_gekozen", aantal=len(item.errors)))
        return lines
    precision, recall = f"{result.precision:.0%}", f"{result.recall:.0%}"
    lines.append(_text("precisie", precisie=precision, gevonden=recall))
    return lines
