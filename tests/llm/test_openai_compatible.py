"""Contract of the OpenAI-compatible client, against an in-process fake server (no network)."""

from __future__ import annotations

import json

import httpx
import pytest

from reisgenoot.llm.openai_compatible import ModelBackendError, OpenAICompatibleChat
from reisgenoot.llm.protocol import ChatModel, Message


def _server(seen: list[dict[str, object]], status: int = 200) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/chat/completions"
        seen.append({"auth": request.headers.get("authorization"), **json.loads(request.content)})
        if status != 200:
            return httpx.Response(status, json={"error": "kapot"})
        return httpx.Response(
            200,
            json={
                "model": "mistral-nl",
                "choices": [{"message": {"role": "assistant", "content": "Goedemiddag."}}],
                "usage": {"prompt_tokens": 12, "completion_tokens": 3},
            },
        )

    return httpx.MockTransport(handler)


def test_completion_round_trip_redacts_personal_data() -> None:
    seen: list[dict[str, object]] = []
    chat = OpenAICompatibleChat(
        "http://model.local", "mistral-nl", api_key="geheim", transport=_server(seen)
    )
    assert isinstance(chat, ChatModel)
    result = chat.complete([Message("user", "Mail mij op jan.jansen@example.nl aub")])
    assert result.text == "Goedemiddag." and result.completion_tokens == 3
    sent = seen[0]
    assert sent["auth"] == "Bearer geheim"
    assert "jan.jansen@example.nl" not in json.dumps(sent["messages"])


@pytest.mark.parametrize("status", [500, 404])
def test_backend_errors_become_a_project_error(status: int) -> None:
    chat = OpenAICompatibleChat("http://model.local", "m", transport=_server([], status))
    with pytest.raises(ModelBackendError):
        chat.complete([Message("user", "Hallo")])
