"""The speech bench's own arithmetic and a short run with a scripted backend."""

from __future__ import annotations

import numpy as np

from reisgenoot.bench.speech import phone_calls, run_speech_bench, words
from reisgenoot.bench.speech_audio import Spoken
from reisgenoot.cli.bench_speech import _lines
from reisgenoot.language.text import edit_distance
from reisgenoot.speech.protocol import Samples, Segment


class Scripted:
    """Says the same Dutch sentence for every utterance."""

    name = "gescript"

    def transcribe(self, samples: Samples, *, language: str | None = None) -> list[Segment]:
        return [Segment(0.0, samples.size / 16000, "Mijn paspoort is verlopen.")]


def test_word_error_counts_substitutions_insertions_and_deletions() -> None:
    assert words("Goedemorgen, u spreekt met Anna!") == [
        "goedemorgen",
        "u",
        "spreekt",
        "met",
        "anna",
    ]
    assert edit_distance(["a", "b", "c"], ["a", "b", "c"]) == 0
    assert edit_distance(["a", "b", "c"], ["a", "x", "c", "d"]) == 2
    assert edit_distance(["a", "b"], []) == 2


def test_the_set_is_phone_calls_spread_over_the_own_set() -> None:
    calls = phone_calls(5)
    assert len(calls) == 5 and {c["kanaal"] for c in calls} == {"Telefoon"}
    assert len({c["source"] for c in calls}) == 5


def test_a_short_run_reports_wer_and_registration_beside_the_written_figures(
    spoken: Spoken,
) -> None:
    report = run_speech_bench(Scripted(), limit=1, mono=False, latency_calls=0)
    assert report["backend"] == "gescript" and report["calls"] == 1
    assert 0.5 < report["stereo"]["wer"] <= 1.0
    assert report["stereo"]["upl_accuracy"] in (0.0, 1.0)
    assert report["written"]["upl_accuracy"] == 1.0
    text = "\n".join(_lines(report))
    assert "woordfoutkans (WER)" in text and "geschreven" in text
    assert np.isfinite(report["stereo"]["realtime_factor"])
