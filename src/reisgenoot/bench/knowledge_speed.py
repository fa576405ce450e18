"""Search speed of the kennisbank, side by side with plain BM25 (bm25s), on one core.

:func:`latency` times a 2,000-article kennisbank made by :func:`scaled_corpus` (the evaluation
articles replicated with words dropped and vectors jittered): the full search with the question's
e5 embedding, ranking alone, and bm25s over the raw text. Wall clock and the searching thread's
CPU time are both reported: on a shared machine only the latter is a property of the code.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from reisgenoot.bench.knowledge import Corpus
from reisgenoot.knowledge.embeddings import Embedder
from reisgenoot.knowledge.retrieval import Doc, Retriever

SCALE_ARTICLES = 2000


def _raw_text(doc: Doc) -> str:
    return " ".join([doc.title, *(t for f, _h, t in doc.sections)])


class PlainBM25:
    """bm25s over the raw article text (lowercase, its Dutch stopword list, no stemming)."""

    def __init__(self, docs: Sequence[Doc]) -> None:
        import bm25s

        self._bm25s = bm25s
        self.ids = [d.source_id for d in docs]
        self.model = bm25s.BM25()
        self.model.index(
            bm25s.tokenize([_raw_text(d) for d in docs], stopwords="nl", show_progress=False),
            show_progress=False,
        )

    def rank(self, query: str, k: int = 10) -> list[str]:
        tokens = self._bm25s.tokenize([query], stopwords="nl", show_progress=False)
        if not tokens.vocab:
            return []
        results, scores = self.model.retrieve(
            tokens, k=min(k, len(self.ids)), show_progress=False, n_threads=1
        )
        return [self.ids[int(i)] for i, s in zip(results[0], scores[0], strict=True) if s > 0]


# --- speed --------------------------------------------------------------------------------


def scaled_corpus(corpus: Corpus, size: int = SCALE_ARTICLES, seed: int = 7) -> Corpus:
    """Replicate and perturb articles (drop words, jitter vectors) up to ``size`` articles."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    docs: list[Doc] = []
    vectors: dict[tuple[int, str], Any] = {}
    by_key: dict[int, list[tuple[str, Any]]] = {}
    for (key, section), vector in corpus.vectors.items():
        by_key.setdefault(key, []).append((section, vector))
    copy = 0
    while len(docs) < size:
        for doc in corpus.docs:
            if len(docs) >= size:
                break
            key = (copy + 1) * 1_000_000 + doc.key
            docs.append(_perturbed(doc, key, copy, rng))
            for section, vector in by_key.get(doc.key, []):
                jittered = np.asarray(vector) + noise.normal(0, 0.02 if copy else 0.0, len(vector))
                vectors[(key, section)] = (jittered / np.linalg.norm(jittered)).astype(np.float32)
        copy += 1
    return Corpus(docs, vectors, corpus.embedder)


def _perturbed(doc: Doc, key: int, copy: int, rng: random.Random) -> Doc:
    if copy == 0:
        return replace(doc, key=key)
    sections = tuple(
        (f, h, " ".join(w for w in t.split() if rng.random() > 0.15)) for f, h, t in doc.sections
    )
    return replace(doc, key=key, source_id=f"{doc.source_id}~{copy}", sections=sections)


def _percentiles(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": ordered[len(ordered) // 2] * 1000,
        "p95_ms": ordered[min(int(len(ordered) * 0.95), len(ordered) - 1)] * 1000,
    }


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _timed(run: Callable[[str], object], queries: Sequence[str]) -> dict[str, float]:
    """Wall-clock and CPU-time percentiles of ``run`` per query.

    On a shared machine the wall clock also counts time the core spent on other processes;
    the CPU time of this thread is what one dedicated core would need.
    """
    wall, cpu = [], []
    for query in queries:
        start, used = time.perf_counter(), time.thread_time()
        run(query)
        cpu.append(time.thread_time() - used)
        wall.append(time.perf_counter() - start)
    cpu_part = {f"cpu_{k}": v for k, v in _percentiles(cpu).items()}
    return {**_percentiles(wall), **cpu_part}


def latency(
    corpus: Corpus,
    queries: Sequence[str],
    embedder: Embedder | None,
    uncompacted: Embedder | None = None,
) -> dict[str, Any]:
    """Search latency on one core for ``corpus``: full (with the query embedding) and ranking only.

    ``uncompacted`` (optional) embeds long questions whole, to show what compacting them saves.
    """
    _one_core()
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # one core: no BLAS/OpenMP threads fighting over it
        cached = Retriever(corpus.docs, embedder=corpus.embedder, vectors=corpus.vectors)
        for query in queries:  # warm: query vectors come from the evaluation cache
            cached.rank(query)
        result: dict[str, Any] = {
            "articles": len(corpus.docs),
            "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
            "ranking": _timed(cached.rank, queries),
        }
        for key, live_embedder in (("full", embedder), ("full_uncompacted", uncompacted)):
            if live_embedder is not None:
                live = Retriever(corpus.docs, embedder=live_embedder, vectors=corpus.vectors)
                live.rank("warm up")
                result[key] = _timed(live.rank, queries)
        plain = PlainBM25(corpus.docs)
        result["bm25s"] = _timed(plain.rank, queries)
    return result
