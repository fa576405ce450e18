"""Kennisbank import formats: a registry of readers, with two built in.

An :class:`ImportFormat` has a name, the file extensions it reads, a recogniser that looks at
the file's first bytes (a header, front matter) and a reader that turns the bytes into
:class:`ArticleData` records or raises :class:`ImportFormatError` naming the file, the record
and the line. Built in, in this order: ``markdown`` (Markdown with YAML front matter) and
``rijksoverheid-csv`` (the Rijksoverheid Q&A CSV). A municipality's own format is one more
reader: ``register(ImportFormat(...))`` (see docs/knowledge.md, "Import formats").

How a file is read (:func:`read_file`, :func:`read_data`; ``reisgenoot kb import`` and the demo
both use them): of the formats for the file's extension, in registration order, the first
whose recogniser accepts the file reads it; when none does, the first of them reads it and
says what is wrong. A file with an extension no format reads is refused. Nothing touches the
database here.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import nh3
import yaml

from reisgenoot.bounded import BoundedInputError, load_yaml
from reisgenoot.errors import ImportFormatError
from reisgenoot.knowledge.models import SECTIONS, STATUSES

HEADING_TO_ATTRIBUTE = {heading.lower(): attribute for _sdg, attribute, heading in SECTIONS}
RIJKSOVERHEID_COLUMNS = ("id", "question", "reference_answer")
MARKDOWN_REQUIRED = ("id", "titel")
MAX_FILE_BYTES = 50_000_000
"""A larger import file is refused before it is read (the Rijksoverheid export is < 1 MB)."""


@dataclass(slots=True)
class ArticleData:
    source: str
    source_id: str
    title: str
    kind: str = "kennisartikel"
    upl: str | None = None
    status: str = "actief"
    doelgroep: str = "inwoner"
    sections: dict[str, str] = field(default_factory=dict)  # attribute name → text
    trefwoorden: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    url: str | None = None
    licence: str | None = None
    source_updated_at: datetime | None = None

    def content_hash(self) -> str:
        body = {
            "title": self.title,
            "kind": self.kind,
            "upl": self.upl,
            "status": self.status,
            "doelgroep": self.doelgroep,
            "sections": self.sections,
            "trefwoorden": self.trefwoorden,
            "extra": self.extra,
            "url": self.url,
            "licence": self.licence,
        }
        encoded = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


def _fail(path: Path, record: int, line: int, detail: str) -> ImportFormatError:
    return ImportFormatError(detail, file=str(path), record=record, line=line, detail=detail)


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(path, 1, line, f"geen geldige UTF-8-tekst (byte {exc.start})") from exc


# --- Markdown -----------------------------------------------------------------------------


def _front_matter(path: Path, lines: list[str]) -> tuple[dict[str, Any], int]:
    if not lines or lines[0].strip() != "---":
        raise _fail(path, 1, 1, "het bestand moet beginnen met '---' (YAML-kop)")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            block = "\n".join(lines[1 : number - 1])
            try:
                meta = load_yaml(block) or {}
            except BoundedInputError as exc:
                raise _fail(path, 1, 2, f"de YAML-kop is niet toegestaan: {exc.detail}") from exc
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line_no = (mark.line + 2) if mark is not None else 2
                raise _fail(path, 1, line_no, "de YAML-kop is ongeldig") from exc
            if not isinstance(meta, dict):
                raise _fail(path, 1, 2, "de YAML-kop moet velden met een naam bevatten")
            return meta, number
    raise _fail(path, 1, 1, "de YAML-kop wordt niet afgesloten met '---'")


def _body_sections(path: Path, lines: list[str], first: int) -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for number, line in enumerate(lines[first:], start=first + 1):
        if line.startswith("## "):
            heading = line[3:].strip().lower()
            if heading not in HEADING_TO_ATTRIBUTE:
                allowed = ", ".join(h for _s, _a, h in SECTIONS)
                raise _fail(
                    path, 1, number, f"onbekende kop '{line[3:].strip()}' (toegestaan: {allowed})"
                )
            current = HEADING_TO_ATTRIBUTE[heading]
            if current in sections:
                raise _fail(path, 1, number, f"de kop '{line[3:].strip()}' staat er twee keer in")
            sections[current] = []
        elif line.startswith("# "):
            raise _fail(
                path, 1, number, "gebruik geen '# titel' in de tekst; de titel staat in de kop"
            )
        elif current is None:
            if line.strip():
                raise _fail(path, 1, number, "tekst vóór de eerste kop ('## Inleiding')")
        else:
            sections[current].append(line)
    return {key: "\n".join(value).strip() for key, value in sections.items()}


def _as_date(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None


def read_markdown(path: Path, data: bytes) -> list[ArticleData]:
    """One article per file: YAML front matter, then `## Kop` sections (see docs)."""
    lines = _decode(path, data).splitlines()
    meta, end = _front_matter(path, lines)
    for key in MARKDOWN_REQUIRED:
        if not str(meta.get(key) or "").strip():
            raise _fail(path, 1, 2, f"het verplichte veld '{key}' ontbreekt of is leeg")
    status = str(meta.get("status") or "actief")
    if status not in STATUSES:
        raise _fail(path, 1, 2, f"status '{status}' bestaat niet (kies {', '.join(STATUSES)})")
    sections = _body_sections(path, lines, end)
    if not sections.get("tekst"):
        raise _fail(path, 1, end + 1, "de sectie '## Inleiding' ontbreekt of is leeg")
    keywords = meta.get("trefwoorden") or []
    return [
        ArticleData(
            source=str(meta.get("bron") or "voorbeeldstad"),
            source_id=str(meta["id"]).strip(),
            title=str(meta["titel"]).strip(),
            upl=str(meta["upl"]).strip() if meta.get("upl") else None,
            status=status,
            doelgroep=str(meta.get("doelgroep") or "inwoner"),
            sections=sections,
            trefwoorden=[str(k) for k in keywords]
            if isinstance(keywords, list)
            else [str(keywords)],
            licence=str(meta.get("licentie") or "EUPL-1.2"),
            source_updated_at=_as_date(meta.get("bijgewerkt")),
        )
    ]


# --- Rijksoverheid Q&A CSV ----------------------------------------------------------------


def _csv_records(path: Path, text: str) -> tuple[list[str], list[tuple[int, int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, int, list[str]]] = []
    previous_line = 0
    try:
        header = next(reader)
        previous_line = reader.line_num
        for row in reader:
            records.append((len(records) + 1, previous_line + 1, row))
            previous_line = reader.line_num
    except StopIteration as exc:
        raise _fail(path, 0, 1, "het bestand is leeg") from exc
    except csv.Error as exc:
        raise _fail(path, len(records) + 1, previous_line + 1, f"CSV klopt niet ({exc})") from exc
    return header, records


def read_rijksoverheid_csv(path: Path, data: bytes) -> list[ArticleData]:
    """Rijksoverheid 'vraag en antwoord' export: text from reference_answer (CC0)."""
    header, records = _csv_records(path, _decode(path, data))
    missing = [c for c in RIJKSOVERHEID_COLUMNS if c not in header]
    if missing:
        raise _fail(path, 0, 1, f"kolommen ontbreken: {', '.join(missing)}")
    articles: list[ArticleData] = []
    for record, line, row in records:
        if len(row) != len(header):
            raise _fail(path, record, line, f"{len(row)} velden in plaats van {len(header)}")
        values = dict(zip(header, row, strict=True))
        for column in RIJKSOVERHEID_COLUMNS:
            if not values[column].strip():
                raise _fail(path, record, line, f"het verplichte veld '{column}' is leeg")
        articles.append(_rijksoverheid_article(values))
    return articles


def _rijksoverheid_article(values: dict[str, str]) -> ArticleData:
    html = values.get("reference_answer_html", "")
    extra: dict[str, Any] = {}
    if html.strip():
        extra["html"] = nh3.clean(html)
    subjects = [s.strip() for s in values.get("subjects", "").split("|") if s.strip()]
    for key in ("authorities", "themes", "organisationalunits"):
        if values.get(key, "").strip():
            extra[key] = values[key].strip()
    updated = None
    if values.get("lastmodified", "").strip():
        try:
            updated = datetime.fromisoformat(values["lastmodified"].strip().replace("Z", "+00:00"))
            updated = updated if updated.tzinfo else updated.replace(tzinfo=UTC)
        except ValueError:
            updated = None
    return ArticleData(
        source="rijksoverheid",
        source_id=values["id"].strip(),
        kind="vac",
        title=values["question"].strip(),
        sections={"tekst": values["reference_answer"].strip()},
        trefwoorden=subjects,
        extra=extra,
        url=values.get("canonical", "").strip() or None,
        licence=values.get("license", "").strip() or "CC0-1.0",
        source_updated_at=updated,
    )


# --- the registry ---------------------------------------------------------------------------

Reader = Callable[[Path, bytes], list[ArticleData]]
Recogniser = Callable[[Path, bytes], bool]


def _any_file(_path: Path, _data: bytes) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class ImportFormat:
    """One kind of kennisbank source file."""

    name: str  # unique, e.g. "rijksoverheid-csv"
    description: str  # Dutch, for help texts: "Rijksoverheid-CSV"
    suffixes: tuple[str, ...]  # the extensions it reads, lower case with the dot: (".csv",)
    read: Reader  # bytes → articles, or ImportFormatError naming file, record and line
    recognises: Recogniser = _any_file  # is this file mine? (looks at the first bytes only)


_FORMATS: list[ImportFormat] = []


def register(fmt: ImportFormat, *, before: str | None = None) -> ImportFormat:
    """Add ``fmt`` to the registry, last or just before the format called ``before``."""
    if any(f.name == fmt.name for f in _FORMATS):
        raise ValueError(f"import format {fmt.name!r} is already registered")
    if not fmt.suffixes or any(not s.startswith(".") or s != s.lower() for s in fmt.suffixes):
        raise ValueError(f"import format {fmt.name!r}: suffixes look like '.csv' (lower case)")
    names = [f.name for f in _FORMATS]
    if before is not None and before not in names:
        raise ValueError(f"no import format {before!r} to register {fmt.name!r} before")
    _FORMATS.insert(len(names) if before is None else names.index(before), fmt)
    return fmt


def unregister(name: str) -> None:
    """Remove the format called ``name`` (e.g. a test's own)."""
    _FORMATS[:] = [f for f in _FORMATS if f.name != name]


def formats() -> tuple[ImportFormat, ...]:
    """The registered formats, in the order they are tried."""
    return tuple(_FORMATS)


def suffixes() -> frozenset[str]:
    """Every file extension some format reads (lower case, with the dot)."""
    return frozenset(s for f in _FORMATS for s in f.suffixes)


def format_for(path: Path, data: bytes) -> ImportFormat:
    """The format that reads ``path`` (see the module docstring for the order)."""
    candidates = [f for f in _FORMATS if path.suffix.lower() in f.suffixes]
    if not candidates:
        raise ImportFormatError("unknown format", code="import_onbekend_formaat", file=str(path))
    return next((f for f in candidates if f.recognises(path, data)), candidates[0])


def read_data(path: Path, data: bytes) -> list[ArticleData]:
    """Read the bytes of a file called ``path`` with the format that recognises it."""
    return format_for(path, data).read(path, data)


def read_file(path: Path) -> list[ArticleData]:
    """Detect the format from extension and header and read the file."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _fail(path, 1, 1, f"het bestand is groter dan {MAX_FILE_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(
            str(exc), code="bestand_onleesbaar", file=str(path), detail=exc.strerror or str(exc)
        ) from exc
    return read_data(path, data)


def _first_line(data: bytes) -> str:
    """The first line of a file, for recognisers (undecodable bytes replaced)."""
    return data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").rstrip("\r")


def _has_front_matter(_path: Path, data: bytes) -> bool:
    return _first_line(data).strip() == "---"


def _has_rijksoverheid_header(_path: Path, data: bytes) -> bool:
    try:
        header = next(csv.reader([_first_line(data)]), [])
    except csv.Error:
        return False
    return all(column in header for column in RIJKSOVERHEID_COLUMNS)


MARKDOWN = register(
    ImportFormat(
        "markdown", "Markdown met YAML-kop", (".md", ".markdown"), read_markdown, _has_front_matter
    )
)
RIJKSOVERHEID_CSV = register(
    ImportFormat(
        "rijksoverheid-csv",
        "Rijksoverheid-CSV",
        (".csv",),
        read_rijksoverheid_csv,
        _has_rijksoverheid_header,
    )
)
