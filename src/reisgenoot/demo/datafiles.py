"""The demo's data files (``reisgenoot/demo/data/``), read from the installed package.

Each module that needs a table reads it once, at import, and keeps it in immutable form
(tuples, frozen dataclasses). The files carry their SOURCE note (see ``SOURCE.md`` beside
them); this module only reads them and checks their shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import yaml

try:  # the C parser when PyYAML has libyaml: every command imports the demo's tables
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class DataFileError(ValueError):
    """A demo data file does not have the expected shape (a packaging or editing mistake)."""


def read_yaml(*parts: str) -> Any:
    """The parsed YAML file ``demo/data/<parts>``."""
    path = resources.files("reisgenoot.demo").joinpath("data", *parts)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)


def mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise DataFileError(f"{where}: expected a mapping, found {type(value).__name__}")
    return value


def sequence(value: Any, where: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise DataFileError(f"{where}: expected a list, found {type(value).__name__}")
    return value


def strings(value: Any, where: str) -> tuple[str, ...]:
    items = sequence(value if value is not None else [], where)
    if not all(isinstance(item, str) for item in items):
        raise DataFileError(f"{where}: expected a list of texts")
    return tuple(items)


def numbers(value: Any, where: str, length: int | None = None) -> tuple[float, ...]:
    items = sequence(value, where)
    if not all(isinstance(item, int | float) and not isinstance(item, bool) for item in items):
        raise DataFileError(f"{where}: expected a list of numbers")
    if length is not None and len(items) != length:
        raise DataFileError(f"{where}: expected {length} numbers, found {len(items)}")
    return tuple(float(item) for item in items)


def number(value: Any, where: str) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise DataFileError(f"{where}: expected a number")
    return float(value)
