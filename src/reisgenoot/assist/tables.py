"""The data files of agent assist (``assist/data``): word lists, phrase tables and patterns.

Each file is read once per process (:func:`load`). A pattern in a YAML file is a string or a
list of strings written one after the other (so a long regular expression keeps one
alternative per line); ``<name>`` inside it stands for the alternatives listed under
``words: name:`` in the same file. Patterns match case-insensitively. Where each file comes
from: ``assist/data/SOURCE.md``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

__all__ = ["load", "packaged_file", "patterns", "text"]

_T = TypeVar("_T")


def text(name: str) -> str:
    """The text of ``assist/data/<name>``."""
    resource = resources.files("reisgenoot.assist").joinpath("data", name)
    return resource.read_text(encoding="utf-8")


def packaged_file(name: str, read: Callable[[Path], _T]) -> _T | None:
    """``assist/data/<name>`` read by ``read``, or None when the package does not hold it."""
    resource = resources.files("reisgenoot.assist").joinpath("data", name)
    if not resource.is_file():
        return None
    with resources.as_file(resource) as path:
        return read(path)


@cache
def load(name: str) -> Any:
    """``assist/data/<name>`` parsed (JSON or YAML), read once."""
    raw = text(name)
    return json.loads(raw) if name.endswith(".json") else yaml.safe_load(raw)


def _source(spec: str | list[str], words: Mapping[str, list[str]]) -> str:
    source = spec if isinstance(spec, str) else "".join(spec)
    for name, alternatives in words.items():
        source = source.replace(f"<{name}>", "|".join(alternatives))
    return source


@cache
def patterns(name: str) -> dict[str, re.Pattern[str]]:
    """The ``patterns`` of ``assist/data/<name>``, compiled (case-insensitive), by name."""
    data = load(name)
    words: Mapping[str, list[str]] = data.get("words") or {}
    return {
        key: re.compile(_source(spec, words), re.IGNORECASE)
        for key, spec in data["patterns"].items()
    }
