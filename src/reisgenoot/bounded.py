"""Bounded parsing of untrusted JSON and YAML: size, nesting depth, aliases, valid text.

Input from outside (an import file, a transcript for ``reisgenoot register``, a WebSocket
frame) is parsed here, never with bare ``json.loads`` or ``yaml.safe_load``, so a hostile
document costs little and fails with a Dutch message instead of a ``RecursionError``, a
gigabyte of memory (a YAML alias bomb) or a lone surrogate that breaks storing later:

- :func:`load_json`: at most ``max_chars`` characters and ``max_depth`` levels of nesting; no
  string holds a lone surrogate (``"\\ud800"``).
- :func:`load_yaml`: the same for YAML, with the safe loader, and no aliases (``*name``) at
  all: none of the project's YAML inputs needs them, and they are what alias bombs are made of.

Both raise :class:`BoundedInputError` (an :class:`~reisgenoot.errors.InputError`, exit code 2 in
the CLI) whose ``reason`` says which limit was hit.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from reisgenoot.errors import InputError

MAX_DEPTH = 32
MAX_JSON_CHARS = 20_000_000
MAX_YAML_CHARS = 1_000_000

REASONS = {
    "te_groot": "de invoer is te groot (meer dan {limit} tekens)",
    "te_diep": "de invoer is te diep genest (meer dan {limit} niveaus)",
    "alias": "YAML-verwijzingen (aliassen met * en &) zijn niet toegestaan",
    "surrogaat": "de invoer bevat een ongeldig teken (een losse surrogaat)",
    "ongeldig": "de invoer is geen geldige {kind}",
}


class BoundedInputError(InputError):
    """Untrusted input over a limit or not well formed; ``reason`` names which."""

    def __init__(self, reason: str, **params: Any) -> None:
        self.reason = reason
        detail = REASONS[reason].format(**params)
        super().__init__(f"bounded input: {reason}", detail=detail)
        self.detail = detail


def _check_tree(value: Any, max_depth: int) -> None:
    """Walk ``value`` without recursion: depth within ``max_depth``, strings encodable."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict | list | tuple):
            if depth >= max_depth:
                raise BoundedInputError("te_diep", limit=max_depth)
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BoundedInputError("surrogaat") from exc


def load_json(text: str, *, max_chars: int = MAX_JSON_CHARS, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` within the limits; :class:`BoundedInputError` or ``json.JSONDecodeError``."""
    if len(text) > max_chars:
        raise BoundedInputError("te_groot", limit=max_chars)
    _check_text(text)
    try:
        value = json.loads(text)
    except RecursionError as exc:
        raise BoundedInputError("te_diep", limit=max_depth) from exc
    _check_tree(value, max_depth)
    return value


class _NoAliasLoader(yaml.SafeLoader):
    """The safe loader, refusing every alias before anything is composed from it."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise BoundedInputError("alias")
        return super().compose_node(parent, index)


def load_yaml(text: str, *, max_chars: int = MAX_YAML_CHARS, max_depth: int = MAX_DEPTH) -> Any:
    """``yaml.safe_load`` within the limits and without aliases; :class:`BoundedInputError`
    or ``yaml.YAMLError`` (which carries the line)."""
    if len(text) > max_chars:
        raise BoundedInputError("te_groot", limit=max_chars)
    _check_text(text)
    try:
        value = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError as exc:
        raise BoundedInputError("te_diep", limit=max_depth) from exc
    _check_tree(value, max_depth)
    return value
