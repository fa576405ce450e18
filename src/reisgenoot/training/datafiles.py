"""The data files of the training (``training/data/``), each read once per process.

Word lists, phrase tables, regular-expression lists and the Dutch text templates of the
feedback live as data, beside a ``SOURCE.md`` that says where each comes from, so they can be
read and extended without reading code. This module only reads them and checks their shape:
a malformed file is a developer error and raises :class:`DataFileError` naming the file and
the key.

- ``*.txt``: one entry per line, in order; lines starting with ``#`` and empty lines are skipped.
- ``*.yaml``: a mapping; :func:`strings` reads a list of texts under a key, :func:`patterns`
  the same list compiled as regular expressions, :func:`table` a mapping of texts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "DataFileError",
    "lines",
    "numbers",
    "patterns",
    "strings",
    "table",
    "texts",
]


class DataFileError(RuntimeError):
    """A data file of the training does not have the expected shape (a developer error)."""


def _read(name: str) -> str:
    return resources.files("reisgenoot.training").joinpath("data", name).read_text(encoding="utf-8")


@cache
def lines(name: str) -> tuple[str, ...]:
    """The entries of a one-per-line text file, in order (comments and blanks skipped)."""
    found = (line.strip() for line in _read(name).splitlines())
    return tuple(line for line in found if line and not line.startswith("#"))


@cache
def _yaml(name: str) -> Mapping[str, Any]:
    data = yaml.safe_load(_read(name))
    if not isinstance(data, dict):
        raise DataFileError(f"training/data/{name}: expected a mapping at the top")
    return data


def _value(name: str, key: str) -> Any:
    data = _yaml(name)
    if key not in data:
        raise DataFileError(f"training/data/{name}: key '{key}' is missing")
    return data[key]


@cache
def strings(name: str, key: str) -> tuple[str, ...]:
    """The list of texts under ``key`` in the YAML file ``name``, in order."""
    value = _value(name, key)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise DataFileError(f"training/data/{name}: '{key}' must be a list of texts")
    return tuple(value)


@cache
def patterns(name: str, key: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    """The list under ``key`` compiled as regular expressions (once)."""
    compiled: list[re.Pattern[str]] = []
    for item in strings(name, key):
        try:
            compiled.append(re.compile(item, flags))
        except re.error as exc:
            raise DataFileError(f"training/data/{name}: '{key}': bad pattern {item!r}") from exc
    return tuple(compiled)


@cache
def table(name: str, key: str) -> Mapping[str, str]:
    """The mapping of texts under ``key`` (keys and values as text)."""
    value = _value(name, key)
    if not isinstance(value, dict):
        raise DataFileError(f"training/data/{name}: '{key}' must be a mapping")
    return {str(k): str(v) for k, v in value.items()}


@cache
def numbers(name: str, key: str) -> Mapping[str, int]:
    """The mapping of whole numbers under ``key``."""
    value = _value(name, key)
    if not isinstance(value, dict) or not all(isinstance(v, int) for v in value.values()):
        raise DataFileError(f"training/data/{name}: '{key}' must map texts to whole numbers")
    return {str(k): int(v) for k, v in value.items()}


def texts(name: str) -> Mapping[str, Any]:
    """The whole YAML file ``name`` (for nested text templates); read once."""
    return _yaml(name)
