"""Helpers of the scale bench: a throwaway PostgreSQL cluster and CPU time of process trees.

:func:`throwaway_postgres` starts a cluster of its own in a temporary folder on a free loopback
port, the way ``scripts/test`` does (``initdb`` and ``pg_ctl`` from Debian's
``/usr/lib/postgresql/*/bin``; as root they run as the ``postgres`` user, which refuses
root), and removes it afterwards. :func:`tree_cpu_seconds` adds up user and system CPU of a
process and all its descendants from ``/proc`` (Linux), so the bench can say how much CPU
the app processes and the database spent per turn, whatever else the machine is doing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _pg_bin() -> Path:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    if not found:
        raise RuntimeError("PostgreSQL not found (apt-get install postgresql)")
    return found[-1].parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(command: list[str], *, check: bool = True) -> None:
    subprocess.run(command, check=check, capture_output=True)  # noqa: S603 - fixed programs


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} not found")
    return found


def _as_postgres(command: list[str]) -> list[str]:
    """As root, run as the ``postgres`` user (made when missing): initdb refuses root."""
    if os.geteuid() != 0:
        return command
    if subprocess.run([_tool("id"), "postgres"], capture_output=True, check=False).returncode:  # noqa: S603
        _run([_tool("useradd"), "--system", "--no-create-home", "postgres"])
    return [_tool("runuser"), "-u", "postgres", "--", *command]


@contextmanager
def throwaway_postgres(max_connections: int = 300) -> Iterator[tuple[str, int]]:
    """A fresh PostgreSQL cluster: yields (SQLAlchemy URL of database ``postgres``, server pid)."""
    binaries = _pg_bin()
    folder = Path(tempfile.mkdtemp(prefix="reisgenoot-bench-pg-"))
    if os.geteuid() == 0:
        _as_postgres(["true"])  # creates the postgres user when missing
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    try:
        _run(_as_postgres([str(binaries / "initdb"), "-D", str(data), "-A", "trust",
                           "-U", "reisgenoot", "-E", "UTF8"]))  # fmt: skip
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off -c max_connections={max_connections}"
        )
        _run(_as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-l",
                           str(folder / "server.log"), "-w", "-o", options, "start"]))  # fmt: skip
        pid = int((data / "postmaster.pid").read_text().split()[0])
        yield f"postgresql+psycopg://reisgenoot@127.0.0.1:{port}/postgres", pid
    finally:
        stop = [str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
        _run(_as_postgres(stop), check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime, stime (own) + cutime, cstime (waited-for children that ended)
    return sum(int(v) for v in fields[11:15]) / TICKS


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU seconds of ``root`` and every living descendant (Linux /proc)."""
    tree, total, todo = _children(), 0.0, [root]
    while todo:
        pid = todo.pop()
        total += _cpu_of(pid)
        todo.extend(tree.get(pid, ()))
    return total


def load_average() -> tuple[float, float, float]:
    return os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)


def postmaster_for(url: str) -> int | None:
    """The pid of a PostgreSQL server on this machine listening on the URL's port (its CPU is
    then measured too), or None (another machine, or not found)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.host not in (None, "", "127.0.0.1", "localhost"):
        return None
    wanted = str(parsed.port or 5432)
    tree = _children()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        names = [w.decode("utf-8", "replace") for w in words]
        if names and names[0].endswith("postgres") and wanted in " ".join(names).split():
            return int(entry.name) if tree.get(int(entry.name)) else None
    return None
