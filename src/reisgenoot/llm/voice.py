"""The training resident's voice: the simulator decides, the model only phrases.

The scenario's facts and the simulator's line stay authoritative: the line and the facts are
the only sources, so a fact the model adds (or one the trainee tried to plant) is refused and
the simulator's own line is said instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from reisgenoot.llm import guards
from reisgenoot.llm.generate import GuardedModel, Task, as_data, prompts
from reisgenoot.llm.rewrite import Rewrite

VOICE_LIMITS = guards.Limits(
    max_chars=400, max_sentences=3, min_support=0.4, require_b1=False, min_words=1
)


def voice_task(line: str, trainee_said: str, facts: Sequence[str]) -> Task:
    known = "\n".join(f"- {f}" for f in facts)
    data = (
        f"Wat de inwoner weet:\n{known}\n\nWat de medewerker zei:\n{as_data(trainee_said)}"
        f"\n\nDe zin van de inwoner:\n{line}"
    )
    return Task("inwoner", prompts()["resident"], data, [line, *facts], VOICE_LIMITS, 120)


def maybe_phrase(
    model: GuardedModel | None, line: str, trainee_said: str, facts: Sequence[str] = ()
) -> Rewrite:
    """The resident's ``line`` in the model's words when they pass the guards, else ``line``."""
    if model is None or not line.strip():
        return Rewrite(line)
    return Rewrite.of(model.run(voice_task(line, trainee_said, facts)), line)
