"""Several municipalities on one installation: the file that lists them (ADR 29).

``REISGENOOT_MUNICIPALITIES_FILE`` names a TOML file with one table per municipality::

    [gemeenten.aadorp]
    naam = "Gemeente Aadorp"
    hosts = ["kcc.aadorp.nl"]
    database_url = "postgresql+psycopg://reisgenoot@db/aadorp"   # optional
    contact_email = "privacy@aadorp.nl"                           # any other setting

Each municipality gets a :class:`~reisgenoot.settings.Settings` of its own: its own database,
its own home folder (keys, learned models, audio, scenarios; default
``<home>/gemeenten/<key>``) and its own values for any setting named in its table; every other
setting comes from the environment, as for a single municipality. The database, the home
folder, the session and audit keys and the audit anchor are never taken from the environment:
two municipalities must not share them. Without the file there is one municipality, exactly as
before.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reisgenoot.errors import MunicipalityError
from reisgenoot.settings import Settings

KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
HOST = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)
MAX_FILE_BYTES = 1_000_000
# Settings of the installation as a whole (one server process, one log), not of a municipality.
INSTALLATION_ONLY = frozenset(
    {"host", "port", "municipalities_file", "gemeente", "log_level", "log_format", "municipality"}
)
# Settings a municipality never takes from the environment: sharing them would join two
# municipalities' data, sessions or audit trails.
OWN = ("home", "database_url", "secret_key", "audit_key", "audit_anchor")
OWN_KEYS = ("naam", "hosts")


@dataclass(frozen=True, slots=True)
class Municipality:
    """One municipality of the installation: its key, host names and settings."""

    key: str
    name: str
    hosts: tuple[str, ...]
    settings: Settings


@dataclass(frozen=True, slots=True)
class Municipalities:
    """Every municipality of the file, in the file's order."""

    file: Path
    items: tuple[Municipality, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(m.key for m in self.items)

    def get(self, key: str) -> Municipality:
        """The municipality ``key``; :class:`MunicipalityError` names the ones there are."""
        for municipality in self.items:
            if municipality.key == key:
                return municipality
        raise MunicipalityError(
            "unknown municipality",
            code="gemeente_onbekend",
            key=key,
            file=self.file,
            keys=", ".join(self.keys),
        )

    def by_host(self) -> dict[str, Municipality]:
        return {host: m for m in self.items for host in m.hosts}


def _problem(file: Path, detail: str) -> MunicipalityError:
    return MunicipalityError("bad municipalities file", file=file, detail=detail)


def _read(file: Path) -> dict[str, Any]:
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise _problem(file, f"het bestand kan niet worden gelezen ({exc.strerror})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise _problem(file, "het bestand is groter dan 1 MB")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _problem(file, f"het is geen UTF-8-tekst (fout bij byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise _problem(file, f"het is geen geldige TOML ({exc})") from exc


def normal_host(value: str) -> str:
    """A host name as requests are matched: lower case, no port, no trailing dot."""
    host = value.strip().lower()
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else ""
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def _hosts(file: Path, key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(h, str) for h in value):
        raise _problem(file, f"gemeente '{key}': 'hosts' moet een lijst met hostnamen zijn")
    hosts = tuple(normal_host(h) for h in value)
    for raw, host in zip(value, hosts, strict=True):
        if not HOST.match(host):
            raise _problem(file, f"gemeente '{key}': '{raw}' is geen geldige hostnaam")
    return hosts


def _overrides(file: Path, key: str, table: dict[str, Any]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for name, value in table.items():
        if name in OWN_KEYS:
            continue
        if name in INSTALLATION_ONLY or name not in Settings.model_fields:
            why = "geldt voor de hele installatie" if name in INSTALLATION_ONLY else "bestaat niet"
            raise _problem(file, f"gemeente '{key}': de instelling '{name}' {why}")
        overrides[name] = value
    return overrides


def _settings(file: Path, key: str, table: dict[str, Any], base: Settings) -> Settings:
    name = table.get("naam")
    if not isinstance(name, str) or not name.strip():
        raise _problem(file, f"gemeente '{key}': vul 'naam' in, bijvoorbeeld \"Gemeente {key}\"")
    values: dict[str, Any] = dict.fromkeys(OWN)
    values["home"] = base.home / "gemeenten" / key
    values.update(_overrides(file, key, table))
    values["municipality"] = name.strip()
    if isinstance(values["home"], str):
        values["home"] = (file.parent / values["home"]).resolve()
    try:
        return Settings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "?"
        raise _problem(file, f"gemeente '{key}': {where}: {first['msg']}") from exc


def _distinct(file: Path, items: list[Municipality]) -> None:
    seen: dict[str, str] = {}
    for m in items:
        s = m.settings
        facts = {
            "hostnaam": m.hosts,
            "database": (s.resolved_database_url,),
            "map (home)": (str(s.home.resolve()),),
            "auditanker": (str(s.audit_anchor_path),),
        }
        for what, values in facts.items():
            for value in values:
                other = seen.setdefault(f"{what}\0{value}", m.key)
                if other != m.key:
                    raise _problem(
                        file, f"de gemeenten '{other}' en '{m.key}' delen dezelfde {what}"
                    )


def load(file: Path, base: Settings | None = None) -> Municipalities:
    """Read and check ``file``; ``base`` holds the installation's settings (the environment)."""
    base = base or Settings()
    data = _read(file)
    tables = data.get("gemeenten")
    if not isinstance(tables, dict) or not tables:
        raise _problem(file, "er staat geen gemeente in (verwacht: [gemeenten.<sleutel>])")
    unknown = sorted(set(data) - {"gemeenten"})
    if unknown:
        raise _problem(file, f"onbekend onderdeel '{unknown[0]}' (alleen [gemeenten.…])")
    items: list[Municipality] = []
    for key, table in tables.items():
        if not KEY.match(key):
            raise _problem(
                file, f"'{key}' is geen geldige sleutel (kleine letters, cijfers en -, max. 40)"
            )
        if not isinstance(table, dict):
            raise _problem(file, f"gemeente '{key}' moet een tabel zijn: [gemeenten.{key}]")
        hosts = _hosts(file, key, table.get("hosts"))
        settings = _settings(file, key, table, base)
        items.append(Municipality(key, settings.municipality, hosts, settings))
    _distinct(file, items)
    return Municipalities(file, tuple(items))


def configured(base: Settings) -> Municipalities | None:
    """The municipalities of ``base.municipalities_file``; None without one (one municipality)."""
    if base.municipalities_file is None:
        return None
    return load(base.municipalities_file, base)


def chosen(base: Settings, key: str | None = None) -> Settings:
    """The settings of the municipality a command acts on.

    ``key`` (``--gemeente``) or ``REISGENOOT_GEMEENTE``; without a municipalities file that is
    ``base`` itself (a key is then refused), and a file with one municipality needs no key.
    """
    key = key or base.gemeente
    found = configured(base)
    if found is None:
        if key:
            raise MunicipalityError("no municipalities file", code="geen_gemeentenbestand", key=key)
        return base
    if key:
        return found.get(key).settings
    if len(found.items) == 1:
        return found.items[0].settings
    raise MunicipalityError(
        "choose a municipality", code="gemeente_nodig", keys=", ".join(found.keys)
    )
