"""Answer drafts written only from retrieved passages, each sentence traced to a source.

Used by ``reisgenoot ask``, the resident chat and live assist, always over the kennisbank's
answering passages (:func:`reisgenoot.knowledge.answering.passages`: the section that
answers, answer first, never the deskMemo), not whole articles. The passages are numbered in
the prompt; the guards trace each sentence to one of them (by its ``[n]`` marker or, lacking
one, by the passage it shares most words with) and check every fact against the sources.
The shown text carries, after each sentence, the number of its source among the cited ones
(``… klaar [1].``), so a reader can check every sentence. The question is data: it is never a
source of facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reisgenoot.language.pii import redact
from reisgenoot.llm import guards
from reisgenoot.llm.generate import GuardedModel, Task, as_data, prompts
from reisgenoot.llm.rewrite import Rewrite

ANSWER_LIMITS = guards.Limits(max_chars=600, max_sentences=4, min_support=0.5)


def answer_task(question: str, passages: Sequence[tuple[str, str]]) -> Task:
    """The task for ``question`` over ``passages`` (title, text)."""
    numbered = "\n\n".join(f"[{i + 1}] {title}\n{text}" for i, (title, text) in enumerate(passages))
    data = f"Bronnen:\n{numbered}\n\nVraag van de inwoner:\n{as_data(redact(question).text)}"
    sources = [f"{title}\n{text}" for title, text in passages]
    # 600 characters of Dutch are about 150-200 tokens: a longer reply is refused anyway,
    # so a rambling model is stopped there instead of keeping the resident waiting.
    return Task("antwoord", prompts()["answer"], data, sources, ANSWER_LIMITS, max_tokens=200)


def maybe_answer(
    model: GuardedModel | None,
    question: str,
    offline: str,
    passages: Sequence[tuple[str, str]],
) -> Rewrite:
    """A model's answer from ``passages`` when it passes the guards, else ``offline``."""
    if model is None or not passages:
        return Rewrite(offline)
    outcome = model.run(answer_task(question, passages))
    if outcome.text is not None:
        outcome = replace(outcome, text=guards.with_markers(outcome.traced, outcome.cited))
    return Rewrite.of(outcome, offline)
