"""Placeholder for serve/demo commands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    del app
