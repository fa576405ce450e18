"""Validated ids in paths, query strings and forms.

Every route that takes a record id uses :data:`RecordId` (path) or :data:`QueryId` (query
string), and form values go through :func:`parse_id`. An id is 1 to 10 ASCII digits and at most
:data:`MAX_ID` (PostgreSQL's ``integer``), so "²", "١٢", "+1", "1_0", "12.0" and
``99999999999999999999999`` never reach ``int()`` or the database. A path id that does not
pass is a Dutch 404 page and a query id a Dutch 422 page (:mod:`reisgenoot.web.error_pages`).
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Path, Query
from pydantic import BeforeValidator

MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


class InvalidIdError(ValueError):
    """Not an id: non-ASCII digits, signs, separators, empty, or out of range."""


def parse_id(value: object) -> int | None:
    """``value`` as an id (0 … :data:`MAX_ID`), or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_ID else None
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def _checked(value: object) -> int:
    number = parse_id(value)
    if number is None:
        raise InvalidIdError("geen geldig nummer")
    return number


RecordId = Annotated[int, BeforeValidator(_checked), Path(description="a record id")]
"""A record id in the path: 0 … MAX_ID in ASCII digits, else a Dutch 404."""

QueryId = Annotated[int | None, BeforeValidator(_checked), Query(description="an id or seed")]
"""An optional id (or seed) in the query string: 0 … MAX_ID in ASCII digits, else 422."""
