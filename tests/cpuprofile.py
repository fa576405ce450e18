"""CPU seconds per test, the test process's own and those of every process it started.

A measuring aid, not part of the suite: load it with ``-p tests.cpuprofile`` and name an output
file prefix in ``REISGENOOT_CPU_PROFILE`` (each xdist worker writes ``PREFIX-WORKER.jsonl``).
``python -m tests.cpuprofile PREFIX`` then lists the costliest tests and files.

On a shared machine the wall clock says little; the CPU a test causes is what a 2-core runner
pays. The difference of :meth:`Tree.total` around a test's setup, call and teardown is its
cost, including what it makes a shared browser do; each worker also records its whole session.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

_TICK = os.sysconf("SC_CLK_TCK")


def _own_ticks(pid: int) -> int | None:
    """User + system CPU ticks of ``pid`` itself, or None once it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listing:
                found.extend(int(child) for child in listing.read().split())
    except OSError:
        pass
    return found


class Tree:
    """The CPU of this process and of every process it started, sampled a few times a second.

    ``getrusage(RUSAGE_CHILDREN)`` sees only children that ended and were waited for, not a
    session-long Chromium (a grandchild, under Playwright's driver) nor a model server. Here
    every descendant's own user + system time is read from ``/proc`` and the highest value seen
    is kept per process, so an ended process keeps what it had used when last seen; a process
    that lives less than one sampling interval is missed.
    """

    def __init__(self, interval: float = 0.5) -> None:
        self.seen: dict[int, int] = {}
        self.lock = threading.Lock()
        self.interval = interval
        threading.Thread(target=self._run, daemon=True, name="cpuprofile").start()

    def _run(self) -> None:
        while True:
            self.total()
            time.sleep(self.interval)

    def total(self) -> float:
        """CPU seconds used so far by this process and all its descendants."""
        with self.lock:
            todo = [os.getpid()]
            while todo:
                pid = todo.pop()
                ticks = _own_ticks(pid)
                if ticks is not None:
                    self.seen[pid] = max(ticks, self.seen.get(pid, 0))
                    todo.extend(_children(pid))
            return sum(self.seen.values()) / _TICK


SESSION = "(the whole session of one worker)"
_ROWS: list[dict[str, Any]] = []
_TREE: Tree | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _TREE
    _TREE = Tree()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    assert _TREE is not None
    start, own, wall = _TREE.total(), time.process_time(), time.monotonic()
    yield
    _ROWS.append(
        {
            "id": item.nodeid,
            "cpu": round(_TREE.total() - start, 3),
            "own": round(time.process_time() - own, 3),
            "wall": round(time.monotonic() - wall, 3),
        }
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    prefix = os.environ.get("REISGENOOT_CPU_PROFILE")
    if not prefix or not _ROWS:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    assert _TREE is not None
    _ROWS.append({"id": SESSION, "cpu": round(_TREE.total(), 3), "own": time.process_time()})
    with open(f"{prefix}-{worker}.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps(row) + "\n" for row in _ROWS)


def report(prefix: str, top: int = 40) -> str:
    """The costliest tests and test files of the profile files written under ``prefix``."""
    rows: list[dict[str, Any]] = []
    worker_file = re.compile(re.escape(Path(prefix).name) + r"-(main|gw\d+)\.jsonl")
    for path in sorted(Path(prefix).parent.iterdir()):
        if not worker_file.fullmatch(path.name):
            continue
        rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    sessions = [row for row in rows if row["id"] == SESSION]
    rows = [row for row in rows if row["id"] != SESSION]
    per_file: defaultdict[str, float] = defaultdict(float)
    for row in rows:
        per_file[str(row["id"]).split("::")[0]] += float(row["cpu"])
    lines = [
        f"{len(rows)} tests, {sum(float(row['cpu']) for row in rows):.1f} CPU-s; "
        f"{len(sessions)} sessions {sum(float(row['cpu']) for row in sessions):.1f} CPU-s "
        f"(own {sum(float(row['own']) for row in sessions):.1f})",
        "-- files",
    ]
    lines += [
        f"{cpu:8.1f}  {name}" for name, cpu in sorted(per_file.items(), key=lambda x: -x[1])[:top]
    ]
    lines.append("-- tests: CPU-s (tree), of which the test process itself, wall s")
    lines += [
        f"{float(row['cpu']):8.2f} {float(row['own']):7.2f} {float(row['wall']):7.1f}  {row['id']}"
        for row in sorted(rows, key=lambda row: -float(row["cpu"]))[:top]
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40))
