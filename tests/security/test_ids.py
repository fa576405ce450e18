"""Ids in paths, query strings and forms: a Dutch 404/422 page, never a 500 or English JSON."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from reisgenoot.web.params import MAX_ID, parse_id
from tests.web.fixtures import csrf_from, login

BAD_IDS = ["99999999999999999999999", str(MAX_ID + 1), "²", "١٢", "abc", "+1", "1_0", "12.0", "-1"]

# (role, method, path template) for every route with an integer id in its path.
ID_ROUTES = [
    ("redacteur", "GET", "/redactie/artikel/{}"),
    ("redacteur", "POST", "/redactie/artikel/{}"),
    ("beheerder", "POST", "/redactie/crisis/{}/intrekken"),
    ("teamleider", "POST", "/teamdialoog/teams/{}/rondes"),
    ("teamleider", "POST", "/teamdialoog/rondes/{}/sluiten"),
    ("medewerker", "GET", "/teamdialoog/rondes/{}/invullen"),
    ("medewerker", "POST", "/teamdialoog/rondes/{}/invullen"),
    ("teamleider", "GET", "/teamdialoog/rondes/{}/rapport"),
    ("teamleider", "GET", "/teamdialoog/rondes/{}/rapport.pdf"),
    ("teamleider", "GET", "/teamdialoog/rondes/{}/leidraad"),
    ("teamleider", "GET", "/teamdialoog/rondes/{}/leidraad.pdf"),
    ("teamleider", "POST", "/teamdialoog/rondes/{}/acties"),
    ("teamleider", "POST", "/teamdialoog/acties/{}/status"),
    ("trainee", "GET", "/training/oefenen/{}"),
    ("trainee", "POST", "/training/oefenen/{}/beurt"),
    ("trainee", "POST", "/training/oefenen/{}/tips"),
    ("trainee", "POST", "/training/oefenen/{}/stoppen"),
    ("trainee", "GET", "/training/oefenen/{}/feedback"),
    ("opleider", "GET", "/training/trainees/{}"),
    (None, "POST", "/hulp/chat/beoordeling/{}"),
]


@pytest.mark.parametrize("text", ["0", "7", "0012", str(MAX_ID)])
def test_ascii_digits_within_range_are_ids(text: str) -> None:
    assert parse_id(text) == int(text)


@pytest.mark.parametrize("text", [*BAD_IDS, "", " 1", "1 ", "１２"])
def test_everything_else_is_no_id(text: str) -> None:
    assert parse_id(text) is None


def _request(client: TestClient, method: str, path: str) -> Any:
    if method == "GET":
        return client.get(path, headers={"Accept": "text/html"})
    token = csrf_from(client.get("/hulp/chat" if path.startswith("/hulp") else "/").text)
    return client.post(path, data={"csrf_token": token})


@pytest.mark.parametrize(("role", "method", "template"), ID_ROUTES)
def test_bad_path_ids_give_a_dutch_404_page(
    client: TestClient, users: dict[str, Any], role: str | None, method: str, template: str
) -> None:
    if role is not None:
        login(client, role)
        client.follow_redirects = True
    for bad in BAD_IDS if template == "/redactie/artikel/{}" else BAD_IDS[:3]:
        response = _request(client, method, template.format(bad))
        assert response.status_code == 404, (template, bad, response.status_code)
        assert "Pagina niet gevonden" in response.text, (template, bad)
        assert "detail" not in response.text


def test_a_bad_query_id_gives_a_dutch_422_page(client: TestClient, users: dict[str, Any]) -> None:
    login(client, "trainee")
    response = client.get("/training/controleren?seed=²&artikel=x")
    assert response.status_code == 422
    assert "Dit klopt niet helemaal" in response.text
    huge = client.get("/training/controleren?seed=99999999999999999999999")
    assert huge.status_code == 422


def test_json_clients_get_dutch_json(client: TestClient, users: dict[str, Any]) -> None:
    login(client, "redacteur")
    response = client.get("/redactie/artikel/abc", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Deze pagina bestaat niet (meer).")


def test_unicode_digits_in_forms_are_refused(client: TestClient, users: dict[str, Any]) -> None:
    login(client, "trainee")
    page = client.get("/training/controleren", follow_redirects=True)
    token = csrf_from(page.text)
    response = client.post("/training/controleren", data={"seed": "²", "csrf_token": token})
    assert response.status_code == 400
    assert "De vraag kan niet worden verwerkt" in response.text


def test_user_admin_ids_give_a_dutch_404(client: TestClient, users: dict[str, Any]) -> None:
    """The user pages check their ids themselves ("Deze gebruiker bestaat niet.")."""
    login(client, "beheerder")
    for bad in BAD_IDS:
        response = client.get(f"/beheer/gebruikers/{bad}")
        assert response.status_code == 404, bad
        assert '<html lang="nl">' in response.text and "detail" not in response.text


def test_an_audit_export_to_the_last_day_is_a_dutch_error(
    client: TestClient, users: dict[str, Any]
) -> None:
    login(client, "beheerder")
    response = client.get("/beheer/audit/export.jsonl?tot=9999-12-31")
    assert response.status_code == 400
