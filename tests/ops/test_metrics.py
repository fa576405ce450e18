"""``/metrics``: Prometheus text by route template, guarded by address or beheerder session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.records import OpenKlantDelivery
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.openklant.conftest import make_contact
from tests.web.fixtures import Account, login

BSN = "111222333"
EMAIL = "j.jansen@example.nl"


@pytest.fixture
def local(app: FastAPI) -> Iterator[TestClient]:
    """A client that connects from the loopback address (a Prometheus on this machine)."""
    with TestClient(app, follow_redirects=False, client=("127.0.0.1", 50000)) as client:
        yield client


@pytest.fixture
def remote(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False, client=("192.0.2.7", 50000)) as client:
        yield client


def _samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    found: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found.setdefault(sample.name, []).append((sample.labels, sample.value))
    return found


def test_requests_are_counted_by_route_template_and_no_bsn_shows(
    local: TestClient, users: dict[str, Account]
) -> None:
    local.get(f"/kennisbank?q={BSN}+{EMAIL}")
    local.get(f"/kennisbank/bron/{BSN}")
    local.get(f"/nergens/{BSN}")
    page = local.get("/metrics")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/plain")
    text = page.text
    assert BSN not in text and EMAIL not in text and "example.nl" not in text
    samples = _samples(text)
    routes = {labels["route"] for labels, _ in samples["reisgenoot_requests_total"]}
    assert "/kennisbank" in routes
    assert "(geen route)" in routes
    assert all("{" in r or "?" not in r for r in routes)
    buckets = samples["reisgenoot_request_duration_seconds_bucket"]
    assert any(labels["route"] == "/kennisbank" and labels["le"] == "0.1" for labels, _ in buckets)
    info = samples["reisgenoot_info"][0][0]
    assert info["database"] in {"sqlite", "postgresql"} and info["version"]


def test_queue_and_model_versions_are_reported(local: TestClient, db: Database) -> None:
    text = local.get("/metrics").text
    samples = _samples(text)
    models = {labels["model"]: value for labels, value in samples["reisgenoot_model_version"]}
    assert models and set(models.values()) == {0.0}  # nothing learned yet: packaged models
    queue = {labels["status"]: value for labels, value in samples["reisgenoot_openklant_queue"]}
    assert queue == {"niet_verzonden": 0.0, "fout": 0.0}


def test_the_queue_counts_unsent_contacts(
    local: TestClient, db: Database, settings: Settings
) -> None:
    statuses = ("niet_verzonden", "niet_verzonden", "fout", "verzonden")
    for status in statuses:
        uuid = make_contact(db, settings)
        with db.session() as session:
            contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
            session.add(OpenKlantDelivery(klantcontact_id=contact.id, status=status))
    samples = _samples(local.get("/metrics").text)
    queue = {labels["status"]: value for labels, value in samples["reisgenoot_openklant_queue"]}
    assert queue == {"niet_verzonden": 2.0, "fout": 1.0}


def test_other_addresses_need_a_beheerder(remote: TestClient, users: dict[str, Account]) -> None:
    anonymous = remote.get("/metrics")
    assert anonymous.status_code in {302, 303, 401}
    assert "reisgenoot_requests" not in anonymous.text
    login(remote, "medewerker")
    assert remote.get("/metrics").status_code == 403
    remote.cookies.clear()
    login(remote, "beheerder")
    allowed = remote.get("/metrics")
    assert allowed.status_code == 200
    assert "reisgenoot_requests_total" in allowed.text


def test_the_allow_list_is_a_setting(settings: Settings, db: Database) -> None:
    from reisgenoot.app import create_app

    opened = create_app(settings.model_copy(update={"metrics_allow": ["192.0.2.0/24"]}), db)
    with TestClient(opened, follow_redirects=False, client=("192.0.2.7", 1)) as client:
        assert client.get("/metrics").status_code == 200
    with TestClient(opened, follow_redirects=False, client=("127.0.0.1", 1)) as client:
        assert client.get("/metrics").status_code != 200


def test_a_bad_network_in_the_setting_is_named() -> None:
    with pytest.raises(ValueError, match="REISGENOOT_METRICS_ALLOW"):
        Settings(metrics_allow=["geen-netwerk"])
