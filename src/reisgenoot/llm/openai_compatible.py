"""Client for an OpenAI-compatible ``/v1/chat/completions`` endpoint (vLLM, Ollama, llama.cpp).

Every message passes personal-data redaction before it leaves the process (VISION
principle 4); the answer still has to pass the same checks as any other output
(:mod:`reisgenoot.llm.guards`).

The reply is streamed (``"stream": true``, server-sent events) so that one deadline covers
the whole answer: a server that drips tokens slowly is cut off at ``timeout`` seconds just
like one that never answers. A server that ignores ``stream`` and sends one JSON object is
read as well. Replies longer than :data:`MAX_REPLY_CHARS` are cut off and refused.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx

from reisgenoot.errors import ReisgenootError
from reisgenoot.language.pii import redact
from reisgenoot.llm.protocol import Completion, Message

MAX_REPLY_CHARS = 20_000


class ModelBackendError(ReisgenootError):
    """The model server failed, answered something unreadable, or too late."""

    code = "model_fout"


class ModelTimeoutError(ModelBackendError):
    code = "model_te_laat"


def _chunks(lines: Iterator[str], deadline: float) -> Iterator[dict[str, Any]]:
    for line in lines:
        if time.monotonic() > deadline:
            raise ModelTimeoutError("the model took longer than the deadline")
        if not line.startswith("data:"):
            continue
        payload = line[5:].strip()
        if payload == "[DONE]":
            return
        chunk = json.loads(payload)
        if not isinstance(chunk, dict):
            raise ValueError("chunk is not an object")
        yield chunk


class OpenAICompatibleChat:
    """A :class:`~reisgenoot.llm.protocol.ChatModel` over HTTP."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.model_id = model
        self.timeout = timeout
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )

    def complete(
        self, messages: list[Message], *, max_tokens: int = 512, temperature: float = 0.0
    ) -> Completion:
        body = {
            "model": self.model_id,
            "messages": [{"role": m.role, "content": redact(m.content).text} for m in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
        }
        deadline = time.monotonic() + self.timeout
        try:
            with self._client.stream("POST", "/v1/chat/completions", json=body) as response:
                response.raise_for_status()
                if "text/event-stream" in response.headers.get("content-type", ""):
                    return self._streamed(response, deadline)
                return self._whole(response.read(), deadline)
        except ModelBackendError:
            raise
        except httpx.TimeoutException as exc:
            raise ModelTimeoutError(str(exc), detail=type(exc).__name__) from exc
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise ModelBackendError(str(exc), detail=type(exc).__name__) from exc

    def _streamed(self, response: httpx.Response, deadline: float) -> Completion:
        pieces: list[str] = []
        size = 0
        model = self.model_id
        usage: dict[str, Any] = {}
        for chunk in _chunks(response.iter_lines(), deadline):
            model = str(chunk.get("model") or model)
            usage = chunk.get("usage") or usage
            choices = chunk.get("choices") or []
            if not choices:
                continue
            delta = choices[0].get("delta") or choices[0].get("message") or {}
            piece = delta.get("content") or ""
            if not isinstance(piece, str):
                raise TypeError("content is not text")
            pieces.append(piece)
            size += len(piece)
            if size > MAX_REPLY_CHARS:
                raise ModelBackendError("the reply is too long")
        if time.monotonic() > deadline:
            raise ModelTimeoutError("the model took longer than the deadline")
        return Completion(
            "".join(pieces), model, usage.get("prompt_tokens"), usage.get("completion_tokens")
        )

    def _whole(self, raw: bytes, deadline: float) -> Completion:
        if time.monotonic() > deadline:
            raise ModelTimeoutError("the model took longer than the deadline")
        data: dict[str, Any] = json.loads(raw)
        text = data["choices"][0]["message"]["content"]
        if not isinstance(text, str):
            raise TypeError("content is not text")
        if len(text) > MAX_REPLY_CHARS:
            raise ModelBackendError("the reply is too long")
        usage = data.get("usage") or {}
        return Completion(
            text=text,
            model=str(data.get("model", self.model_id)),
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
        )

    def close(self) -> None:
        self._client.close()
