"""Log redaction replaces the personal data in a logging call's arguments, never the program's
own text: uvicorn's start line came out as "(Press [NAAM]+C to quit)" before.

The format string is the program's (ruff G001-G004 keep it a constant in this code base); the
arguments are what may carry personal data, and they are still read in the context of the
words around them.
"""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest

from reisgenoot.log import JsonFormatter, RedactingFilter, StderrHandler, redacted_message

BSN = "111222333"  # passes the 11-test
UUID = "9f419c02-78f2-4dd5-be76-eef7b3c9c2e4"


def _record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1, msg, args or None, None)


def _filtered(msg: str, *args: object) -> str:
    record = _record(msg, *args)
    assert RedactingFilter().filter(record)
    return record.getMessage()


# What uvicorn and other libraries write on their own (English boilerplate with capitals), with
# their arguments as they pass them.
@pytest.mark.parametrize(
    ("msg", "args"),
    [
        ("Uvicorn running on %s://%s:%d (Press CTRL+C to quit)", ("http", "127.0.0.1", 8000)),
        ("Uvicorn running on unix socket %s (Press CTRL+C to quit)", ("/run/reisgenoot.sock",)),
        ("Started server process [%d]", (4242,)),
        ("Press ENTER to continue, or CTRL+D to stop %s", ("now",)),
        ("Open Klant: klantcontact %s niet verzonden: %s", (UUID, "HTTP 500")),
    ],
)
def test_the_programs_own_text_is_not_redacted(msg: str, args: tuple[object, ...]) -> None:
    assert _filtered(msg, *args) == msg % args


@pytest.mark.parametrize(
    ("msg", "args", "expected"),
    [
        (
            "inwoner %s belt over %s",
            ("Jan de Vries", f"BSN {BSN}"),
            "inwoner [NAAM] belt over BSN [BSN]",
        ),
        ("gesproken met mevrouw %s", ("Jansen",), "gesproken met mevrouw [NAAM]"),
        ("%s", (f"Mijn BSN is {BSN}",), "Mijn BSN is [BSN]"),
        ("%5.1f%% klaar voor %-12s", (99.5, "Anouk de Vries"), " 99.5% klaar voor [NAAM]"),
    ],
)
def test_personal_data_in_the_arguments_is_redacted(
    msg: str, args: tuple[object, ...], expected: str
) -> None:
    assert _filtered(msg, *args) == expected


def test_named_arguments_are_read_too() -> None:
    record = _record("%(wie)s belde %(keer)d keer", {"wie": "Anouk de Vries", "keer": 3})
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "[NAAM] belde 3 keer"


def test_a_message_without_arguments_is_redacted_whole() -> None:
    # built beforehand: nothing says which part is the program's
    assert _filtered(f"inwoner met BSN {BSN}") == "inwoner met BSN [BSN]"


def test_a_record_is_redacted_once() -> None:
    # the logger's filter, the handler's filter and the JSON formatter each see the record;
    # a second pass over the redacted text would find "Press CTRL" again
    record = _record("Uvicorn running on %s (Press CTRL+C to quit) for %s", "http://x", BSN)
    assert RedactingFilter().filter(record) and RedactingFilter().filter(record)
    expected = "Uvicorn running on http://x (Press CTRL+C to quit) for [BSN]"
    assert record.getMessage() == expected
    assert json.loads(JsonFormatter().format(record))["message"] == expected
    fresh = _record("Uvicorn running on %s (Press CTRL+C to quit) for %s", "http://x", BSN)
    assert redacted_message(fresh) == expected  # the JSON formatter on a handler without filter


def test_the_stderr_handler_writes_to_the_stderr_of_the_moment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a command run in-process by a test gets a borrowed stderr that is closed afterwards; the
    # handler made then must not write later records into that closed file
    borrowed = io.StringIO()
    monkeypatch.setattr(sys, "stderr", borrowed)
    handler = StderrHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.handle(_record("eerst"))
    borrowed.close()
    later = io.StringIO()
    monkeypatch.setattr(sys, "stderr", later)
    handler.handle(_record("daarna"))
    assert later.getvalue() == "daarna\n"
