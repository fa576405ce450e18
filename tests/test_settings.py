"""The settings reference in the docs is generated from Settings and must be current."""

from __future__ import annotations

import stat
from pathlib import Path

from reisgenoot.settings import Settings
from reisgenoot.settings_doc import settings_markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_settings_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == settings_markdown(), (
        "docs/settings.md is stale: run `reisgenoot settings --markdown > docs/settings.md`"
    )


def test_every_setting_is_described() -> None:
    assert all(field.description for field in Settings.model_fields.values())


def test_generated_keys_are_private_and_stable(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    first = settings.audit_secret()
    assert settings.audit_secret() == first
    mode = (tmp_path / "home" / "audit.key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
    assert Settings(home=tmp_path / "home", audit_key="explicit").audit_secret() == b"explicit"


def test_database_url_defaults_to_sqlite_in_home(tmp_path: Path) -> None:
    assert Settings(home=tmp_path).resolved_database_url.endswith(f"{tmp_path}/reisgenoot.db")


def test_cookies_are_secure_except_on_loopback() -> None:
    assert Settings(host="0.0.0.0").secure_cookies
    assert not Settings(host="127.0.0.1").secure_cookies
    assert Settings(host="127.0.0.1", cookie_secure=True).secure_cookies
