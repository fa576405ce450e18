"""``reisgenoot sso check`` against the real test provider, and without a configuration."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from reisgenoot.cli import app as cli
from reisgenoot.cli import context
from tests.oidc.server import CLIENT_ID, Provider, start_provider


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    yield from start_provider(tmp_path_factory.mktemp("oidc-cli"), accounts={"anna": {}})


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> Iterator[CliRunner]:
    for name in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET", "ROLE_MAP"):
        monkeypatch.delenv(f"REISGENOOT_OIDC_{name}", raising=False)
    monkeypatch.setenv("REISGENOOT_HOME", str(tmp_path))
    context.reset()
    yield CliRunner()
    context.reset()


def test_check_reports_what_will_be_used(
    runner: CliRunner, provider: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REISGENOOT_OIDC_ISSUER", provider.issuer)
    monkeypatch.setenv("REISGENOOT_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("REISGENOOT_OIDC_CLIENT_SECRET", provider.client_secret)
    monkeypatch.setenv("REISGENOOT_OIDC_ROLE_MAP", '{"KCC": "medewerker"}')
    result = runner.invoke(cli, ["sso", "check", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["issuer"] == provider.issuer
    assert report["sleutels"] == 1 and report["uitloggen_bij_organisatie"] is True
    assert report["rollen"] == {"KCC": ["medewerker"]}
    assert provider.client_secret not in result.output  # never the secret


def test_check_without_configuration_says_so(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["sso", "check"])
    assert result.exit_code == 1
    assert "niet ingesteld" in result.stderr


def test_check_of_an_unreachable_provider_says_so(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REISGENOOT_OIDC_ISSUER", "http://127.0.0.1:9")
    monkeypatch.setenv("REISGENOOT_OIDC_CLIENT_ID", "x")
    result = runner.invoke(cli, ["sso", "check"])
    assert result.exit_code == 1
    assert "niet bereikbaar" in result.stderr
