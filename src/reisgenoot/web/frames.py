"""WebSocket frames from outside: received, checked and refused with the right close code.

:func:`receive_frame` returns the next frame as a :class:`Frame` (text or bytes), or None when
the client went away; a frame over the size limit or with a lone surrogate raises
:class:`FrameRejectedError`, whose ``code`` is the close code (RFC 6455 §7.4.1) the endpoint closes
with (:func:`close`). :func:`json_object` parses a text frame within the limits of
:mod:`reisgenoot.bounded`. :func:`watch_session` closes a socket whose login session ended
(logout, time-out) even while the client is silent. Nothing here prints a traceback: an
endpoint catches :class:`FrameRejectedError` and closes.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.websockets import WebSocket, WebSocketState

from reisgenoot.bounded import MAX_DEPTH, BoundedInputError, load_json
from reisgenoot.log import get_logger

_JITTER = random.Random()  # spreads timers; nothing secret depends on it

LOG = get_logger(__name__)

CLOSE_NORMAL = 1000
CLOSE_UNSUPPORTED = 1003  # a binary frame where only text is taken
CLOSE_INVALID = 1007  # not valid text: lone surrogate, JSON nested too deep
CLOSE_POLICY = 1008  # no (more) login session, wrong origin, not the owner
CLOSE_TOO_BIG = 1009  # frame over the size limit
CLOSE_ERROR = 1011  # the server failed on a frame (logged, never shown)

REASONS = {
    CLOSE_UNSUPPORTED: "Alleen tekst is toegestaan.",
    CLOSE_INVALID: "Het bericht is ongeldig.",
    CLOSE_POLICY: "Je bent niet (meer) ingelogd.",
    CLOSE_TOO_BIG: "Het bericht is te groot.",
    CLOSE_ERROR: "Er ging iets mis. Laad de pagina opnieuw.",
}


class FrameRejectedError(Exception):
    """A frame the endpoint will not take; close the socket with ``code``."""

    def __init__(self, code: int) -> None:
        super().__init__(f"websocket frame rejected ({code})")
        self.code = code


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame: exactly one of ``text`` and ``data`` is set."""

    text: str | None = None
    data: bytes | None = None


def _valid_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def receive_frame(
    websocket: WebSocket, *, max_chars: int, max_bytes: int = 0
) -> Frame | None:
    """The next frame, or None when the client closed. Text over ``max_chars`` characters or
    bytes over ``max_bytes`` raise :class:`FrameRejectedError` (1009); text with a lone surrogate
    1007. ``max_bytes`` 0 means binary frames are not taken at all (1003)."""
    message = await websocket.receive()
    if message["type"] == "websocket.disconnect":
        return None
    text, data = message.get("text"), message.get("bytes")
    if text is not None:
        if len(text) > max_chars:
            raise FrameRejectedError(CLOSE_TOO_BIG)
        if not _valid_text(text):
            raise FrameRejectedError(CLOSE_INVALID)
        return Frame(text=text)
    if data is None or not max_bytes:
        raise FrameRejectedError(CLOSE_UNSUPPORTED)
    if len(data) > max_bytes:
        raise FrameRejectedError(CLOSE_TOO_BIG)
    return Frame(data=data)


def json_object(text: str, *, max_depth: int = MAX_DEPTH) -> dict[str, Any] | None:
    """A text frame as a JSON object; None when it is no JSON object (the endpoint answers
    with a message); :class:`FrameRejectedError` (1007) when it is nested too deep or holds a lone
    surrogate in an escape (``"\\ud800"``)."""
    try:
        value = load_json(text, max_depth=max_depth)
    except BoundedInputError as exc:
        raise FrameRejectedError(CLOSE_INVALID) from exc
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def is_open(websocket: WebSocket) -> bool:
    return (
        websocket.application_state == WebSocketState.CONNECTED
        and websocket.client_state == WebSocketState.CONNECTED
    )


async def close(websocket: WebSocket, code: int) -> None:
    """Close with ``code`` and its Dutch reason, unless the socket is closed already."""
    if not is_open(websocket):
        return
    try:
        await websocket.close(code=code, reason=REASONS.get(code, ""))
    except RuntimeError:  # closed by the other side or another task meanwhile
        LOG.debug("WebSocket was already closed")


async def watch_session(
    websocket: WebSocket, still_valid: Callable[[], Awaitable[bool]], *, every: float
) -> None:
    """Close the socket (1008) as soon as ``still_valid()`` is false; checks every ``every``
    seconds. Run it as a task beside the receive loop and cancel it when the loop ends.

    The first check comes after a random part of ``every``: sockets opened together (all
    employees reconnecting after a restart) would otherwise check their sessions in the same
    instant, a burst of database queries that holds up every turn waiting behind it."""
    wait = every * _JITTER.random()
    while is_open(websocket):
        await asyncio.sleep(wait)
        wait = every
        if is_open(websocket) and not await still_valid():
            await close(websocket, CLOSE_POLICY)
            return
