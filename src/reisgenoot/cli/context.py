"""Composition for commands: settings and the (lazily created and migrated) database."""

from __future__ import annotations

from functools import lru_cache

from reisgenoot.learning import registry
from reisgenoot.llm.generate import GuardedModel
from reisgenoot.log import configure
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database, open_database


@lru_cache(maxsize=1)
def settings() -> Settings:
    loaded = Settings()
    configure(loaded.log_level, loaded.log_format)
    return loaded


@lru_cache(maxsize=1)
def database() -> Database:
    """Open the database of ``settings()``, creating and migrating a fresh home first; the
    learned models' active versions are looked up once (model registry)."""
    opened = open_database(settings())
    with opened.session() as session:
        registry.refresh(session, settings().home)
    return opened


@lru_cache(maxsize=1)
def model() -> GuardedModel | None:
    """The configured language model, audited like in the app; None when not configured."""
    from reisgenoot.app import language_model

    return language_model(settings(), database)


def learned_models() -> None:
    """Use the installation's active learned model versions (``reisgenoot learn``) in a command
    that needs no database otherwise; without a database yet, the packaged models are used and
    nothing is created."""
    config = settings()
    if config.database_url or (config.home / "reisgenoot.db").is_file():
        database()


def reset() -> None:
    """Forget cached settings and database (tests run commands in one process)."""
    if database.cache_info().currsize:
        database().dispose()
    database.cache_clear()
    settings.cache_clear()
    model.cache_clear()
