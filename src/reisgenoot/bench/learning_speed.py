"""How long learning takes, and whether the web app keeps answering while it runs.

**Training time** (:func:`training_time`): 10,000 confirmed conversations made from the
project's training data — the resident utterances of ``training-data/upl.jsonl`` and the
generated utterances of ``assist/data/train.jsonl`` (one product each, in a short phone
conversation), and the 240 conversations of ``training-data/transcripts`` with their outcome
and task, repeated — are learned from by each learner of agent assist, pinned to one CPU core
with one numpy thread. Feature extraction is included; the blind-dev measurement of the gate is
not (it is the same for every number of examples), nor is computing the examples' sentence
vectors: a training run computes each example's vector once and keeps it on the example
(:func:`reisgenoot.learning.training.with_vectors`), so a nightly run reads stored vectors;
that once-per-example cost is measured apart (:func:`vector_time`).

**Responsiveness** (:func:`responsiveness`): the web app of an empty installation answers
``/login`` while the same training (on 2,000 examples) runs the way the nightly run does it (a child process at
low priority, :func:`reisgenoot.learning.nightly.train_in_child`'s initializer): response
times with the app idle and while the child trains, side by side. Quote the ratio.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import secrets
import statistics
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from reisgenoot.assist import tables
from reisgenoot.assist.embedding import DIM
from reisgenoot.assist.learners import LEARNERS as ASSIST_LEARNERS
from reisgenoot.assist.transcript import read_transcript
from reisgenoot.learning.examples import LearningExample
from reisgenoot.learning.models import REGISTRATION
from reisgenoot.learning.nightly import _lower_priority

EXAMPLES = 10_000
RESPONSIVE_EXAMPLES = 2_000  # the child's training while the app is measured
TRANSCRIPT_SHARE = 0.2  # of the examples: whole conversations with outcome and task
VECTOR_SAMPLE = 41  # conversations whose vectors are computed to time it (the first loads e5)


def _utterance(text: str, upl: str) -> LearningExample:
    conversation = (
        f"medewerker: Gemeente, goedemiddag, u spreekt met de klantenservice.\n"
        f"inwoner: {' '.join(text.split())}\nmedewerker: Ik kijk het voor u na."
    )
    label = {
        "kanaal": "Telefoon",
        "vragen": [{"upl": upl, "gespreksresultaat": "Zelfstandig afgehandeld"}],
        "interneTaak": False,
    }
    return LearningExample(REGISTRATION, conversation, label, capability="import")


def _transcripts(folder: Path) -> list[LearningExample]:
    found = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        transcript = read_transcript(folder / "transcripts" / gold["source"])
        text = "\n".join(f"{t.speaker}: {' '.join(t.text.split())}" for t in transcript.turns)
        label = {
            "kanaal": gold.get("kanaal", ""),
            "vragen": [
                {"upl": v["upl"], "gespreksresultaat": v.get("gespreksresultaat", "")}
                for v in gold["vragen"]
            ],
            "interneTaak": bool(gold.get("interneTaak")),
        }
        found.append(LearningExample(REGISTRATION, text, label, capability="import"))
    return found


def examples(root: Path, count: int = EXAMPLES, seed: int = 2026) -> list[LearningExample]:
    """``count`` confirmed conversations made from the training data (never evaluation)."""
    rng = random.Random(seed)
    lines = (root / "training-data" / "upl.jsonl").read_text(encoding="utf-8").splitlines()
    said = [json.loads(line) for line in lines if line.strip()]
    generated = [json.loads(line) for line in tables.text("train.jsonl").splitlines() if line]
    pool = [(str(e["text"]), str(e["upl"])) for e in said + generated]
    whole = _transcripts(root / "training-data" / "transcripts")
    conversations = [whole[n % len(whole)] for n in range(int(count * TRANSCRIPT_SHARE))]
    utterances = [_utterance(*item) for item in rng.sample(pool, count - len(conversations))]
    found = conversations + utterances
    rng.shuffle(found)
    return with_stored_vectors(found, seed)


def with_stored_vectors(found: list[LearningExample], seed: int) -> list[LearningExample]:
    """The examples as a training run reads them once their sentence vectors are stored (an
    earlier run computed them): unit vectors, random here — the time does not depend on their
    values, and computing 10,000 real ones is the once-per-example cost reported apart."""
    vectors = np.random.default_rng(seed).standard_normal((len(found), DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return [replace(e, vector=v) for e, v in zip(found, vectors, strict=True)]


@contextmanager
def _one_core() -> Any:
    """Pin this process to one CPU core and numpy's libraries to one thread."""
    from threadpoolctl import threadpool_limits

    before = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if before:
        os.sched_setaffinity(0, {min(before)})
    try:
        with threadpool_limits(1):
            yield
    finally:
        if before:
            os.sched_setaffinity(0, before)


def train_all_assist(root: Path, count: int = EXAMPLES) -> dict[str, Any]:
    """Make ``count`` examples and train every learner of agent assist on them; seconds each."""
    items = examples(root, count)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="reisgenoot-speed-") as work:
        for learner in ASSIST_LEARNERS:
            started, started_cpu = time.perf_counter(), time.process_time()
            usable = learner.examples_of(items)
            folder = Path(work) / learner.name
            folder.mkdir()
            learner.train(usable, folder)
            seconds[learner.name] = round(time.perf_counter() - started, 1)
            cpu[learner.name] = round(time.process_time() - started_cpu, 1)
    return {"voorbeelden": len(items), "seconden": seconds, "cpu_seconden": cpu}


def training_time(root: Path, count: int = EXAMPLES) -> dict[str, Any]:
    """:func:`train_all_assist` on one core (after a warm-up that loads the packaged models)."""
    train_all_assist(root, 200)
    with _one_core():
        result = train_all_assist(root, count)
    result["totaal_s"] = round(sum(result["seconden"].values()), 1)
    result["totaal_cpu_s"] = round(sum(result["cpu_seconden"].values()), 1)
    result["zinsvectoren"] = vector_time(root)
    return result


def vector_time(root: Path, count: int = VECTOR_SAMPLE) -> dict[str, Any]:
    """CPU seconds to compute the sentence vectors of ``count`` whole conversations of
    ``training-data/transcripts`` (each once, as a training run does for new examples), on one
    core; per conversation and for 10,000."""
    from reisgenoot.assist.learners import TopicLearner

    items = _transcripts(root / "training-data" / "transcripts")[:count]
    learner = TopicLearner()
    learner.vectors(items[:1])  # loads the e5 model
    with _one_core():
        started = time.process_time()
        learner.vectors(items[1:])
        seconds = time.process_time() - started
    each = seconds / max(len(items) - 1, 1)
    return {
        "gesprekken": len(items) - 1,
        "cpu_s_per_gesprek": round(each, 3),
        "cpu_s_10000": round(each * EXAMPLES),
    }


def _latencies(client: Any, count: int) -> list[float]:
    found = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get("/login")
        found.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"/login answered {response.status_code}")
    return found


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "mediaan_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
    }


def responsiveness(root: Path, count: int = RESPONSIVE_EXAMPLES) -> dict[str, Any]:
    """``/login`` response times idle and while a low-priority child trains on ``count``."""
    with warnings.catch_warnings():
        # Starlette ≥ 1.10 prefers the separate httpx2 package for its test client and warns
        # once on import when only httpx is installed; the bench's requests work the same way,
        # and a deprecation notice about a test helper means nothing to the bench's reader.
        warnings.filterwarnings("ignore", message=".*httpx2")
        from fastapi.testclient import TestClient

    from reisgenoot.app import create_app
    from reisgenoot.settings import Settings

    with tempfile.TemporaryDirectory(prefix="reisgenoot-responsive-") as home:
        settings = Settings(
            home=Path(home),
            audit_key=secrets.token_hex(16),
            secret_key=secrets.token_hex(16),
            learn_nightly_hour=None,
        )
        context = multiprocessing.get_context("spawn")
        with (
            TestClient(create_app(settings)) as client,
            ProcessPoolExecutor(1, mp_context=context, initializer=_lower_priority) as pool,
        ):
            _latencies(client, 20)  # warm
            idle = _latencies(client, 100)
            future = pool.submit(train_all_assist, root, count)
            busy: list[float] = []
            while not future.done():
                busy.extend(_latencies(client, 10))
            trained = future.result()
    return {
        "rust": _summary(idle),
        "tijdens_trainen": _summary(busy),
        "training": trained,
    }


def report_lines(speed: dict[str, Any] | None, responsive: dict[str, Any] | None) -> list[str]:
    lines = []
    vectors = (speed or {}).get("zinsvectoren")
    if vectors:
        lines.append(
            f"Zinsvectoren van nieuwe voorbeelden (één keer per voorbeeld): cpu-tijd "
            f"{vectors['cpu_s_per_gesprek']:.2f} s per gesprek "
            f"(gemeten op {vectors['gesprekken']}), ~{vectors['cpu_s_10000']} s voor 10.000"
        )
    if speed:
        parts = ", ".join(
            f"{name} {s:.1f} s (cpu {speed['cpu_seconden'][name]:.1f} s)"
            for name, s in speed["seconden"].items()
        )
        lines.append(
            f"Trainen op {speed['voorbeelden']} voorbeelden, één kern: "
            f"{speed['totaal_s']:.1f} s, cpu-tijd {speed['totaal_cpu_s']:.1f} s ({parts})"
        )
    if responsive:
        idle, busy = responsive["rust"], responsive["tijdens_trainen"]
        lines.append(
            f"Web-app tijdens het trainen (kindproces, lage prioriteit): /login mediaan "
            f"{idle['mediaan_ms']:.1f} → {busy['mediaan_ms']:.1f} ms, p95 {idle['p95_ms']:.1f} → "
            f"{busy['p95_ms']:.1f} ms ({busy['n']} verzoeken tijdens het trainen)"
        )
    return lines
