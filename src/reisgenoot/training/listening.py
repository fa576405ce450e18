"""What the simulated resident remembers of the trainee, and how it hears a question.

The resident keeps a :class:`Memory` of the conversation: the questions the trainee asked
(and which scenario facts they were about), the facts the trainee gave (the checklist points
explained, amounts and terms), the promises and next steps the trainee named, and the turns
where the trainee acknowledged the resident. The simulator reads it to answer the question
that was actually asked, to react to wrong information with confusion, and to say which part
of the explanation it already understood when the trainee checks whether the question was
answered. An optional phrasing hook (a language model) receives the memory with the authored
reply and may only rephrase it.

A question is matched to a scenario fact by the fact's ``vraagwoorden`` first (the author's
words); failing that, by the content words the question shares with the fact's description
and lines, so "Zat uw paspoort in die tas?" finds the fact about the stolen bag without the
author having listed "tas".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reisgenoot.language.pii import redact
from reisgenoot.language.text import words
from reisgenoot.llm.protocol import ChatModel, Message
from reisgenoot.training.analysis import TurnAnalysis, content_lemmas
from reisgenoot.training.scenario import Fact

__all__ = [
    "Memory",
    "Phraser",
    "best_fact",
    "first_part",
    "is_proposal",
    "model_phraser",
    "statements_only",
]

_PROPOSAL_STARTS = frozenset(
    ["kunt", "kan", "wilt", "wil", "zal", "zullen", "mag", "past", "schikt", "lukt", "zou"]
)
"""A closed question that proposes something to the resident ("Kunt u morgen om tien uur?")."""


@dataclass(slots=True)
class Memory:
    """What the trainee asked, told, promised and acknowledged so far."""

    questions: list[str] = field(default_factory=list)
    asked_facts: list[str] = field(default_factory=list)
    explained: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    promises: list[str] = field(default_factory=list)
    acknowledged: int = 0

    def record(
        self,
        analysis: TurnAnalysis,
        *,
        asked: Sequence[str],
        explained: Sequence[str],
        wrong: Sequence[str],
        heard: bool,
    ) -> None:
        self.questions += analysis.open_questions + analysis.closed_questions
        self.asked_facts += [item for item in asked if item not in self.asked_facts]
        self.explained += [item for item in explained if item not in self.explained]
        self.claims += [claim.text for claim in analysis.claims]
        self.wrong += list(wrong)
        if analysis.next_step or analysis.overpromise:
            self.promises.append(analysis.text)
        if heard:  # the simulator's reading (the learned acknowledgement model)
            self.acknowledged += 1

    def to_dict(self) -> dict[str, object]:
        return {
            "vragen": list(self.questions),
            "gevraagde_feiten": list(self.asked_facts),
            "uitgelegd": list(self.explained),
            "bedragen_termijnen": list(self.claims),
            "onjuist": list(self.wrong),
            "toezeggingen": list(self.promises),
            "erkend": self.acknowledged,
        }


def _fact_words(fact: Fact) -> frozenset[str]:
    texts = [fact.omschrijving, *(line for lines in fact.zinnen.values() for line in lines)]
    return frozenset().union(*(content_lemmas(text) for text in texts))


def best_fact(question: str, facts: Sequence[Fact]) -> Fact | None:
    """The fact a question is about by shared content words, or None (ties: the first)."""
    own = content_lemmas(question)
    if not own:
        return None
    scored = [(len(own & _fact_words(fact)), -index, fact) for index, fact in enumerate(facts)]
    best = max(scored, key=lambda item: (item[0], item[1]), default=None)
    return best[2] if best is not None and best[0] >= 1 else None


def is_proposal(question: str) -> bool:
    """A closed question that proposes something ("Zal ik een afspraak voor u maken?")."""
    found = words(question.lower())
    return bool(found) and found[0] in _PROPOSAL_STARTS


Phraser = Callable[[str, str, Memory, str], str | None]
"""(authored reply, trainee line, memory, emotional band) → the reply in other words, or None.

The hook for an optional language model; the simulator calls it in one place only."""


def statements_only(text: str, *, denials: Callable[[str], bool] | None = None) -> str:
    """The text without its questions (and, if given, without sentences ``denials`` flags):
    explaining counts only in statements, and "aangifte is niet nodig" explains nothing."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    return " ".join(
        part
        for part in parts
        if not part.rstrip().endswith("?") and not (denials is not None and denials(part))
    )


def first_part(text: str) -> str:
    """The first part of a checklist description ("afspraak maken; aan de balie …")."""
    return re.split(r"[;(,]", text, maxsplit=1)[0].strip()


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_PHRASE_PROMPT = (
    "Je speelt een inwoner die de gemeente belt, voor een oefengesprek van een KCC-medewerker. "
    "Herschrijf de zin van de inwoner zodat hij natuurlijk klinkt en past bij de emotie "
    "({band}). Houd de inhoud precies gelijk: voeg geen feiten toe, laat niets weg, verander "
    "geen getal, bedrag of datum. Antwoord alleen met de nieuwe zin."
)


def model_phraser(model: ChatModel) -> Phraser:
    """A phraser that lets a chat model reword the authored reply (optional, never required).

    The model sees only the redacted reply, the redacted trainee line and what the trainee
    asked so far; a rewording that changes or drops a number, is empty or much longer than the
    reply is not used (the authored reply stands). Use temperature 0 so a replay is stable.
    """

    def phrase(reply: str, trainee: str, memory: Memory, band: str) -> str | None:
        asked = "; ".join(redact(q).text for q in memory.questions[-3:]) or "-"
        messages = [
            Message("system", _PHRASE_PROMPT.format(band=band)),
            Message(
                "user",
                f"Medewerker zei: {redact(trainee).text}\nEerdere vragen: {asked}\n"
                f"Zin van de inwoner: {redact(reply).text}",
            ),
        ]
        try:
            text = model.complete(messages, max_tokens=200, temperature=0.0).text.strip()
        except Exception:
            return None
        keeps_numbers = sorted(_NUMBER.findall(text)) == sorted(_NUMBER.findall(reply))
        if not text or not keeps_numbers or len(text) > 2 * len(reply) + 40:
            return None
        return text

    return phrase


def asks_unmatched(analysis: TurnAnalysis, asked: bool) -> bool:
    """A closed question about none of the resident's facts (``asked``: one was asked about). A
    summary ending in its one closed question ("…, klopt dat?") is not one: the resident's
    reaction to the summary answers it; there is nothing else to say "I don't know" to."""
    check = analysis.summary and len(analysis.closed_questions) == 1
    return bool(analysis.closed_questions) and not asked and not check
