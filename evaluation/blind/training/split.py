"""Split the blind practice transcripts 50/50 into ``dev`` and ``test`` and freeze ``test``.

Run once, from the project root, by someone who does not tune on the result:

    python evaluation/blind/training/split.py --staging DIR

``DIR`` is what the independent writer delivered: ``items/*.json`` (one practice transcript
with the opleider's judgement per criterion), ``RUBRIC.md`` and ``README.md``. The script

- validates every item (JSON, a known scenario name, turns of ``medewerker``/``inwoner``,
  the five criteria with their allowed values) and stops on the first error, naming the file;
- splits 50/50 within strata (scenario × the ``feiten`` judgement) by a keyed SHA-256 of the
  file name: the same delivery always gives the same split;
- copies the items to ``evaluation/blind/training/{dev,test}/`` and the rubric and README
  beside them;
- replaces the ``training/test/`` lines of ``evaluation/blind/SHA256SUMS``.

It prints only counts, never items.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BLIND = HERE.parent
ROOT = BLIND.parents[1]
SALT = "reisgenoot-blind-training-2026-12"
SCENARIOS = ROOT / "src" / "reisgenoot" / "training" / "scenarios"
ALLOWED: dict[str, set[Any]] = {
    "feiten": {"goed", "deels", "fout"},
    "empathie": {0, 1, 2},
    "vragen": {0, 1, 2},
    "samenvatten": {0, 1},
    "afsluiten": {0, 1, 2},
}
SPEAKERS = {"medewerker", "inwoner"}


def _validate(path: Path, names: set[str]) -> dict[str, Any]:
    try:
        item = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SystemExit(f"{path.name}: not valid JSON ({exc})") from exc
    if not isinstance(item, dict):
        raise SystemExit(f"{path.name}: not an object")
    if item.get("scenario") not in names:
        raise SystemExit(f"{path.name}: unknown scenario")
    turns = item.get("turns")
    if not isinstance(turns, list) or not turns:
        raise SystemExit(f"{path.name}: no turns")
    for number, turn in enumerate(turns, 1):
        if not isinstance(turn, dict) or turn.get("spreker") not in SPEAKERS:
            raise SystemExit(f"{path.name}: turn {number} has no known speaker")
        if not str(turn.get("tekst", "")).strip():
            raise SystemExit(f"{path.name}: turn {number} is empty")
    judgement = item.get("oordeel")
    if not isinstance(judgement, dict):
        raise SystemExit(f"{path.name}: no oordeel")
    for criterion, allowed in ALLOWED.items():
        if judgement.get(criterion) not in allowed:
            raise SystemExit(
                f"{path.name}: oordeel.{criterion} is not one of {sorted(allowed, key=str)}"
            )
    return item


def _key(name: str) -> str:
    return hashlib.sha256(f"{SALT}:{name}".encode()).hexdigest()


def split(staging: Path) -> dict[str, list[Path]]:
    names = {path.stem for path in SCENARIOS.glob("*.yaml") if not path.stem.startswith("_")}
    strata: dict[tuple[str, str], list[Path]] = defaultdict(list)
    for path in sorted((staging / "items").glob("*.json")):
        item = _validate(path, names)
        strata[(item["scenario"], item["oordeel"]["feiten"])].append(path)
    parts: dict[str, list[Path]] = {"dev": [], "test": []}
    carry = 0
    for stratum in sorted(strata):
        ordered = sorted(strata[stratum], key=lambda p: _key(p.name))
        for index, path in enumerate(ordered):
            # alternate within a stratum; odd strata alternate which part gets the extra item
            parts["dev" if (index + carry) % 2 == 0 else "test"].append(path)
        carry += len(ordered) % 2
    return parts


def write(staging: Path, parts: dict[str, list[Path]]) -> None:
    for part, paths in parts.items():
        target = HERE / part
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for path in paths:
            shutil.copyfile(path, target / path.name)
    for name in ("RUBRIC.md", "README.md"):
        if (staging / name).is_file():
            shutil.copyfile(staging / name, HERE / name)
    sums = BLIND / "SHA256SUMS"
    kept = [
        line
        for line in sums.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.split(maxsplit=1)[1].startswith("training/test/")
    ]
    for path in sorted((HERE / "test").glob("*.json")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        kept.append(f"{digest}  training/test/{path.name}")
    sums.write_text("\n".join(kept) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staging", type=Path, required=True)
    args = parser.parse_args()
    parts = split(args.staging)
    write(args.staging, parts)
    for part, paths in parts.items():
        counts = Counter(
            json.loads(p.read_text(encoding="utf-8"))["oordeel"]["feiten"] for p in paths
        )
        print(f"{part}: {len(paths)} items, feiten {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
