"""The simulated resident's mood in scripted practice conversations (issue 22, ADR 99).

Plays scripted trainees (``tests/training/mood_lines.py``) against the aggressive scenario
for 20 seeds, and every scenario's ``goed`` and ``zwak`` practice scripts for 4 seeds, with the
demo kennisbank's articles. Prints how often the resident gives all three facts, is still
``overstuur`` at the end, or gives up (and at which turn). No evaluation set is read.

Run from the repository root: ``PYTHONPATH=src .venv/bin/python scripts/mood_probe.py``; with
the ``src`` of another checkout on ``PYTHONPATH`` it measures that version (the scripted lines
are plain data).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from reisgenoot.bench.training import kennisbank_texts, reference
from reisgenoot.training.scenario import Scenario
from reisgenoot.training.scenario_files import load_scenarios
from reisgenoot.training.simulator import Session

ROOT = Path(__file__).resolve().parent.parent
SEEDS = 20
SCRIPT_SEEDS = 4


def _play(scenario: Scenario, seed: int, lines: Sequence[str], texts: dict[str, str]) -> Session:
    """One conversation, turn by turn, stopping when the resident ends it."""
    session = Session.start(scenario, seed, reference=reference(scenario, texts))
    for line in lines:
        session.respond(line)
        if session.finished:
            break
    return session


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.training import mood_lines as scripted

    scenarios, texts = load_scenarios(), kennisbank_texts()
    angry = scenarios[scripted.ANGRY]
    trainees = {
        "acknowledging": scripted.ACKNOWLEDGING,
        "ignoring": scripted.IGNORING,
        "late acknowledging": scripted.LATE,
        "neutral greeting, then questions": [scripted.NEUTRAL_GREETING, *scripted.QUESTIONS],
        "ignoring, seven turns": [*scripted.IGNORING, *scripted.QUESTIONS, scripted.QUESTIONS[0]],
    }
    for name, lines in trainees.items():
        counts: Counter[str] = Counter()
        for seed in range(SEEDS):
            session = _play(angry, seed, lines, texts)
            counts["all three facts"] += set(session.revealed) == scripted.FACTS
            counts["overstuur at the end"] += session.band == "overstuur"
            if session.outcome == "opgegeven":
                counts[f"gave up at turn {len(session.exchanges)}"] += 1
        print(f"{name} ({len(lines)} turns, {SEEDS} seeds): {dict(counts)}")
    reached = gave_up = played = 0
    for scenario in scenarios.values():
        scripts = scenario.oefenscripts
        if scripts is None:
            continue
        for seed in range(SCRIPT_SEEDS):
            good = _play(scenario, seed, scripts.goed, texts)
            weak = _play(scenario, seed, scripts.zwak, texts)
            reached += good.outcome == "doel_bereikt"
            gave_up += weak.outcome == "opgegeven"
            played += 1
    print(f"goed scripts reach doel_bereikt: {reached} of {played}")
    print(f"zwak scripts end with the resident giving up: {gave_up} of {played}")


if __name__ == "__main__":
    main()
