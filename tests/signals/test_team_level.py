"""Team level only, across the whole product (issue 7, part 3; CONTRACTS §10).

1. No route of the app takes an employee as path or query parameter, except the allowlist
   below (documented in docs/signals.md, "Team level only").
2. No page that a teamleider or beheerder can open shows the name of an employee who handled
   contacts, while every contact is linked to one of six named employees.
3. ``reisgenoot signals --json`` has no per-employee key anywhere in its output.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reisgenoot.cli import app as cli_app
from reisgenoot.settings import Settings
from tests.signals.conftest import TeamHistory
from tests.web.fixtures import Account, login

PERSON = re.compile(
    r"(user|gebruiker|medewerker|employee|actor|persoon|person|username|trainee|member|lid$)",
    re.I,
)
# Routes that legitimately name one person, and why none of them returns employee figures:
ALLOWED_PERSON_ROUTES = {
    # An opleider follows the practice progress of a trainee they coach (VISION: learning
    # support, never used to judge people). It is the trainee's own learning path, not figures
    # about contacts or work.
    ("GET", "/training/trainees/{trainee_id}"),
    # The beheerder manages accounts: name, roles, team, password, on/off. These pages show no
    # figure about anyone's work.
    ("GET", "/beheer/gebruikers/{user_id}"),
    ("POST", "/beheer/gebruikers/{user_id}"),
    ("POST", "/beheer/gebruikers/{user_id}/wachtwoord"),
    ("POST", "/beheer/gebruikers/{user_id}/uitzetten"),
    ("POST", "/beheer/gebruikers/{user_id}/aanzetten"),
}


def _routes(app: FastAPI) -> list[tuple[str, str, list[str]]]:
    found = []
    for route in iter_route_contexts(app.routes):
        dependant = getattr(route, "dependant", None)
        names = [p.name for p in dependant.path_params] if dependant else []
        names += [p.name for p in dependant.query_params] if dependant else []
        names += [p.alias for p in dependant.query_params if p.alias] if dependant else []
        for method in sorted(route.methods or ()):
            found.append((method, str(route.path), names))
    return found


def test_no_route_takes_an_employee_parameter(app: FastAPI) -> None:
    routes = _routes(app)
    assert any(path == "/signalen" for _m, path, _n in routes)
    offending = {
        (method, path)
        for method, path, names in routes
        if any(PERSON.search(name) for name in names)
    }
    assert offending <= ALLOWED_PERSON_ROUTES, offending - ALLOWED_PERSON_ROUTES


def test_no_signals_route_is_per_person(app: FastAPI) -> None:
    for _method, path, names in _routes(app):
        if path.startswith("/signalen"):
            assert "{" not in path
            assert set(names) <= {"van", "tot", "team", "onderwerp", "opgeslagen", "week"}


def _get_routes(app: FastAPI) -> list[str]:
    return sorted(
        {
            path
            for method, path, _names in _routes(app)
            if method == "GET" and "{" not in path and path not in ("/", "/login")
        }
    )


def test_no_page_shows_an_employee(
    app: FastAPI, client: TestClient, users: dict[str, Account], team_history: TeamHistory
) -> None:
    checked = 0
    for role in ("teamleider", "beheerder"):
        login(client, role)
        for path in _get_routes(app):
            response = client.get(path)
            if response.status_code != 200:
                continue
            checked += 1
            body = response.content.decode("utf-8", "replace")
            for name in team_history.employees:
                assert name not in body, (role, path)
            # the employees are "Medewerker Geheim0..5" (see conftest)
            assert not re.search(r"geheim\d", body.lower()), (role, path)
        client.post("/logout", data={"csrf_token": _csrf(client)})
        client.cookies.clear()
    assert checked >= 6


def _csrf(client: TestClient) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signalen").text)
    return match.group(1) if match else ""


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_cli_json_has_no_employee_keys(cli_env: Settings, team_history: TeamHistory) -> None:
    runner = CliRunner()
    for args in (["signals", "--json"], ["signals", "--json", "--team", "KCC Noord"]):
        result = runner.invoke(cli_app, args)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["signals"]
        keys = _keys(data)
        assert not {k for k in keys if PERSON.search(k)}, keys
        for name in team_history.employees:
            assert name not in result.stdout
