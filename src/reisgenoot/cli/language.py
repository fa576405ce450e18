"""Placeholder: `redact`, `tone` and `b1` commands land with the language core."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    del app
