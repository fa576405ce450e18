"""Composition for commands: settings and the (lazily created and migrated) database.

With a municipalities file (ADR 29) a command acts on one municipality: the one of
``--gemeente KEY`` (kept in :data:`reisgenoot.cli.CHOSEN` by the root) or
``REISGENOOT_GEMEENTE``; :func:`settings` are then that municipality's settings and
:func:`database` its database.
"""

from __future__ import annotations

from functools import lru_cache

from reisgenoot import municipalities
from reisgenoot.cli import CHOSEN
from reisgenoot.learning import registry
from reisgenoot.llm.generate import GuardedModel
from reisgenoot.log import configure
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database, open_database


@lru_cache(maxsize=1)
def base_settings() -> Settings:
    """The installation's settings: the environment (with one municipality, its settings)."""
    loaded = Settings()
    configure(loaded.log_level, loaded.log_format)
    return loaded


def chosen_key() -> str | None:
    """The municipality ``--gemeente`` or ``REISGENOOT_GEMEENTE`` named (None: not named)."""
    return CHOSEN["gemeente"] or base_settings().gemeente


@lru_cache(maxsize=8)
def _settings_for(key: str | None) -> Settings:
    return municipalities.chosen(base_settings(), key)


def settings() -> Settings:
    """The settings of the municipality this command acts on."""
    return _settings_for(CHOSEN["gemeente"])


_OPENED: dict[str | None, Database] = {}


def _database_for(key: str | None) -> Database:
    found = _OPENED.get(key)
    if found is None:
        config = _settings_for(key)
        found = open_database(config)
        with found.session() as session:
            registry.refresh(session, config.home)
        _OPENED[key] = found
    return found


def database() -> Database:
    """Open the database of ``settings()``, creating and migrating a fresh home first; the
    learned models' active versions are looked up once (model registry)."""
    return _database_for(CHOSEN["gemeente"])


@lru_cache(maxsize=8)
def _model_for(key: str | None) -> GuardedModel | None:
    from reisgenoot.app import language_model

    return language_model(_settings_for(key), lambda: _database_for(key))


def model() -> GuardedModel | None:
    """The configured language model, audited like in the app; None when not configured."""
    return _model_for(CHOSEN["gemeente"])


def learned_models() -> None:
    """Use the installation's active learned model versions (``reisgenoot learn``) in a command
    that needs no database otherwise; without a database yet, the packaged models are used and
    nothing is created."""
    config = settings()
    if config.database_url or (config.home / "reisgenoot.db").is_file():
        database()


def reset() -> None:
    """Forget cached settings and databases (tests run commands in one process)."""
    for key in list(_OPENED):
        _OPENED.pop(key).dispose()
    _settings_for.cache_clear()
    base_settings.cache_clear()
    _model_for.cache_clear()
    CHOSEN["gemeente"] = None
