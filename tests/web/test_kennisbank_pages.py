"""Kennisbank pages: search, article view with deskMemo for staff, the public /hulp page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from reisgenoot.app import create_app
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.markup import clean_html, render_text
from tests.web.fixtures import login

DESK_MEMO = "Intern nummer 4411"


@pytest.fixture
def staff(client: TestClient, users: dict[str, object], articles: object) -> TestClient:
    login(client, "medewerker")
    return client


def test_search_finds_an_article(staff: TestClient) -> None:
    page = staff.get("/kennisbank", params={"q": "paspoort verlopen"})
    assert page.status_code == 200
    assert "Paspoort aanvragen" in page.text
    assert 'href="/kennisbank/vbs-paspoort?bron=voorbeeldstad"' in page.text
    assert "<html" in page.text  # the no-JS fallback gets the whole page


def test_htmx_search_returns_only_the_results(staff: TestClient) -> None:
    fragment = staff.get("/kennisbank", params={"q": "matras"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "Grofvuil laten ophalen" in fragment.text
    assert fragment.headers["vary"] == "HX-Request"
    restore = staff.get(
        "/kennisbank",
        params={"q": "matras"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.text


def test_search_without_results_says_so(staff: TestClient) -> None:
    page = staff.get("/kennisbank", params={"q": "ruimtevaart"})
    assert "Geen resultaten" in page.text


def test_desk_memo_is_shown_to_staff(staff: TestClient) -> None:
    page = staff.get("/kennisbank/vbs-paspoort")
    assert page.status_code == 200
    assert "Voor medewerkers" in page.text
    assert DESK_MEMO in page.text
    assert "<li>Maak een afspraak via 14 0999.</li>" in page.text


def test_every_staff_role_can_read_the_kennisbank(
    client: TestClient, users: dict[str, object], articles: object
) -> None:
    for username in ("teamleider", "opleider", "trainee", "redacteur", "beheerder"):
        client.cookies.clear()
        login(client, username)
        assert DESK_MEMO in client.get("/kennisbank/vbs-paspoort").text, username


def test_unknown_article_is_404(staff: TestClient) -> None:
    assert staff.get("/kennisbank/bestaat-niet").status_code == 404


def test_hulp_never_shows_the_desk_memo(client: TestClient, articles: object) -> None:
    page = client.get("/hulp", params={"q": "paspoort"})
    assert page.status_code == 200
    assert "Paspoort aanvragen" in page.text
    assert "Met een paspoort kunt u naar alle landen reizen." in page.text
    assert DESK_MEMO not in page.text
    assert "Voor medewerkers" not in page.text
    memos = ("Vraag altijd of de inwoner een spoedaanvraag", "melding maken in het zaaksysteem")
    for query in ("grofvuil", "spoedaanvraag", "zaaksysteem", "intern nummer"):
        text = client.get("/hulp", params={"q": query}).text
        assert not any(memo in text for memo in memos), query


def test_hulp_discloses_the_computer_and_offers_a_human(client: TestClient) -> None:
    page = client.get("/hulp")
    assert "U praat niet met een mens maar met een computerprogramma" in page.text
    assert "14 0999" in page.text
    assert 'href="tel:140999"' in page.text


def test_imported_html_is_sanitised(staff: TestClient) -> None:
    for page in (
        staff.get("/kennisbank/ro-vraag-1"),
        staff.get("/hulp", params={"q": "rijbewijs"}),
    ):
        assert page.status_code == 200
        assert "<strong>rijbewijs</strong>" in page.text
        assert "<script>" not in page.text
        assert "alert(" not in page.text
        assert "onerror" not in page.text
        assert "Bron: Rijksoverheid, CC0" in page.text


def test_article_text_is_escaped() -> None:
    html = str(render_text('Let op: <script>alert("x")</script>\n\n- één\n- <b>twee</b>\nSlot'))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<ul><li>één</li><li>&lt;b&gt;twee&lt;/b&gt;</li></ul>" in html
    assert html.endswith("<p>Slot</p>")
    assert "<script" not in str(clean_html('<p onclick="x()">a</p><script>b</script>'))


def test_hulp_is_rate_limited(settings: Settings, db: Database) -> None:
    app = create_app(settings.model_copy(update={"public_rate_limit_per_minute": 3}), db)
    with TestClient(app) as client:
        assert [client.get("/hulp").status_code for _ in range(3)] == [200, 200, 200]
        limited = client.get("/hulp", params={"q": "paspoort"})
    assert limited.status_code == 429
    assert "14 0999" in limited.text


def test_demo_banner_on_every_page(
    client: TestClient, users: dict[str, object], db: Database
) -> None:
    banner = "Gemeente Voorbeeldstad is een verzonnen gemeente. Alle gegevens zijn nep."
    assert banner not in client.get("/login").text
    with db.session() as session:
        db.set_meta(session, "demo", "1")
    assert banner in client.get("/login").text
    assert banner in client.get("/hulp").text
    assert banner in client.get("/bestaat-niet").text
    login(client, "medewerker")
    assert banner in client.get("/start/medewerker").text
    assert banner in client.get("/kennisbank").text
