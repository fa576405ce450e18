"""The simulation harness meets the targets (a modest number of runs; the full 100+ in docs)."""

from __future__ import annotations

from reisgenoot.signals.simulate import HarnessConfig, evaluate


def test_harness_meets_targets() -> None:
    result = evaluate(HarnessConfig(runs=20, seed=7, volumes=(60.0, 150.0)))
    volume = result["volume"]
    assert volume["detected_within_2_days"] >= 0.9
    assert volume["false_alarms_per_topic_per_quarter"] <= 1.0
    assert result["toon"]["detected"] >= 0.8
    assert result["toon"]["false_alarms_per_topic_per_quarter"] <= 1.0
    assert result["nieuw_onderwerp"]["detected_within_7_days"] >= 0.9
