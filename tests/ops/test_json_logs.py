"""``REISGENOOT_LOG_FORMAT=json``: one JSON object a line, redacted like the text log."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator

import pytest

from reisgenoot.log import JsonFormatter, RedactingFilter, configure, get_logger, server_log_config
from reisgenoot.settings import Settings

BSN = "111222333"
EMAIL = "j.jansen@example.nl"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """The project root logger's handlers, writing into a buffer for this test."""
    root = logging.getLogger("reisgenoot")  # noqa: TID251
    saved = (list(root.handlers), root.level)
    root.handlers = []
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    configure("INFO", "json")
    yield stream
    root.handlers, root.level = saved[0], saved[1]


def test_json_lines_carry_no_bsn(captured: io.StringIO) -> None:
    log = get_logger("ops.probe")
    log.warning("inwoner met BSN %s mailt vanaf %s", BSN, EMAIL)
    try:
        raise ValueError(f"kapot bij {BSN}")
    except ValueError:
        log.exception("fout voor %s", EMAIL)
    lines = captured.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["level"] == "WARNING" and first["logger"] == "reisgenoot.ops.probe"
    assert first["time"].endswith("+00:00")
    assert first["message"] == "inwoner met BSN [BSN] mailt vanaf [EMAIL]"
    assert "ValueError" in second["exception"]
    text = captured.getvalue()
    assert BSN not in text and EMAIL not in text


def test_text_stays_the_default() -> None:
    assert Settings().log_format == "text"
    config = server_log_config("INFO")
    assert config["formatters"]["plain"]["()"] is not JsonFormatter


def test_the_server_log_config_writes_json(capsys: pytest.CaptureFixture[str]) -> None:
    config = server_log_config("INFO", "json")
    assert config["formatters"]["plain"]["()"] is JsonFormatter
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactingFilter())
    probe = logging.getLogger("uvicorn.error.probe")  # noqa: TID251
    probe.addHandler(handler)
    probe.propagate = False
    probe.error("kan %s niet bereiken", EMAIL)
    probe.removeHandler(handler)
    entry = json.loads(stream.getvalue())
    assert EMAIL not in entry["message"] and entry["level"] == "ERROR"
