"""The settings reference, generated from :class:`reisgenoot.settings.Settings`."""

from __future__ import annotations

import json

from reisgenoot.settings import Settings
from reisgenoot.settings_oidc import OidcSettings

HEADER = """# Settings reference

Generated from `reisgenoot.settings.Settings` by `reisgenoot settings --markdown`; a test fails
when this file is stale. Every option is an environment variable with the prefix
`REISGENOOT_` (lists as JSON, e.g. `REISGENOOT_ZAAKNUMMER_PATTERNS='["Z-\\\\d{6}"]'`).

| variable | default | description |
|---|---|---|
"""


def _default(name: str) -> str:
    field = Settings.model_fields[name]
    factory = field.default_factory
    value = factory() if factory is not None else field.default  # type: ignore[call-arg]
    if value is None:
        return "(empty)"
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else str(value)
    return "`" + text.replace("|", "\\|") + "`"


def _ordered() -> list[str]:
    """The fields in the order of the class, the single sign-on part last."""
    sso = list(OidcSettings.model_fields)
    return [name for name in Settings.model_fields if name not in sso] + sso


def settings_markdown() -> str:
    fields = Settings.model_fields
    rows = [
        f"| `REISGENOOT_{name.upper()}` | {_default(name)} | {(fields[name].description or '').replace('|', '/')} |"
        for name in _ordered()
    ]
    return HEADER + "\n".join(rows) + "\n"
