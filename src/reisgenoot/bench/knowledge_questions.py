"""Training questions made from the kennisbank's own articles (for fitting, never for scoring).

The blind and own dev sets hold a few hundred questions; the learned models of the kennisbank
(question understanding, re-ranker, in-scope model, hand-off gate) see many more situations
when every article also supplies questions of its own, in the resident's voice:

- **the article's own questions**: the situations an article addresses the reader with ("Is uw
  container kapot, gestolen of te klein?", "Verhuist u naar een andere gemeente?") turned
  into the first person, as a question or as the statement a resident types ("mijn container
  is kapot, gestolen of te klein");
- **questions per section**: for each SDG section an article has (Kosten, Termijn, Bewijs …)
  a question of that section's intent about one of the article's own keywords
  (``trefwoorden``: the words residents use), e.g. "wat kost paspoort verlengen".

Each question knows the article it came from, the section and that section's intent. Nothing
here reads an evaluation set; the wording comes from the articles and from the short, generic
frames below (one set for every article). Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reisgenoot.knowledge.retrieval import Doc

SEED = 2027
# The intent each SDG section answers (the inverse of ``rerank.INTENT_SECTIONS``).
SECTION_INTENT = {
    "tekst": "informatie",
    "procedureBeschrijving": "procedure",
    "vereisten": "voorwaarden",
    "bewijs": "documenten",
    "kostenEnBetaalmethoden": "kosten",
    "uitersteTermijn": "termijn",
    "bezwaarEnBeroep": "bezwaar",
    "contact": "contact",
}
FRAMES = {
    "informatie": ("wat is {s} precies", "info over {s}", "{s}", "ik heb een vraag over {s}"),
    "procedure": ("hoe regel ik {s}", "hoe werkt dat met {s}", "hoe vraag ik {s} aan",
                  "waar moet ik zijn voor {s}"),
    "voorwaarden": ("wat zijn de regels voor {s}", "kom ik in aanmerking voor {s}",
                    "wanneer mag ik {s}"),
    "documenten": ("wat moet ik meenemen voor {s}", "welke papieren heb ik nodig voor {s}"),
    "kosten": ("wat kost {s}", "hoeveel moet ik betalen voor {s}", "hoe duur is {s}",
               "wat zijn de kosten van {s}"),
    "termijn": ("hoe lang duurt {s}", "hoe snel is {s} geregeld", "wanneer is {s} klaar"),
    "bezwaar": ("ik ben het niet eens met {s}, wat kan ik doen", "bezwaar maken tegen {s}"),
    "contact": ("wie kan ik bellen over {s}", "waar kan ik terecht met vragen over {s}"),
}  # fmt: skip
OPENERS = ("", "", "", "hallo, ", "goedemiddag, ", "vraagje: ", "ik wil weten ", "beste, ")
_QUESTION = re.compile(r"[A-Z][^.?!:\n]{8,160}\?")
# Verb forms before "u" at the start of a question → the first person.
_IRREGULAR = {"bent": "ben", "heeft": "heb", "hebt": "heb", "kunt": "kan", "wilt": "wil",
              "zult": "zal", "weet": "weet", "is": "ben", "mag": "mag", "moet": "moet"}  # fmt: skip
_OBJECT_AFTER = {"voor", "aan", "bij", "met", "naar", "van", "op", "om", "over", "tegen"}


@dataclass(frozen=True, slots=True)
class Made:
    """One made question and where it comes from."""

    query: str
    source_id: str
    section: str
    intent: str
    kind: str  # "own_question" | "section_frame"


def _verb_first_person(verb: str) -> str:
    low = verb.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low.endswith("t") and len(low) > 3:
        stem = low[:-1]
        if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] in "aeou":
            stem = stem[:-1]  # gaat → ga, staat → sta
        return stem
    return low


def first_person(sentence: str) -> str:
    """An article's "u"-question in the resident's first person ("Bent u …?" → "Ben ik …?")."""
    words = sentence.split()
    out: list[str] = []
    for k, word in enumerate(words):
        bare = word.strip(",;()").lower()
        tail = word[len(word.rstrip(",;?")) :]
        if bare == "uw":
            out.append("mijn" + tail)
        elif bare == "u":
            previous = words[k - 1].lower() if k else ""
            out.append(("mij" if previous in _OBJECT_AFTER else "ik") + tail)
            if k == 1:
                out[0] = _verb_first_person(words[0])
        else:
            out.append(word)
    return " ".join(out)


def as_statement(question: str) -> str | None:
    """A verb-first question as the statement a resident types ("Is mijn bak vol?" → …)."""
    words = question.rstrip("?").split()
    if len(words) < 3:
        return None
    if words[1] == "ik":
        return " ".join(["ik", words[0].lower(), *words[2:]])
    if words[1] == "mijn" and words[0].lower() in {"is", "zijn", "wordt", "worden"}:
        return " ".join(["mijn", words[2], words[0].lower(), *words[3:]])
    return None


def _keywords(doc: Doc) -> list[str]:
    found = [k.strip() for k in doc.trefwoorden if 2 < len(k.strip()) <= 40]
    plain = [k for k in found if k.split()[0].lower() not in {"wanneer", "hoe", "wat", "waar"}]
    return plain or [doc.title.lower()]


def _vary(text: str, rng: random.Random) -> str:
    text = rng.choice(OPENERS) + text
    if rng.random() < 0.6:
        text = text[0].lower() + text[1:]
    if rng.random() < 0.5:
        text = text.rstrip("?")
    elif not text.endswith("?"):
        text += "?"
    return text


def own_questions(doc: Doc, rng: random.Random) -> list[Made]:
    """The questions the article puts to its reader, in the resident's first person."""
    made: list[Made] = []
    for field, _heading, text in doc.sections:
        if field not in SECTION_INTENT:
            continue
        for found in _QUESTION.findall(text):
            if " u " not in f" {found.lower()} " and "uw " not in found.lower():
                continue
            question = first_person(found)
            statement = as_statement(question)
            chosen = statement if statement and rng.random() < 0.6 else question
            made.append(
                Made(
                    _vary(chosen, rng), doc.source_id, field, SECTION_INTENT[field], "own_question"
                )
            )
    return made


def section_questions(doc: Doc, rng: random.Random, per_section: int = 2) -> list[Made]:
    """Questions of each section's intent about the article's own keywords."""
    fields = [f for f, _h, t in doc.sections if f in SECTION_INTENT and t.strip()]
    if len(fields) < 3:  # a single-text item (the national Q&A): its title is its question
        return []
    keywords = _keywords(doc)
    made: list[Made] = []
    for field in fields:
        intent = SECTION_INTENT[field]
        for _ in range(per_section):
            frame = rng.choice(FRAMES[intent])
            text = frame.format(s=rng.choice(keywords))
            made.append(Made(_vary(text, rng), doc.source_id, field, intent, "section_frame"))
    return made


def made_questions(docs: Sequence[Doc], seed: int = SEED) -> list[Made]:
    """Every article's own questions and section questions (duplicates dropped)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    result: list[Made] = []
    for doc in sorted(docs, key=lambda d: d.source_id):
        for item in [*own_questions(doc, rng), *section_questions(doc, rng)]:
            key = item.query.lower().strip(" ?")
            if key not in seen:
                seen.add(key)
                result.append(item)
    return result


def article_questions(docs: Sequence[Doc], seed: int = SEED) -> list[dict[str, object]]:
    """:func:`made_questions` in the shape of an evaluation question (for the fitting)."""
    return [
        {
            "query": m.query,
            "expected": [m.source_id],
            "preferred": m.source_id,
            "kind": "answerable",
        }
        for m in made_questions(docs, seed)
    ]
