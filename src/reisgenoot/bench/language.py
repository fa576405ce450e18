"""Evaluation of personal-data detection, and the language benchmark against deduce.

:func:`evaluate_pii` scores detected entities against hand-labelled cases with **exact spans**:
a detection counts only when start, end and type all match a labelled entity.

:func:`run_benchmark` measures, one process per engine and on the same texts, warm throughput
(characters per second after loading and one warm-up pass), peak memory (max RSS of that process)
and recall. Recall there uses the **overlap rule** for both engines, because deduce draws its
spans differently (it tags "1234 AB Utrecht" as one location): a labelled entity is found when a
detection of a compatible type overlaps it. deduce is imported only in its own worker process.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reisgenoot.language.pii import ENTITY_TYPES, detect

Gold = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    text: str
    entities: tuple[Gold, ...]


@dataclass(slots=True)
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass(slots=True)
class PiiEvaluation:
    per_type: dict[str, TypeScore]
    errors: list[tuple[str, str, Gold]] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        scored = [s.f1 for s in self.per_type.values() if s.support or s.fp]
        return sum(scored) / len(scored) if scored else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "per_type": {
                t: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                }
                for t, s in self.per_type.items()
            },
            "macro_f1": round(self.macro_f1, 4),
        }


def load_cases(path: str | Path) -> list[Case]:
    """Read JSON Lines ``{"id", "text", "entities": [{"start", "end", "type"}]}``."""
    cases: list[Case] = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            gold = tuple((e["start"], e["end"], e["type"]) for e in row.get("entities", []))
            cases.append(Case(str(row.get("id", number)), row["text"], gold))
    return cases


def evaluate_pii(
    cases: Iterable[Case], detector: Callable[[str], Iterable[Any]] | None = None
) -> PiiEvaluation:
    """Per-type precision, recall and F1 with exact span matching, and macro-F1."""
    find = detector or detect
    scores = {t: TypeScore() for t in ENTITY_TYPES}
    errors: list[tuple[str, str, Gold]] = []
    for case in cases:
        found = {(e.start, e.end, e.type) for e in find(case.text)}
        gold = set(case.entities)
        for span in found & gold:
            scores[span[2]].tp += 1
        for span in found - gold:
            scores[span[2]].fp += 1
            errors.append((case.id, "fp", span))
        for span in gold - found:
            scores[span[2]].fn += 1
            errors.append((case.id, "fn", span))
    return PiiEvaluation(scores, errors)


def overlap_recall(
    cases: Sequence[Case], found: Sequence[Sequence[Gold]]
) -> dict[str, tuple[int, int]]:
    """Per type ``(found, total)``: a labelled entity counts when an overlapping span of the
    same type was detected."""
    result = {t: (0, 0) for t in ENTITY_TYPES}
    for case, spans in zip(cases, found, strict=True):
        for start, end, type_ in case.entities:
            hit = any(s < end and start < e and t == type_ for s, e, t in spans)
            got, total = result[type_]
            result[type_] = (got + int(hit), total + 1)
    return result


# --- workers: one process each ------------------------------------------------------------

DEDUCE_TAGS = {
    "persoon": ("naam",),
    "patient": ("naam",),
    "bsn": ("bsn",),
    "telefoonnummer": ("telefoon",),
    "emailadres": ("email",),
    "locatie": ("adres", "postcode"),
    "datum": ("geboortedatum",),
    "id": ("zaaknummer",),
}


def deduce_cache_dir() -> Path:
    """Where deduce keeps its lookup cache: under REISGENOOT_HOME, else in the temp dir."""
    home = os.environ.get("REISGENOOT_HOME")
    base = Path(home) / "cache" if home else Path(tempfile.gettempdir()) / "reisgenoot-bench"
    path = base / "deduce-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _timed(run: Callable[[str], Any], texts: Sequence[str], seconds: float) -> dict[str, float]:
    """Throughput in CPU seconds of this process: on a shared machine wall-clock time
    measures the neighbours as much as the engine."""
    for text in texts:  # warm-up pass
        run(text)
    chars = sum(len(t) for t in texts)
    passes, start = 0, time.process_time()
    while True:
        for text in texts:
            run(text)
        passes += 1
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            break
    return {
        "chars_per_s": chars * passes / elapsed,
        "texts_per_s": len(texts) * passes / elapsed,
        "passes": passes,
    }


def _ours_spans(text: str) -> list[Gold]:
    return [(e.start, e.end, e.type) for e in detect(text)]


def _deduce_engine() -> Callable[[str], list[Gold]]:
    import deduce

    engine = deduce.Deduce(cache_path=deduce_cache_dir())

    def spans(text: str) -> list[Gold]:
        doc = engine.deidentify(text)
        out: list[Gold] = []
        for ann in doc.annotations:
            for type_ in DEDUCE_TAGS.get(ann.tag.split("_")[0], ()):
                out.append((ann.start_char, ann.end_char, type_))
        return out

    return spans


def _lazy_language(name: str) -> Callable[[str], Any]:
    if name == "tone":
        from reisgenoot.language.tone import analyse_tone

        return analyse_tone
    from reisgenoot.language.readability import check_b1

    return check_b1


def worker(engine: str, corpus: Path, seconds: float) -> dict[str, Any]:
    """Measure one engine in this process; the caller runs each in a fresh process."""
    cases = load_cases(corpus)
    texts = [c.text for c in cases]
    started = time.perf_counter()
    result: dict[str, Any] = {"engine": engine}
    run: Callable[[str], Any]
    if engine in ("ours", "deduce"):
        spans_of = _ours_spans if engine == "ours" else _deduce_engine()
        result["load_s"] = time.perf_counter() - started
        found = [spans_of(t) for t in texts]
        result["recall"] = {t: list(v) for t, v in overlap_recall(cases, found).items()}
        run = spans_of
    else:
        run = _lazy_language(engine)
        result["load_s"] = time.perf_counter() - started
    result.update(_timed(run, texts, seconds))
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["chars"] = sum(len(t) for t in texts)
    return result


def run_worker(engine: str, corpus: Path, seconds: float) -> dict[str, Any]:
    """Run :func:`worker` in a fresh interpreter and return its JSON result (or an error)."""
    command = [
        sys.executable,
        "-m",
        "reisgenoot.bench.language",
        engine,
        str(corpus),
        str(seconds),
    ]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["onbekende fout"])[-1]
        return {"engine": engine, "error": tail}
    parsed: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return parsed


def run_benchmark(
    corpus: Path, *, seconds: float = 3.0, engines: Sequence[str] = ("ours", "deduce", "tone", "b1")
) -> dict[str, Any]:
    """All engines, one process each, plus the exact-span evaluation of ours."""
    results = {name: run_worker(name, corpus, seconds) for name in engines}
    evaluation = evaluate_pii(load_cases(corpus))
    report: dict[str, Any] = {"corpus": str(corpus), "engines": results}
    report["evaluation"] = evaluation.as_dict()
    ours, theirs = results.get("ours", {}), results.get("deduce", {})
    if "chars_per_s" in ours and "chars_per_s" in theirs:
        report["throughput_ratio"] = ours["chars_per_s"] / theirs["chars_per_s"]
    return report


def total_recall(recall: dict[str, list[int]]) -> float:
    got = sum(v[0] for v in recall.values())
    total = sum(v[1] for v in recall.values())
    return got / total if total else 0.0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.stderr.write("gebruik: python -m reisgenoot.bench.language ENGINE CORPUS SECONDS\n")
        sys.exit(2)
    output = worker(sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]))
    sys.stdout.write(json.dumps(output) + "\n")
