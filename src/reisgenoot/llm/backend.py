"""Choose the model backend from the settings: a guarded model, or none (the default).

A model is used only when both ``REISGENOOT_LLM_BASE_URL`` and ``REISGENOOT_LLM_MODEL`` are
set. The app and the CLI compose it once and pass it to the capabilities.
"""

from __future__ import annotations

from collections.abc import Callable

from reisgenoot.llm.generate import GuardedModel, Use
from reisgenoot.llm.openai_compatible import OpenAICompatibleChat
from reisgenoot.settings import Settings


def configured(settings: Settings) -> bool:
    return bool(settings.llm_base_url and settings.llm_model)


def from_settings(
    settings: Settings, *, on_use: Callable[[Use], None] | None = None
) -> GuardedModel | None:
    """The guarded model of ``settings``, or None when no model is configured."""
    if not configured(settings):
        return None
    assert settings.llm_base_url is not None and settings.llm_model is not None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    chat = OpenAICompatibleChat(
        settings.llm_base_url,
        settings.llm_model,
        api_key=key,
        timeout=settings.llm_timeout_seconds,
    )
    return GuardedModel(chat, on_use=on_use)
