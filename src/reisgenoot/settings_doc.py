"""The settings reference, generated from :class:`reisgenoot.settings.Settings`."""

from __future__ import annotations

import json

from reisgenoot.settings import Settings

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


def settings_markdown() -> str:
    rows = [
        f"| `REISGENOOT_{name.upper()}` | {_default(name)} | {(field.description or '').replace('|', '/')} |"
        for name, field in Settings.model_fields.items()
    ]
    return HEADER + "\n".join(rows) + "\n"
