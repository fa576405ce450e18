"""The container recipe and the compose file, checked without Docker (ADR 19).

``compose.yaml`` is validated against the Compose Specification's JSON Schema (vendored);
its secrets must come from ``.env`` with no default; the ``Containerfile`` must install from
the hashed lock, run as an unprivileged user with its data in a volume, and its health check
must really tell a running app from a stopped one.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.web.fixtures import LiveServer

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "compose.yaml"
CONTAINERFILE = ROOT / "Containerfile"
SCHEMA = ROOT / "vendor" / "compose-spec" / "compose-spec.json"
SECRETS = {"POSTGRES_PASSWORD", "REISGENOOT_SECRET_KEY", "REISGENOOT_AUDIT_KEY"}
REQUIRED = re.compile(r"\$\{([A-Z_]+):\?[^}]+\}")


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _instructions() -> list[tuple[str, str]]:
    """The Containerfile as (INSTRUCTION, arguments), continuation lines joined."""
    text = re.sub(r"\\\n", " ", CONTAINERFILE.read_text(encoding="utf-8"))
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def _final_stage() -> list[tuple[str, str]]:
    instructions = _instructions()
    last_from = max(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    return instructions[last_from:]


def test_compose_file_is_valid_compose() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(_compose())


def test_compose_runs_the_app_on_postgresql_once_it_is_healthy() -> None:
    services = _compose()["services"]
    assert set(services) >= {"app", "db"}
    app, db = services["app"], services["db"]
    assert str(db["image"]).split("/")[-1].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["build"]["dockerfile"] == CONTAINERFILE.name
    assert app["environment"]["REISGENOOT_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@db:5432/" in app["environment"]["REISGENOOT_DATABASE_URL"]
    assert any(str(volume).endswith(":/data") for volume in app["volumes"])
    assert all(str(port).startswith("127.0.0.1:") for port in app["ports"]), "only via a proxy"


def test_secrets_come_from_env_without_defaults() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    required = set(REQUIRED.findall(text))
    assert required >= SECRETS
    for name in SECRETS:  # never a default (":-") or a literal value
        assert not re.search(rf"\$\{{{name}:?-", text), name
    environment = {
        k: str(v) for s in _compose()["services"].values() for k, v in s["environment"].items()
    }
    for name in SECRETS & environment.keys():
        assert REQUIRED.fullmatch(environment[name]), f"{name} is not taken from .env"
    example = (ROOT / "reisgenoot.env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^([A-Z_]+)=$", example, re.M))
    assert listed == required, "reisgenoot.env.example names every required variable, empty"
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_image_installs_from_the_hashed_lock_only() -> None:
    runs = " ".join(args for word, args in _instructions() if word == "RUN")
    assert "scripts/wheelhouse /wheelhouse" in runs
    assert "install-offline /wheelhouse" in runs
    copies = [args for word, args in _instructions() if word == "COPY" and "--from" not in args]
    sources = [source for args in copies for source in shlex.split(args)[:-1]]
    assert "requirements/" in sources
    allowed = [
        line[1:].rstrip("/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.startswith("!")
    ]
    for source in sources:
        assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
        assert any(source.rstrip("/") == a or source.startswith(a + "/") for a in allowed), (
            f"COPY {source}: left out of the build context by .dockerignore"
        )


def test_the_image_runs_unprivileged_with_data_in_a_volume() -> None:
    final = _final_stage()
    users = [args for word, args in final if word == "USER"]
    assert users and users[-1] not in {"root", "0"}
    assert any(word == "VOLUME" and "/data" in args for word, args in final)
    env = " ".join(args for word, args in final if word == "ENV")
    assert "REISGENOOT_HOME=/data" in env
    assert "REISGENOOT_HOST=0.0.0.0" in env
    assert all("--from=build" in args for word, args in final if word == "COPY"), "no source"
    assert [args for word, args in final if word == "CMD"][-1] == '["reisgenoot", "serve"]'


def _healthcheck() -> list[str]:
    checks = [args for word, args in _final_stage() if word == "HEALTHCHECK"]
    assert len(checks) == 1
    command = json.loads(checks[0][checks[0].index("CMD") + 3 :].strip())
    assert isinstance(command, list) and command[0] == "python"
    return [sys.executable, *command[1:]]


@pytest.mark.usefixtures("users")
def test_the_healthcheck_tells_a_running_app_from_a_stopped_one(live_server: LiveServer) -> None:
    command = _healthcheck()
    env = {"REISGENOOT_PORT": str(live_server.port), "PATH": "/usr/bin:/bin"}
    healthy = subprocess.run(command, env=env, capture_output=True, timeout=30, check=False)
    assert healthy.returncode == 0, healthy.stderr
    live_server.stop()
    stopped = subprocess.run(command, env=env, capture_output=True, timeout=30, check=False)
    assert stopped.returncode != 0
