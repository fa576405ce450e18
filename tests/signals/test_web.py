"""The signals dashboard and weekly report in the browser's HTTP: roles, scope, explanation,
crisis link, k-anonymity of every figure, HTML and PDF."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from reisgenoot.web import pdf as web_pdf
from tests.pdftext import pdf_text
from tests.signals.conftest import SMALL_TOPIC, SURGE_TOPIC, WEEK, TeamHistory
from tests.web.fixtures import Account, login

CRISIS_HREF = re.compile(r'href="(/redactie/crisis/nieuw\?[^"]+)"')
COUNT_CELL = re.compile(r'<td class="num sg-count">(\d+)</td>')


def _unescape(href: str) -> str:
    return href.replace("&amp;", "&")


def test_anonymous_goes_to_login(client: TestClient) -> None:
    for path in ("/signalen", f"/signalen/week?week={WEEK}", f"/signalen/week.pdf?week={WEEK}"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("role", ["medewerker", "trainee", "opleider"])
def test_other_roles_are_refused(
    client: TestClient, users: dict[str, Account], team_history: TeamHistory, role: str
) -> None:
    login(client, role)
    for path in ("/signalen", f"/signalen/week?week={WEEK}", f"/signalen/week.pdf?week={WEEK}"):
        assert client.get(path).status_code == 403, path


def test_redacteur_sees_only_kennisbank_signals(
    client: TestClient, users: dict[str, Account], team_history: TeamHistory
) -> None:
    login(client, "redacteur")
    page = client.get("/signalen")
    assert page.status_code == 200
    assert "Meer vragen:" not in page.text and "Toon verandert:" not in page.text
    assert 'action="/signalen/markeringen"' not in page.text
    assert client.get(f"/signalen/week?week={WEEK}").status_code == 403


def test_teamleider_sees_the_surge_explained_with_a_crisis_link(
    client: TestClient, users: dict[str, Account], team_history: TeamHistory
) -> None:
    login(client, "teamleider")
    page = client.get("/signalen")
    assert page.status_code == 200
    text = page.text
    assert "Signalen: KCC Noord" in text
    assert f"Meer vragen:</span> {SURGE_TOPIC}" in text
    for part in ("Normaal", "Nu", "Waarom opvallend?", "Voorbeelden van contacten"):
        assert part in text
    # The chart of the surge topic: SVG with a text alternative, and the table.
    assert f"Contacten per week: {SURGE_TOPIC}" in text and 'role="img"' in text
    assert "ja, boven normaal" in text
    links = [_unescape(h) for h in CRISIS_HREF.findall(text)]
    assert links, "no crisis link"
    parts = urlsplit(links[0])
    assert parts.path == "/redactie/crisis/nieuw"
    query = parse_qs(parts.query, strict_parsing=True)
    assert query == {"onderwerp": [SURGE_TOPIC], "bron": ["signaal"]}
    assert " " not in links[0]


def test_no_employee_names_and_every_count_rests_on_five_contacts(
    client: TestClient, users: dict[str, Account], team_history: TeamHistory
) -> None:
    login(client, "teamleider")
    pages = [
        client.get("/signalen").text,
        client.get(f"/signalen?onderwerp={SMALL_TOPIC}").text,
        client.get(f"/signalen/week?week={WEEK}").text,
    ]
    counts = [int(n) for page in pages for n in COUNT_CELL.findall(page)]
    assert counts and min(counts) >= 5
    for page in pages:
        for name in team_history.employees:
            assert name not in page
        assert "geheim" not in page.lower()


def test_a_topic_with_four_contacts_in_a_week_is_suppressed(
    client: TestClient, users: dict[str, Account], team_history: TeamHistory
) -> None:
    login(client, "teamleider")
    page = client.get(f"/signalen?onderwerp={SMALL_TOPIC}").text
    table = page[page.index(f"Contacten per week: {SMALL_TOPIC}") :]
    table = table[: table.index("</table>")]
    week47 = re.search(r"week 47 .*?</tr>", table, re.S)
    week48 = re.search(r"week 48 .*?</tr>", table, re.S)
    assert week47 and '<td class="num sg-count">7</td>' in week47.group(0)
    assert week48 and "te weinig gegevens" in week48.group(0)
    assert 'sg-count">4<' not in page


def test_teamleider_without_team_gets_a_message(
    client: TestClient, users: dict[str, Account]
) -> None:
    login(client, "teamleider")
    page = client.get("/signalen")
    assert page.status_code == 200
    assert "hoort niet bij een team" in page.text


def test_beheerder_chooses_a_team(
    client: TestClient, users: dict[str, Account], team_history: TeamHistory
) -> None:
    login(client, "beheerder")
    whole = client.get("/signalen")
    assert whole.status_code == 200 and "Hele gemeente" in whole.text
    team = client.get(f"/signalen?team={team_history.team_id}")
    assert "Signalen: KCC Noord" in team.text
    wrong = client.get("/signalen?team=9999")
    assert wrong.status_code == 200 and "Dit team bestaat niet." in wrong.text


def test_bad_period_is_explained(
    client: TestClient, users: dict[str, Account], team_history: TeamHistory
) -> None:
    login(client, "teamleider")
    assert "Vul een geldige datum in" in client.get("/signalen?van=gisteren").text
    assert (
        "begindatum ligt na de einddatum"
        in client.get("/signalen?van=2026-11-20&tot=2026-11-01").text
    )
    long = client.get("/signalen?van=2026-06-01&tot=2026-11-27")
    assert "hoogstens 8 weken" in long.text
    assert client.get("/signalen/week?week=2026-W99").status_code == 400


def test_weekly_report_html_and_pdf(
    client: TestClient,
    users: dict[str, Account],
    team_history: TeamHistory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    login(client, "teamleider")
    html = client.get(f"/signalen/week?week={WEEK}")
    assert html.status_code == 200
    assert "Weekrapport signalen: KCC Noord" in html.text
    assert "Week 48 (23 november 2026 tot en met 27 november 2026)" in html.text
    assert SURGE_TOPIC in html.text
    monkeypatch.setattr(web_pdf, "REGULAR", web_pdf.FONT_DIR / "missing.ttf")
    body = client.get(f"/signalen/week.pdf?week={WEEK}")
    assert body.status_code == 200
    assert body.headers["content-type"] == "application/pdf"
    assert body.content.startswith(b"%PDF")
    text = pdf_text(body.content)
    assert SURGE_TOPIC in text and "KCC Noord" in text
    for name in team_history.employees:
        assert name not in text
