"""Client for an OpenAI-compatible ``/v1/chat/completions`` endpoint (vLLM, Ollama, llama.cpp).

Every message passes personal-data redaction before it leaves the process (VISION
principle 4); the answer still has to pass the same checks as any other output.
"""

from __future__ import annotations

from typing import Any

import httpx

from reisgenoot.errors import ReisgenootError
from reisgenoot.language.pii import redact
from reisgenoot.llm.protocol import Completion, Message


class ModelBackendError(ReisgenootError):
    code = "model_fout"


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
        }
        try:
            response = self._client.post("/v1/chat/completions", json=body)
            response.raise_for_status()
            data: dict[str, Any] = response.json()
            text = str(data["choices"][0]["message"]["content"])
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise ModelBackendError(str(exc), detail=type(exc).__name__) from exc
        usage = data.get("usage") or {}
        return Completion(
            text=text,
            model=str(data.get("model", self.model_id)),
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
        )

    def close(self) -> None:
        self._client.close()
