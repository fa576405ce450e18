"""Build the UPL data of agent assist: the product list and the generated training set.

    .venv/bin/python scripts/assist_topics.py [--upl DIR] [--seed N]

Steps (output in ``src/reisgenoot/assist/data``, the UPL list in ``src/reisgenoot/contacts/data``):

1. ``contacts/data/upl.json``: every ``Gemeente=X`` product of the UPL list (``UPL-actueel.csv``)
   except the placeholder "UPL-naam nog niet beschikbaar", with its SDG information areas and the
   ``trefwoorden`` of the demo kennisbank articles for that product (the topic vocabulary of
   contacts, read through :mod:`reisgenoot.contacts.upl`).
2. ``assist/data/train.jsonl``: generated resident utterances, ~30 per product, from question
   frames filled with the product's phrases (name, curated resident words from ``synoniemen.yaml``, kennisbank
   trefwoorden), the per-topic question templates of ``reisgenoot.demo.history`` and SDG area
   words, with filler and noise sentences. The evaluation set (``evaluation/assist``) is never
   read.

The UPL model itself is trained by ``scripts/train_upl.py`` (``assist/data/upl_model.npz``);
the generated utterances are part of its data and anchor what a municipality learns from its
own confirmed work (:mod:`reisgenoot.assist.learners`).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import frontmatter
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "reisgenoot" / "assist" / "data"
UPL_JSON = ROOT / "src" / "reisgenoot" / "contacts" / "data" / "upl.json"
KENNISBANK = ROOT / "src" / "reisgenoot" / "demo" / "kennisbank"
PLACEHOLDER = "UPL-naam nog niet beschikbaar"
PER_PRODUCT = 30

FRAMES = (
    "Goedemorgen, ik bel over {x}.",
    "Ik heb een vraag over {x}.",
    "Hallo, het gaat over {x}.",
    "Ik wil graag iets weten over {x}.",
    "Hoe zit het met {x}?",
    "Kunt u mij helpen met {x}?",
    "Ik bel even in verband met {x}.",
    "Ik heb een probleem met {x}.",
    "Hoe regel ik {x}?",
    "Wat kost {x} eigenlijk?",
    "Hoe lang duurt dat, {x}?",
    "Ik heb een brief gekregen over {x}, wat moet ik doen?",
    "Mijn vraag gaat over {x}.",
    "{x}, hoe werkt dat bij jullie?",
    "Ja, eh, {x}. Daar wil ik wat over vragen.",
    "Ik mail u over {x}.",
    "Ik wil iets melden: {x}.",
    "Waar moet ik zijn voor {x}?",
    "Ik snap het niet met {x}, kunt u het uitleggen?",
    "Is het mogelijk om {x} te regelen?",
)
FILLERS = (
    "",
    "",
    "",
    "Ik woon sinds kort in Voorbeeldstad.",
    "Ik heb al eerder gebeld.",
    "Dank u wel alvast.",
    "Ik hoop dat u mij kunt helpen.",
    "Sorry dat ik zo lang praat.",
    "Mijn buurvrouw zei dat ik u moest bellen.",
    "Ik heb het op de website gezocht maar ik kan het niet vinden.",
    "Het is een beetje dringend.",
    "Ik ben er al een tijdje mee bezig.",
)


def _load_upl(folder: Path) -> tuple[list[str], dict[str, list[str]]]:
    with (folder / "UPL-actueel.csv").open(encoding="utf-8") as handle:
        names = sorted(
            {row["UniformeProductnaam"] for row in csv.DictReader(handle) if row["Gemeente"] == "X"}
        )
    names = [n for n in names if n != PLACEHOLDER]
    areas: dict[str, list[str]] = defaultdict(list)
    with (folder / "UPL-SDG-Informatiegebied.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["SDG_Informatiegebied"] not in areas[row["UniformeProductnaam"]]:
                areas[row["UniformeProductnaam"]].append(row["SDG_Informatiegebied"])
    return names, areas


def _kennisbank() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(KENNISBANK.glob("*.md")):
        post = frontmatter.load(path)
        upl = post.metadata.get("upl")
        if isinstance(upl, str):
            found[upl] += [str(w).lower() for w in post.metadata.get("trefwoorden", [])]
    return found


def _variants(name: str) -> list[str]:
    """Readable variants of a product name: without brackets, the bracketed part alone."""
    out = []
    inner = re.search(r"\(([^)]+)\)$", name)
    if inner:
        out.append(inner.group(1))
        out.append(re.sub(r"\s*\([^)]*\)", "", name).strip())
    if "-" in name:
        out.append(name.replace("-", " "))
    return [v for v in out if v and v != name]


def build_upl(folder: Path) -> list[dict[str, object]]:
    names, areas = _load_upl(folder)
    kb = _kennisbank()
    synonyms = yaml.safe_load((DATA / "synoniemen.yaml").read_text(encoding="utf-8")) or {}
    unknown = sorted(set(synonyms) - set(names))
    if unknown:
        sys.exit(f"synoniemen.yaml names products that are not municipal UPL products: {unknown}")
    missing = sorted(set(kb) - set(names))
    if missing:
        sys.exit(f"kennisbank articles with unknown UPL names: {missing}")
    return [
        {
            "naam": name,
            "varianten": _variants(name),
            "sdg": areas.get(name, []),
            "trefwoorden": sorted(set(kb.get(name, []))),
        }
        for name in names
    ]


def _history_templates() -> dict[str, list[str]]:
    from reisgenoot.demo.history import TOPICS

    found: dict[str, list[str]] = defaultdict(list)
    for topic in TOPICS:
        for template in (*topic.templates, *topic.family.templates):
            found[topic.upl].append(template.replace("{p}", topic.upl))
    return found


def generate(products: list[dict[str, object]], seed: int) -> list[dict[str, str]]:
    from reisgenoot.assist.topics import products as load_products

    rnd = random.Random(seed)
    phrases = {p.naam: list(p.phrases) for p in load_products().values()}
    templates = _history_templates()
    rows = []
    for item in products:
        name = str(item["naam"])
        own = phrases.get(name, [name])
        areas = [str(a).lower() for a in item.get("sdg", [])]  # type: ignore[attr-defined]
        for sample in range(PER_PRODUCT):
            phrase = own[sample % len(own)] if sample < 2 * len(own) else rnd.choice(own)
            text = rnd.choice(FRAMES).format(x=phrase)
            if rnd.random() < 0.25 and len(own) > 1:
                text += " " + rnd.choice(FRAMES).format(x=rnd.choice(own))
            if areas and rnd.random() < 0.15:
                text += f" Het gaat om {rnd.choice(areas)}."
            filler = rnd.choice(FILLERS)
            text = f"{filler} {text}".strip() if rnd.random() < 0.5 else f"{text} {filler}".strip()
            rows.append({"text": text, "upl": name})
        for template in templates.get(name, []):
            rows.append({"text": template, "upl": name})
    rnd.shuffle(rows)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--upl", type=Path, default=Path(__file__).resolve().parents[1] / "vendor" / "upl"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    products = build_upl(args.upl)
    UPL_JSON.write_text(
        json.dumps(
            {
                "about": "Gemeente=X products of the UPL (KOOP/Logius; via maykinmedia/"
                "sdg-invoervoorziening, EUPL-1.2), with SDG areas and kennisbank trefwoorden",
                "products": products,
            },
            ensure_ascii=False,
            indent=0,
        ),
        encoding="utf-8",
    )
    from reisgenoot.assist import topics
    from reisgenoot.contacts import upl

    upl.upl_products.cache_clear()
    upl.upl_names.cache_clear()
    topics.products.cache_clear()
    topics.gazetteer.cache_clear()
    rows = generate(products, args.seed)
    with (DATA / "train.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(products)} products, {len(rows)} training utterances")


if __name__ == "__main__":
    main()
