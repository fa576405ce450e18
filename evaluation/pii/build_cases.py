"""Build ``cases.jsonl`` (and ``dev.jsonl``) from the hand-written ``*.src.txt`` files.

Source format, one case per line (``#`` starts a comment line):

    text with [type:marked entity] and {placeholders}  ## optional note

Placeholders are filled with generated numbers so that checksums are right without writing
them by hand: ``{bsn}`` (valid, 9 digits), ``{bsn.}`` (``1234.56.782``), ``{bsn_}``
(``123 456 782``), ``{badbsn}`` (9 digits failing the 11-proef), ``{iban}`` (NL, compact),
``{iban_}`` (NL, groups of four), ``{iban_be}``, ``{iban_de}``, ``{iban_fr}`` (spaced),
``{badiban}`` (NL with a wrong check number). A seeded generator makes the output stable.

Run: ``python evaluation/pii/build_cases.py``.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
MARK = re.compile(
    r"\[(bsn|iban|telefoon|email|postcode|adres|naam|geboortedatum|kenteken|zaaknummer):([^\]]+)\]"
)
PLACEHOLDER = re.compile(r"\{(bsn|bsn\.|bsn_|badbsn|iban|iban_|iban_be|iban_de|iban_fr|badiban)\}")
BANKS = ("ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ", "RBRB")
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def _bsn(rng: random.Random, valid: bool) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        ok = sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11 == 0
        if ok == valid:
            return "".join(map(str, digits))


def _iban(rng: random.Random, country: str, bban: str, valid: bool = True) -> str:
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    check = 98 - int(numeric) % 97
    if not valid:
        check = (check + rng.randint(1, 90)) % 97 + 2
    return f"{country}{check:02d}{bban}"


def _spaced(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def _fill(name: str, rng: random.Random) -> str:
    digits = "".join(str(rng.randint(0, 9)) for _ in range(24))
    nl_bban = rng.choice(BANKS) + digits[:10]
    values = {
        "bsn": lambda: _bsn(rng, True),
        "bsn.": lambda: (lambda b: f"{b[:4]}.{b[4:6]}.{b[6:]}")(_bsn(rng, True)),
        "bsn_": lambda: (lambda b: f"{b[:3]} {b[3:6]} {b[6:]}")(_bsn(rng, True)),
        "badbsn": lambda: _bsn(rng, False),
        "iban": lambda: _iban(rng, "NL", nl_bban),
        "iban_": lambda: _spaced(_iban(rng, "NL", nl_bban)),
        "iban_be": lambda: _spaced(_iban(rng, "BE", digits[:12])),
        "iban_de": lambda: _spaced(_iban(rng, "DE", digits[:18])),
        "iban_fr": lambda: _spaced(_iban(rng, "FR", digits[:10] + "ABCDE" + digits[10:16] + "12")),
        "badiban": lambda: _iban(rng, "NL", nl_bban, valid=False),
    }
    return values[name]()


def parse(line: str, rng: random.Random) -> tuple[str, list[dict[str, object]], str | None]:
    note = None
    if "##" in line:
        line, note = (part.strip() for part in line.split("##", 1))
    line = PLACEHOLDER.sub(lambda m: _fill(m.group(1), rng), line.strip())
    line = line.replace("\\n", "\n")
    text, entities, pos = "", [], 0
    for match in MARK.finditer(line):
        text += line[pos : match.start()]
        start = len(text)
        text += match.group(2)
        entities.append({"start": start, "end": len(text), "type": match.group(1)})
        pos = match.end()
    text += line[pos:]
    return text, entities, note


def build(source: Path, target: Path, prefix: str) -> int:
    rng = random.Random(20261128)
    rows = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, entities, note = parse(line, rng)
        row: dict[str, object] = {
            "id": f"{prefix}-{len(rows) + 1:03d}",
            "text": text,
            "entities": entities,
        }
        if note:
            row["note"] = note
        rows.append(row)
    with target.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


if __name__ == "__main__":
    count = build(HERE / "cases.src.txt", HERE / "cases.jsonl", "pii")
    dev = (
        build(HERE / "dev.src.txt", HERE / "dev.jsonl", "dev")
        if (HERE / "dev.src.txt").exists()
        else 0
    )
    sys.stdout.write(f"{count} cases, {dev} dev cases\n")
