"""PostgreSQL dump and restore with the server's own tools (``pg_dump``, ``pg_restore``, ``psql``).

The tools are looked up on ``PATH`` first, then in the newest ``/usr/lib/postgresql/*/bin`` (as
``scripts/test`` does). The password goes through ``PGPASSWORD``, never on the command line.

Restore is one transaction: ``pg_restore`` turns the archive into SQL, and ``psql`` runs that
after dropping what the database holds now, all under ``--single-transaction`` with
``ON_ERROR_STOP``; any error rolls everything back and leaves the old database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from reisgenoot.errors import InputError, StoreError

TOOLS_GLOB = "/usr/lib/postgresql/*/bin"

# Drop every table, sequence, view, enum and composite type and function in the public schema
# (what migrations create; the job queue of migration 0017 brings types and functions).
CLEAR = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') LOOP
    IF r.relkind IN ('v') THEN
      EXECUTE format('DROP VIEW IF EXISTS public.%I CASCADE', r.relname);
    ELSIF r.relkind = 'm' THEN
      EXECUTE format('DROP MATERIALIZED VIEW IF EXISTS public.%I CASCADE', r.relname);
    ELSE
      EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', r.relname);
    END IF;
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'S' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', r.relname);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype IN ('e', 'c')
             AND (t.typtype = 'e' OR EXISTS (SELECT 1 FROM pg_class c
                                             WHERE c.oid = t.typrelid AND c.relkind = 'c')) LOOP
    EXECUTE format('DROP TYPE IF EXISTS public.%I CASCADE', r.typname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure::text AS signature FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND NOT EXISTS (
             SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.signature);
  END LOOP;
END $$;
"""


def tool(name: str) -> Path | None:
    """The PostgreSQL client tool ``name``, or None when it is not installed."""
    found = shutil.which(name)
    if found:
        return Path(found)
    folders = sorted(Path("/").glob(TOOLS_GLOB.lstrip("/")), key=_version_key)
    for folder in reversed(folders):
        if (folder / name).is_file():
            return folder / name
    return None


def _version_key(folder: Path) -> tuple[int, ...]:
    digits = folder.parent.name.split(".")
    return tuple(int(d) for d in digits if d.isdigit())


def _require(name: str) -> Path:
    found = tool(name)
    if found is None:
        raise StoreError(
            f"{name} missing",
            code="backup_fout",
            detail=f"het programma {name} van PostgreSQL is niet gevonden. Installeer de "
            "PostgreSQL-clientprogramma's (Debian: postgresql-client)",
        )
    return found


def _connection(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for the tools and an environment carrying the password."""
    parsed = make_url(url)
    options = []
    if parsed.host:
        options += ["-h", parsed.host]
    if parsed.port:
        options += ["-p", str(parsed.port)]
    if parsed.username:
        options += ["-U", parsed.username]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    env["PGDATABASE"] = parsed.database or ""
    env.pop("PGOPTIONS", None)
    return options, env


def _run(command: list[str], env: dict[str, str], what: str, stdin: bytes | None = None) -> bytes:
    try:
        # the tools are PostgreSQL's own, found by path; arguments are ours, not user text
        done = subprocess.run(command, env=env, input=stdin, capture_output=True, check=False)  # noqa: S603
    except OSError as exc:
        raise StoreError(str(exc), code="backup_fout", detail=f"{what} kon niet starten") from exc
    if done.returncode != 0:
        last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise StoreError(
            f"{what} failed", code="backup_fout", detail=f"{what} mislukte: {last[0][:300]}"
        )
    return done.stdout


def dump(url: str, target: Path) -> None:
    """Write the database at ``url`` to ``target`` in pg_dump's custom format."""
    options, env = _connection(url)
    command = [str(_require("pg_dump")), *options, "--format=custom", "--no-owner"]
    _run([*command, "--no-privileges", "--file", str(target)], env, "pg_dump")


def restore(url: str, archive: Path) -> None:
    """Replace the contents of the database at ``url`` by ``archive``, in one transaction."""
    options, env = _connection(url)
    listing = [str(_require("pg_restore")), "--list", str(archive)]
    try:
        _run(listing, env, "pg_restore")
    except StoreError as exc:
        raise InputError(
            "not a dump",
            code="backup_onbruikbaar",
            detail="de database in de back-up is geen PostgreSQL-archief of is beschadigd",
        ) from exc
    script = _run(
        [str(_require("pg_restore")), "--no-owner", "--no-privileges", "-f", "-", str(archive)],
        env,
        "pg_restore",
    )
    psql = [str(_require("psql")), *options, "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    body = CLEAR.encode() + b"\n" + script
    _run([*psql, "--single-transaction", "-f", "-"], env, "psql", stdin=body)
