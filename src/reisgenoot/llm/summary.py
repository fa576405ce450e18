"""An abstractive registration summary: at most three sentences plus the agreed actions.

The conversation is redacted before it is sent and before it serves as the source the
summary is checked against, so a name the model brings in is refused like any invented fact.
"""

from __future__ import annotations

from collections.abc import Sequence

from reisgenoot.language.pii import redact
from reisgenoot.llm import guards
from reisgenoot.llm.generate import GuardedModel, Task, as_data, prompts
from reisgenoot.llm.rewrite import Rewrite

SUMMARY_LIMITS = guards.Limits(max_chars=1000, max_sentences=5, min_support=0.5, require_b1=False)


def summary_task(turns: Sequence[tuple[str, str]], actions: str | None) -> Task:
    said = "\n".join(f"{speaker}: {redact(text).text}" for speaker, text in turns)
    agreed = f"\n\nAfgesproken acties: {redact(actions).text}" if actions else ""
    data = f"Gesprek:\n{as_data(said)}{agreed}"
    sources = [said + agreed]
    return Task("samenvatting", prompts()["summary"], data, sources, SUMMARY_LIMITS, 250)


def maybe_rewrite(
    model: GuardedModel | None,
    offline: str,
    turns: Sequence[tuple[str, str]],
    actions: str | None = None,
) -> Rewrite:
    """The model's summary of ``turns`` (speaker, text) when it passes the guards, else ``offline``."""
    if model is None or not turns:
        return Rewrite(offline)
    return Rewrite.of(model.run(summary_task(turns, actions)), offline)
