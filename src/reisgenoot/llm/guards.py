"""The checks every model output passes before a person sees it.

A model output is shown only when each check passes; otherwise the caller shows the offline
result with a marker (:mod:`reisgenoot.llm.generate`). The checks, in order:

- **length**: at least ``min_words`` content words, at most ``max_chars`` characters and
  ``max_sentences`` sentences;
- **meta**: no talk about instructions, prompts or the model (an echoed or followed instruction);
- **personal data**: no name, phone number, e-mail, BSN … that its sources do not hold;
- **facts**: every number, amount, date, period, phone number, web or e-mail address occurs in
  a source (``twee weken`` matches ``2 weken``, ``€ 12,50`` matches ``12,50 euro``);
- **decisions**: no decision or promise ("goedgekeurd", "toegekend") that no source states;
- **support**: each sentence shares at least ``min_support`` of its content words with one
  source, which becomes its cited source;
- **B1**: the language core's B1 check.

Sources are the texts an output may rest on: the retrieved passages for an answer, the
redacted conversation for a summary, the scenario's facts for a training resident. The
resident's own words are never a source of facts for an answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from reisgenoot.language.pii import detect
from reisgenoot.language.readability import check_b1
from reisgenoot.language.text import STOPWORDS, sentences, words

_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<![\w])(?:\+31|0031|0)[\s-]?(?:\(0\)[\s-]?)?\d(?:[\s-]?\d){7,9}\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MARKER = re.compile(r"\s*\[(\d{1,2})\]")


@cache
def rules() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        files("reisgenoot.llm").joinpath("data/guards.yaml").read_text(encoding="utf-8")
    )
    return data


def _number(text: str) -> str:
    """``1.250`` → ``1250``, ``12,50`` → ``12.5``, ``12,00`` → ``12``."""
    text = re.sub(r"[.,](?=\d{3}(?:\D|$))", "", text)
    text = text.replace(",", ".")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def facts(text: str) -> set[str]:
    """The checkable facts of ``text``, normalised (see the module docstring)."""
    found: set[str] = set()
    rest = text
    for pattern, kind in ((_URL, "url"), (_EMAIL, "mail")):
        for match in pattern.finditer(rest):
            found.add(f"{kind}:{match.group().lower().rstrip('.,;:/')}")
        rest = pattern.sub(" ", rest)
    for match in _PHONE.finditer(rest):
        digits = re.sub(r"\D", "", match.group())
        found.add("tel:" + re.sub(r"^(?:0031|31)", "0", digits))
    rest = _PHONE.sub(" ", rest)
    found |= {"num:" + _number(m.group()) for m in _NUMBER.finditer(rest)}
    data = rules()
    tokens = words(rest)
    for index, word in enumerate(tokens):
        if word in data["months"] or word in data["weekdays"]:
            found.add("day:" + word)
        unit = data["units"].get(word)
        if unit and index > 0:
            before = tokens[index - 1]
            value = str(data["numbers"].get(before, _number(before) if before[0].isdigit() else ""))
            if value:
                found.add(f"period:{value} {unit}")
    return found


def _source_facts(sources: Sequence[str]) -> set[str]:
    joined: set[str] = set()
    for source in sources:
        joined |= facts(source)
    # a number written in words in a source ("twee weken") also grounds the digit
    joined |= {"num:" + f.split(":", 1)[1].split(" ")[0] for f in joined if f.startswith("period:")}
    return joined


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()}


@dataclass(frozen=True, slots=True)
class Limits:
    max_chars: int = 600
    max_sentences: int = 4
    min_support: float = 0.5
    require_b1: bool = True
    min_words: int = 3  # fewer content words is no answer ("1", "Ja.")


@dataclass(slots=True)
class Verdict:
    """``reason`` is None when the output may be shown; ``cited`` are source indices.

    ``traced`` pairs each shown sentence (without its marker) with the index of the source it
    rests on (-1 for a sentence without content words, such as "Dank u wel.").
    """

    reason: str | None
    text: str = ""
    cited: list[int] = field(default_factory=list)
    detail: list[str] = field(default_factory=list)
    traced: list[tuple[str, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.reason is None


def _support(sentence: str, sources: Sequence[str]) -> tuple[float, int]:
    wanted = content_words(sentence)
    if not wanted:
        return 1.0, -1
    best, index = 0.0, -1
    for number, source in enumerate(sources):
        share = len(wanted & content_words(source)) / len(wanted)
        if share > best:
            best, index = share, number
    return best, index


def _personal(text: str, sources: Sequence[str]) -> list[str]:
    joined = "\n".join(sources).lower()
    return [e.type for e in detect(text) if e.text.lower() not in joined]


def _sentence_checks(text: str, sources: Sequence[str], limits: Limits) -> Verdict:
    """Each sentence rests on one source: the one its ``[n]`` marker names (when that one
    supports it best among the marked ones), else the source it shares most words with."""
    traced: list[tuple[str, int]] = []
    for part in sentences(text):
        bare = _MARKER.sub("", part.text).strip()
        markers = [int(n) - 1 for n in _MARKER.findall(part.text)]
        share, index = _support(bare, sources)
        marked = [m for m in markers if 0 <= m < len(sources)]
        if marked:
            share, index = max((_support(bare, [sources[m]])[0], m) for m in marked)
            index = index if content_words(bare) else -1
        if share < limits.min_support:
            return Verdict("ongegrond", detail=[f"steun {share:.2f}"])
        if bare:
            traced.append((bare, index))
    return Verdict(None, cited=sorted({i for _s, i in traced if i >= 0}), traced=traced)


def check(text: str, sources: Sequence[str], limits: Limits) -> Verdict:
    """Whether ``text`` may be shown, grounded in ``sources`` (see the module docstring)."""
    text = text.strip()
    if not text:
        return Verdict("leeg")
    shown = _MARKER.sub("", text).strip()
    if len(content_words(shown)) < limits.min_words:
        return Verdict("leeg")
    if len(shown) > limits.max_chars or len(sentences(shown)) > limits.max_sentences:
        return Verdict("te_lang")
    data = rules()
    said = set(words(shown))
    joined_words = {w for s in sources for w in words(s)}
    if said & set(data["meta"]) - joined_words:
        return Verdict("instructie", detail=sorted(said & set(data["meta"])))
    personal = _personal(shown, sources)
    if personal:
        return Verdict("persoonsgegevens", detail=personal)
    missing = sorted(facts(shown) - _source_facts(sources))
    if missing:
        return Verdict("ongegrond", detail=missing)
    decided = sorted((said & set(data["decisions"])) - joined_words)
    if decided:
        return Verdict("besluit", detail=decided)
    verdict = _sentence_checks(text, sources, limits)
    if not verdict.ok:
        return verdict
    if limits.require_b1 and not check_b1(shown).b1:
        return Verdict("b1")
    return Verdict(None, shown, verdict.cited, traced=verdict.traced)


def without_markers(text: str) -> str:
    """``text`` without its ``[n]`` source markers."""
    return _MARKER.sub("", text).strip()


def with_markers(traced: Sequence[tuple[str, int]], cited: Sequence[int]) -> str:
    """The sentences with the number of their source in ``cited`` (1-based) before the final
    punctuation: ``Uw paspoort is na 5 werkdagen klaar [1].``"""
    parts: list[str] = []
    for sentence, index in traced:
        if index < 0 or index not in cited:
            parts.append(sentence)
            continue
        body = sentence.rstrip()
        end = len(body.rstrip(".!?"))
        parts.append(f"{body[:end]} [{list(cited).index(index) + 1}]{body[end:]}")
    return " ".join(parts)
