"""Assemble the blind corpus from the writers' and labellers' files, split it and freeze the test part.

Run once, by someone who does not tune on the result, from the project root:

    python evaluation/blind/build.py --staging DIR

``DIR`` holds what the writers and labellers delivered (``kennisbank/``, ``transcripts/``,
``tone/``, ``pii/``; see README.md). The script

- turns the inline marks of the personal-data sentences into code-point spans and fills the
  BSN and IBAN placeholders (in sentences and transcripts) with valid numbers from a fixed seed;
- takes the labellers' decisions as gold for the kennisbank questions (the writers' guesses are
  kept as ``writer_kind`` / ``writer_target``) and the second labeller's tone labels beside the
  writers' as ``second``;
- validates everything (JSON, transcript formats, UPL names, outcomes, that every personal-data
  string occurs in its conversation) and stops on the first error;
- splits every part 50/50 into ``dev`` and ``test`` by a keyed hash of the item id, stratified,
  and writes ``SHA256SUMS`` over the test files.

It prints only counts, never items.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SALT = "reisgenoot-blind-2026-12"
OUTCOMES = {
    "Zelfstandig afgehandeld",
    "Afgehandeld na ruggespraak",
    "Afgehandeld, klant belt terug",
    "Doorverbonden naar afdeling",
    "Doorverbonden naar collega",
    "Klant neemt opnieuw contact op",
    "Verbinding verbroken",
    "Verwezen naar ander instantie",
    "Contactverzoek gemaakt",
}
PII_TYPES = {
    "bsn", "iban", "telefoon", "email", "postcode", "adres", "naam", "geboortedatum",
    "kenteken", "zaaknummer",
}  # fmt: skip
TONES = {"boos", "bezorgd", "neutraal", "positief"}
CATEGORIES = {
    "dreiging", "juridische_stap", "media", "klacht_medewerker", "discriminatie",
    "kwetsbaar_veiligheid", "herhaald_contact", "vraagt_mens", "sarcasme", "beleefd_woedend",
    "geen",
}  # fmt: skip
BANKS = ("INGB", "RABO", "ABNA", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ", "RBRB")


# --- numbers with a checksum --------------------------------------------------------------------


def _bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        rest = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if rest < 10:
            return "".join(map(str, digits)) + str(rest)


def _iban(rng: random.Random) -> str:
    bank = rng.choice(BANKS)
    account = "".join(str(rng.randint(0, 9)) for _ in range(10))
    numeric = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    check = 98 - int(numeric) % 97
    return f"NL{check:02d}{bank}{account}"


def _styled(kind: str, value: str) -> str:
    if kind.endswith("SPATIES"):
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    if kind.endswith("PUNTEN"):
        return f"{value[:4]}.{value[4:6]}.{value[6:]}"
    if kind == "IBAN":
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return value


class Numbers:
    """Valid BSNs and IBANs, the same number for the same placeholder key within one item."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: dict[tuple[str, str], str] = {}

    def value(self, kind: str, key: str) -> str:
        base = "BSN" if kind.startswith("BSN") else "IBAN"
        if (base, key) not in self.seen:
            self.seen[(base, key)] = _bsn(self.rng) if base == "BSN" else _iban(self.rng)
        return _styled(kind, self.seen[(base, key)])


_PLACEHOLDER = re.compile(r"\{\{(BSN_SPATIES|BSN_PUNTEN|BSN|IBAN_AANEEN|IBAN)(?::(\w+))?\}\}")


def fill_placeholders(text: str, numbers: Numbers) -> str:
    return _PLACEHOLDER.sub(lambda m: numbers.value(m.group(1), m.group(2) or "1"), text)


# --- splitting ----------------------------------------------------------------------------------


def _key(item_id: str) -> int:
    return int(hashlib.sha256(f"{SALT}:{item_id}".encode()).hexdigest(), 16)


def split(items: list[dict[str, Any]], stratum: Callable[[dict[str, Any]], str]) -> dict[str, list[dict[str, Any]]]:
    """Half of every stratum (in keyed-hash order) to dev, the rest to test; odd ones alternate."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        groups[stratum(item)].append(item)
    parts: dict[str, list[dict[str, Any]]] = {"dev": [], "test": []}
    odd = 0
    for name in sorted(groups):
        ordered = sorted(groups[name], key=lambda i: _key(str(i["id"])))
        half = len(ordered) // 2
        if len(ordered) % 2:
            half += odd
            odd ^= 1
        parts["dev"] += ordered[:half]
        parts["test"] += ordered[half:]
    for part in parts.values():
        part.sort(key=lambda i: str(i["id"]))
    return parts


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: {error}") from error
    return rows


# --- parts --------------------------------------------------------------------------------------


def _article_ids() -> set[str]:
    ids = {
        m.group(1)
        for p in (ROOT / "src/reisgenoot/demo/kennisbank").glob("*.md")
        for m in [re.search(r"^id:\s*(\S+)", p.read_text(encoding="utf-8"), re.M)]
        if m
    }
    for p in (ROOT / "src/reisgenoot/demo/data").glob("rijksoverheid_*.csv"):
        with p.open(encoding="utf-8") as handle:
            ids |= {row["id"] for row in csv.DictReader(handle)}
    return ids


def kennisbank(staging: Path) -> list[dict[str, Any]]:
    known = _article_ids()
    items = []
    for questions in sorted((staging / "kennisbank").glob("K*.jsonl")):
        labels = {r["id"]: r for r in _read_jsonl(questions.with_name(f"labels-{questions.name}"))}
        for q in _read_jsonl(questions):
            label = labels[q["id"]]
            expected = list(dict.fromkeys(label["expected"]))
            unknown = [a for a in expected if a not in known]
            if unknown or label["kind"] not in {"answerable", "out_of_scope", "person"}:
                raise SystemExit(f"{q['id']}: unknown article or kind")
            if label["kind"] == "answerable" and not expected:
                raise SystemExit(f"{q['id']}: answerable without article")
            preferred = label.get("preferred") or (expected[0] if expected else None)
            items.append(
                {
                    "id": q["id"],
                    "query": q["query"],
                    "kind": label["kind"],
                    "expected": [] if label["kind"] == "out_of_scope" else expected,
                    "preferred": None if label["kind"] == "out_of_scope" else preferred,
                    "reason": label.get("reason") if label["kind"] == "person" else None,
                    "channel": q.get("channel"),
                    "persona": q.get("persona"),
                    "writer": questions.stem,
                    "writer_kind": q["kind"],
                    "writer_target": q.get("target"),
                }
            )
    return items


_MARK = re.compile(r"\[\[([a-z_]+)(?:\|([^\]]*))?\]\]")


def pii(staging: Path, numbers: Numbers) -> list[dict[str, Any]]:
    items = []
    for path in sorted((staging / "pii").glob("P*.jsonl")):
        for row in _read_jsonl(path):
            text, entities, last = "", [], 0
            for mark in _MARK.finditer(row["text"]):
                kind, inner = mark.group(1), mark.group(2)
                text += row["text"][last : mark.start()]
                base = kind.split("_")[0]
                if base not in PII_TYPES:
                    raise SystemExit(f"{row['id']}: unknown type {kind}")
                value = numbers.value(kind.upper(), f"{row['id']}:{mark.start()}") if base in {"bsn", "iban"} and not inner else inner
                if not value:
                    raise SystemExit(f"{row['id']}: empty mark")
                entities.append({"start": len(text), "end": len(text) + len(value), "type": base})
                text += value
                last = mark.end()
            text += row["text"][last:]
            if "[[" in text or "]]" in text:
                raise SystemExit(f"{row['id']}: unbalanced mark")
            items.append({"id": row["id"], "text": text, "entities": entities, "channel": row.get("channel"), "writer": path.stem})
    return items


def tone(staging: Path) -> list[dict[str, Any]]:
    second: dict[str, dict[str, Any]] = {}
    for path in sorted((staging / "tone").glob("labels-*.jsonl")):
        second |= {r["id"]: r for r in _read_jsonl(path)}
    items = []
    for path in sorted((staging / "tone").glob("TO*.jsonl")):
        for row in _read_jsonl(path):
            if row["tone"] not in TONES or row["category"] not in CATEGORIES or not isinstance(row["escalate"], bool):
                raise SystemExit(f"{row['id']}: bad label")
            item = {k: row.get(k) for k in ("id", "text", "tone", "escalate", "category", "channel", "persona")}
            item["writer"] = path.stem
            if row["id"] in second:
                other = second[row["id"]]
                item["second"] = {k: other.get(k) for k in ("tone", "escalate", "category")}
            items.append(item)
    return items


def _upl_names() -> set[str]:
    with (ROOT / "vendor/upl/UPL-actueel.csv").open(encoding="utf-8") as handle:
        return {r["UniformeProductnaam"] for r in csv.DictReader(handle) if r["Gemeente"] == "X"}


def transcripts(
    staging: Path, numbers_for: Callable[[str], Numbers], pattern: str = "T*"
) -> list[dict[str, Any]]:
    from reisgenoot.assist.transcript import read_transcript

    upl = _upl_names()
    items = []
    for folder in sorted((staging / "transcripts").glob(pattern)):
        for gold in _read_jsonl(folder / "gold.jsonl"):
            numbers = numbers_for(gold["source"])
            source = folder / gold["source"]
            text = fill_placeholders(source.read_text(encoding="utf-8"), numbers)
            vragen = gold["vragen"]
            bad = [v for v in vragen if v["upl"] not in upl or v["gespreksresultaat"] not in OUTCOMES]
            if bad or not vragen:
                raise SystemExit(f"{gold['source']}: bad vraag")
            typed = [
                {"type": p["type"], "text": fill_placeholders(p["text"], numbers)}
                for p in gold.get("pii", [])
            ]
            missing = [p for p in typed if p["text"] not in text or p["type"] not in PII_TYPES]
            if missing:
                raise SystemExit(f"{gold['source']}: {len(missing)} personal-data strings not in the text")
            items.append(
                {
                    "id": gold["source"],
                    "text": text,
                    "gold": {
                        "source": gold["source"],
                        "kanaal": gold["kanaal"],
                        "vragen": vragen,
                        "interneTaak": bool(gold["interneTaak"]),
                        "taak": gold.get("taak"),
                        "afspraak": gold.get("afspraak"),
                        "pii": list(dict.fromkeys(p["text"] for p in typed)),
                        "pii_typed": typed,
                        "writer": folder.name,
                    },
                }
            )
    for item in items:  # the transcript must parse as the product's reader would see it
        probe = HERE / ".probe" / item["id"]
        probe.parent.mkdir(exist_ok=True)
        probe.write_text(item["text"], encoding="utf-8")
        read_transcript(probe)
    shutil.rmtree(HERE / ".probe", ignore_errors=True)
    return items


# --- main ---------------------------------------------------------------------------------------


def _report(name: str, parts: dict[str, list[dict[str, Any]]], field: Callable[[dict[str, Any]], str]) -> None:
    for part, rows in parts.items():
        print(f"{name:<12} {part:<5} {len(rows):>4}  {dict(sorted(Counter(map(field, rows)).items()))}")  # noqa: T201


def _kappa(pairs: list[tuple[object, object]]) -> float:
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def _agreement(items: list[dict[str, Any]]) -> None:
    """Writer against second labeller: raw agreement and Cohen's kappa (printed, counts only)."""
    both = [i for i in items if "second" in i]
    if not both:
        return
    for field in ("tone", "escalate", "category"):
        pairs = [(i[field], i["second"][field]) for i in both]
        raw = sum(a == b for a, b in pairs) / len(pairs)
        print(f"tone agreement {field:<9} {raw:.3f}  kappa {_kappa(pairs):.3f}  (n={len(pairs)})")  # noqa: T201


def _is_test(relative: Path) -> bool:
    """``<capability>/test.jsonl`` or anything under ``<capability>/test/``."""
    parts = relative.parts
    return len(parts) > 1 and (parts[1] == "test" or parts[1] == "test.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staging", type=Path, required=True)
    args = parser.parse_args()
    rng = random.Random(20261206)
    numbers = Numbers(rng)

    kb = split(kennisbank(args.staging), lambda i: f"{i['writer']}:{i['kind']}")
    for part, rows in kb.items():
        _write_jsonl(HERE / "kennisbank" / f"{part}.jsonl", rows)
    _report("kennisbank", kb, lambda i: i["kind"])

    sentences = split(pii(args.staging, numbers), lambda i: f"{i['writer']}:{bool(i['entities'])}")
    for part, rows in sentences.items():
        _write_jsonl(HERE / "pii" / f"{part}.jsonl", rows)
    _report("pii", sentences, lambda i: str(len(i["entities"]) > 0))

    if (args.staging / "tone").is_dir():
        utterances = split(tone(args.staging), lambda i: f"{i['tone']}:{i['escalate']}")
        for part, rows in utterances.items():
            _write_jsonl(HERE / "tone" / f"{part}.jsonl", rows)
        _report("tone", utterances, lambda i: i["tone"])
        _agreement([i for rows in utterances.values() for i in rows])

    if (args.staging / "transcripts").is_dir():
        per_file: dict[str, Numbers] = {}
        calls = split(
            transcripts(args.staging, lambda s: per_file.setdefault(s, Numbers(rng))),
            lambda i: i["gold"]["vragen"][0]["upl"],
        )
        for part, rows in calls.items():
            target = HERE / "transcripts" / part
            shutil.rmtree(target, ignore_errors=True)
            (target / "transcripts").mkdir(parents=True)
            for row in rows:
                (target / "transcripts" / row["id"]).write_text(row["text"], encoding="utf-8")
            _write_jsonl(target / "gold.jsonl", [r["gold"] for r in rows])
        _report("transcripts", calls, lambda i: i["gold"]["kanaal"])

    frozen = sorted(p for p in HERE.rglob("*") if p.is_file() and _is_test(p.relative_to(HERE)))
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(HERE)}\n" for p in frozen]
    (HERE / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")
    print(f"SHA256SUMS over {len(lines)} test files")  # noqa: T201


if __name__ == "__main__":
    main()
