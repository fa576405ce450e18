"""Speech bench (``reisgenoot bench speech``): transcribed calls beside written transcripts.

The test set is made here: the phone calls of the own assist set (``evaluation/assist``, held
out from every training file) are spoken by espeak-ng with rotating Dutch voices and speeds
(:mod:`reisgenoot.bench.speech_audio`), as a stereo recording (employee left) and mixed to
mono. For each the chosen backend transcribes the recording (:func:`reisgenoot.speech.
recording.transcribe_recording`) and the registration is drafted from the result. Reported:

- **word error rate** of the transcribed words against the written ones (all words of the
  conversation, case and punctuation ignored), and how many words got the right speaker;
- the **registration figures** (main UPL, gespreksresultaat, follow-up F1) from the transcribed
  calls beside those from the written transcripts of the same calls;
- **latency from the end of an utterance to its suggestion**: the call is fed in 250 ms frames
  on a simulated clock that waits for the decoding, so partial segments that are still being
  decoded when a speaker stops count too; then the suggestions are computed in a throwaway
  installation with the demo kennisbank. Reported p50/p95/max, with the pause the detector
  waits for (:data:`~reisgenoot.speech.utterances.PAUSE`) included.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.transcript import Transcript, Turn, read_transcript
from reisgenoot.bench.assist import EVALUATION, _f1, _score_one, load_gold
from reisgenoot.bench.speech_audio import Spoken, Voice, synthesise
from reisgenoot.language.text import edit_distance
from reisgenoot.speech.protocol import RATE, SpeechBackend
from reisgenoot.speech.recording import SpokenTurn, transcribe_recording
from reisgenoot.speech.stream import LiveTranscriber
from reisgenoot.speech.utterances import PAUSE

EMPLOYEE_VOICES = (Voice("nl+m3", 165), Voice("nl", 150), Voice("nl+m1", 180))
RESIDENT_VOICES = (
    Voice("nl+f3", 150),
    Voice("nl+f2", 135),
    Voice("nl+m7", 160),
    Voice("nl+f4", 175),
)
FRAME_SECONDS = 0.25
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def phone_calls(limit: int, folder: Path = EVALUATION) -> list[dict[str, Any]]:
    """``limit`` phone calls of the own set, spread over it (every k-th, in file order)."""
    calls = [g for g in load_gold(folder) if g["kanaal"] == "Telefoon"]
    step = max(1, len(calls) // max(1, limit))
    return calls[::step][:limit]


def _speaker_words(turns: Sequence[tuple[str, str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for speaker, text in turns:
        role = "medewerker" if speaker == "medewerker" else "inwoner"
        counts[role] = counts.get(role, 0) + len(words(text))
    return counts


def _speaker_share(written: Sequence[tuple[str, str]], heard: Sequence[SpokenTurn]) -> float:
    """Words per speaker that match in count (a rough attribution score, 0..1)."""
    ref = _speaker_words(written)
    hyp = _speaker_words([(t.speaker, t.text) for t in heard])
    total = sum(ref.values()) or 1
    return sum(min(ref.get(k, 0), hyp.get(k, 0)) for k in ref) / total


def _figures(drafts: Sequence[dict[str, Any]], golds: Sequence[dict[str, Any]]) -> dict[str, Any]:
    tally: dict[str, Any] = dict.fromkeys(
        ("upl_main", "outcome", "count_ok", "q_tp", "q_fp", "q_fn", "t_tp", "t_fp", "t_fn"), 0
    )
    tally.update(kanaal=0, leaks=0, errors=[])
    for draft, gold in zip(drafts, golds, strict=True):
        _score_one(draft, gold, tally)
    n = max(1, len(golds))
    return {
        "upl_accuracy": round(tally["upl_main"] / n, 4),
        "gespreksresultaat_accuracy": round(tally["outcome"] / n, 4),
        "follow_up_f1": _f1(tally["t_tp"], tally["t_fp"], tally["t_fn"])["f1"],
        "pii_leaks": tally["leaks"],
    }


def _as_transcript(turns: Sequence[SpokenTurn], source: str) -> Transcript:
    found = tuple(Turn(t.speaker, t.text, offset=t.start) for t in turns)
    return Transcript(found or (Turn("inwoner", "…"),), format="audio", source=source)


def _voices(index: int) -> tuple[Voice, Voice]:
    return (
        EMPLOYEE_VOICES[index % len(EMPLOYEE_VOICES)],
        RESIDENT_VOICES[index % len(RESIDENT_VOICES)],
    )


def run_speech_bench(
    backend: SpeechBackend,
    *,
    limit: int = 12,
    mono: bool = True,
    latency_calls: int = 3,
    partials: bool = True,
    language: str | None = "nl",
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Transcribe ``limit`` spoken calls with ``backend`` and report the figures."""
    note = progress or (lambda _text: None)
    golds = phone_calls(limit)
    modes = ("stereo", "mono") if mono else ("stereo",)
    written: list[dict[str, Any]] = []
    heard: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
    errors = {m: [0, 0] for m in modes}
    speakers: dict[str, list[float]] = {m: [] for m in modes}
    audio_seconds = {m: 0.0 for m in modes}
    decode_seconds = {m: 0.0 for m in modes}
    spoken_calls: list[tuple[Spoken, Transcript]] = []
    for index, gold in enumerate(golds):
        transcript = read_transcript(EVALUATION / "transcripts" / gold["source"])
        turns = [(t.speaker, t.text) for t in transcript.turns]
        note(f"{index + 1}/{len(golds)} {gold['source']}")
        spoken = synthesise(turns, *_voices(index))
        if len(spoken_calls) < latency_calls:
            spoken_calls.append((spoken, transcript))
        written.append(draft_registration(transcript))
        reference = words(" ".join(text for _s, text in turns))
        for mode in modes:
            channels = spoken.stereo if mode == "stereo" else spoken.mono
            started = time.perf_counter()
            result = transcribe_recording(channels, backend, language=language)
            decode_seconds[mode] += time.perf_counter() - started
            audio_seconds[mode] += channels[0].size / RATE
            hypothesis = words(" ".join(t.text for t in result))
            errors[mode][0] += edit_distance(reference, hypothesis)
            errors[mode][1] += len(reference)
            speakers[mode].append(_speaker_share(turns, result))
            heard[mode].append(draft_registration(_as_transcript(result, gold["source"])))
    report: dict[str, Any] = {
        "backend": backend.name,
        "calls": len(golds),
        "written": _figures(written, golds),
    }
    for mode in modes:
        report[mode] = {
            "wer": round(errors[mode][0] / max(1, errors[mode][1]), 4),
            "speaker_words": round(statistics.fmean(speakers[mode]), 4) if speakers[mode] else 0.0,
            "realtime_factor": round(decode_seconds[mode] / max(1e-9, audio_seconds[mode]), 3),
            **_figures(heard[mode], golds),
        }
    if latency_calls:
        note("latentie meten")
        report["latency"] = measure_latency(
            backend, spoken_calls, language=language, partial_every=2.0 if partials else 0.0
        )
    return report


def measure_latency(
    backend: SpeechBackend,
    calls: Sequence[tuple[Spoken, Transcript]],
    *,
    language: str | None,
    partial_every: float = 2.0,
) -> dict[str, Any]:
    """Seconds from the end of each utterance to its suggestions (simulated real-time clock)."""
    from functools import partial

    from reisgenoot.assist.conversation import Registry
    from reisgenoot.assist.live import process_turn
    from reisgenoot.bench.assist_live import _settings, prepare
    from reisgenoot.store.engine import open_database

    delays: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="reisgenoot-speech-bench-") as home:
        _token, uuids = prepare(Path(home), len(calls))
        database = open_database(_settings(Path(home)))
        registry = Registry()
        try:
            for (spoken, _transcript), uuid in zip(calls, uuids, strict=False):
                live = registry.get(database, uuid)
                assert live is not None
                suggest = partial(process_turn, database, live)
                delays += _replay(backend, spoken, language, suggest, partial_every)
        finally:
            database.dispose()
    ordered = sorted(d for d, _s in delays)
    if not ordered:
        return {"utterances": 0}
    return {
        "utterances": len(ordered),
        "partials": partial_every > 0,
        "p50_s": round(ordered[len(ordered) // 2], 3),
        "p95_s": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3),
        "max_s": round(ordered[-1], 3),
        "suggestions_p50_s": round(statistics.median(s for _d, s in delays), 3),
    }


def _replay(
    backend: SpeechBackend,
    spoken: Spoken,
    language: str | None,
    suggest: Callable[[str, str], object],
    partial_every: float,
) -> list[tuple[float, float]]:
    """Feed the stereo call frame by frame; a frame is taken when it has arrived (audio time)
    and the server is free (clock after the previous work). Per final turn: the delay from the
    end of speech to its suggestions, and the time the suggestions took."""
    size = int(FRAME_SECONDS * RATE)
    clock, began = [0.0], [time.perf_counter()]

    def now() -> float:  # the simulated wall clock, with the work in progress
        return clock[0] + time.perf_counter() - began[0] + FRAME_SECONDS

    transcriber = LiveTranscriber(
        backend, channels=2, language=language, partial_every=partial_every, clock=now
    )
    delays = []
    total = spoken.employee.size
    for start in range(0, total + size, size):
        arrived = min(start + size, total) / RATE
        clock[0] = max(clock[0], arrived)
        frame = [spoken.employee[start : start + size], spoken.resident[start : start + size]]
        began[0] = time.perf_counter()
        events = transcriber.feed(frame) if start < total else transcriber.flush()
        for event in events:
            if event.kind == "final" and event.text:
                asked = time.perf_counter()
                suggest(event.speaker or "inwoner", event.text)
                done = clock[0] + time.perf_counter() - began[0]
                delays.append((done - (event.end - PAUSE), time.perf_counter() - asked))
        clock[0] += time.perf_counter() - began[0]
    return delays
