"""An attacker with copies of the database files tries to link teamdialoog answers to people.

What the attacker has (see ``docs/impact.md``, "What someone with the database files can learn"):

- **SQLite**: byte copies of ``reisgenoot.db``, ``reisgenoot.db-wal`` and ``reisgenoot.db-shm``,
  taken after every submission and again after the round closed. Every database state still in
  the files is rebuilt by replaying the WAL frames commit by commit (stale frames of earlier WAL
  generations included), and every table of every state is read, with row ids.
- **PostgreSQL**: what a superuser reads from the tables at the same moments: live rows with
  ``xmin`` and ``ctid`` and, through ``pageinspect``, every tuple still on the heap pages (dead
  ones included) with its ``xmin``, plus the raw bytes of those pages.
- The code (Kerckhoffs): the attacker computes tokens exactly as the code under attack does.
- Side knowledge, worst case: the team's member ids (they are in the ``users`` table anyway)
  and **the order in which people submitted** (as a colleague watching the office could know).
- Any secret stored in the database, and every string in the raw bytes that could be a key.

What the attacker does not have: the keys in the settings (``audit.key``, ``secret.key`` or
``REISGENOOT_AUDIT_KEY``), which never live in the database.

The attack claims "person P gave these answers" from: (1) the order in which tokens turned to
"answered" paired with the order in which answers appeared (WAL commits, transaction ids),
(2) the order of answer batches paired with the known submission order, (3) the physical order
of answer rows (row id, heap position) split into per-person blocks. Claims are graded against
the truth by :func:`grade`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from reisgenoot.impact import survey

AnswerT = tuple[int, str, int | None, str | None]  # round id, question key, value, text
TokenKey = tuple[int, str]  # round id, token hash


@dataclass(frozen=True)
class Row:
    """One answer row as the attacker sees it."""

    position: tuple[int, ...]  # physical order: SQLite row id, PostgreSQL (page, item)
    ident: str
    answer: AnswerT
    txn: int | None = None  # PostgreSQL xmin


@dataclass(frozen=True)
class Token:
    position: tuple[int, ...]
    key: TokenKey
    answered: bool
    txn: int | None = None


@dataclass
class State:
    """One database state the attacker could rebuild from a copy."""

    members: dict[int, int | None] = field(default_factory=dict)  # user id → team id
    round_teams: dict[int, int] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)
    tokens: list[Token] = field(default_factory=list)
    answers: list[Row] = field(default_factory=list)


@dataclass
class Observation:
    """Everything one copy of the files (or of the tables) holds."""

    states: list[State]
    raw: bytes


@dataclass(frozen=True)
class Claim:
    user_id: int
    answers: frozenset[AnswerT]
    how: str


@dataclass
class Outcome:
    claims: list[Claim]
    owners: dict[TokenKey, int]  # token → person, where the attacker could work it out

    def who_answered(self, observations: Sequence[Observation]) -> set[int]:
        answered = {t.key for o in observations for s in o.states for t in s.tokens if t.answered}
        return {user for key, user in self.owners.items() if key in answered}


# --- SQLite: rebuild every state still in the files --------------------------------------


@dataclass(frozen=True)
class FileCopy:
    main: bytes
    wal: bytes
    shm: bytes

    @property
    def raw(self) -> bytes:
        return self.main + self.wal + self.shm


def copy_sqlite_files(database_file: Path) -> FileCopy:
    """Read the three files byte for byte, as someone with file access would copy them."""

    def read(path: Path) -> bytes:
        return path.read_bytes() if path.exists() else b""

    wal = database_file.with_name(database_file.name + "-wal")
    shm = database_file.with_name(database_file.name + "-shm")
    return FileCopy(read(database_file), read(wal), read(shm))


def wal_images(copy: FileCopy) -> list[bytes]:
    """The main file, then the database after every commit found in the WAL (in file order,
    frames of older WAL generations included: they are still bytes in the file)."""
    images = [copy.main]
    wal = copy.wal
    if len(wal) < 32:
        return images
    page_size = int.from_bytes(wal[8:12], "big")
    if page_size < 512:
        return images
    image = bytearray(copy.main)
    offset = 32
    while offset + 24 + page_size <= len(wal):
        page_no = int.from_bytes(wal[offset : offset + 4], "big")
        commit_size = int.from_bytes(wal[offset + 4 : offset + 8], "big")
        page = wal[offset + 24 : offset + 24 + page_size]
        offset += 24 + page_size
        if page_no == 0:
            continue
        start = (page_no - 1) * page_size
        if len(image) < start + page_size:
            image.extend(b"\0" * (start + page_size - len(image)))
        image[start : start + page_size] = page
        if commit_size:
            images.append(bytes(image[: commit_size * page_size]))
    return images


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]


def _sqlite_rows(connection: sqlite3.Connection, query: str) -> list[tuple[Any, ...]]:
    try:
        return list(connection.execute(query))
    except sqlite3.DatabaseError:
        return []


def sqlite_state(image: bytes) -> State | None:
    """Read the tables of one rebuilt database image (damaged images give what they can)."""
    state = State()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "copy.db"
        path.write_bytes(image)
        try:
            connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        except sqlite3.DatabaseError:
            return None
        try:
            for user_id, team_id in _sqlite_rows(connection, "SELECT id, team_id FROM users"):
                state.members[int(user_id)] = team_id
            round_columns = _columns(connection, "impact_rounds")
            for row in _sqlite_rows(connection, "SELECT id, team_id FROM impact_rounds"):
                state.round_teams[int(row[0])] = int(row[1])
            if "secret" in round_columns:
                for (secret,) in _sqlite_rows(connection, "SELECT secret FROM impact_rounds"):
                    if secret:
                        state.secrets.add(str(secret))
            for rowid, round_id, token, answered in _sqlite_rows(
                connection, "SELECT rowid, round_id, token_hash, answered FROM impact_tokens"
            ):
                state.tokens.append(Token((rowid,), (round_id, token), bool(answered)))
            for rowid, ident, round_id, key, value, text_ in _sqlite_rows(
                connection,
                "SELECT rowid, id, round_id, question_key, value, text FROM impact_answers",
            ):
                state.answers.append(Row((rowid,), ident, (round_id, key, value, text_)))
        finally:
            connection.close()
    return state


def observe_sqlite(database_file: Path) -> Observation:
    copy = copy_sqlite_files(database_file)
    states = [s for s in (sqlite_state(i) for i in wal_images(copy)) if s is not None]
    return Observation(states, copy.raw)


# --- PostgreSQL: the tables, with xmin, ctid and (pageinspect) the dead tuples ----------------


def _decode_varlena(data: bytes) -> bytes | None:
    if not data:
        return None
    first = data[0]
    if first == 0x01:  # TOAST pointer
        return None
    if first & 0x01:  # 1-byte header
        return data[1 : first >> 1]
    header = int.from_bytes(data[:4], "little")
    if header & 0x02:  # compressed inline
        return None
    return data[4 : header >> 2]


def _decode(type_name: str, data: bytes | None) -> Any:
    if data is None:
        return None
    if type_name == "int4":
        return int.from_bytes(data[:4], "little", signed=True)
    if type_name == "bool":
        return bool(data[0])
    if type_name in ("varchar", "text", "bpchar"):
        raw = _decode_varlena(data)
        return raw.decode("utf-8", "replace") if raw is not None else None
    return None


@dataclass(frozen=True)
class HeapTuple:
    position: tuple[int, int]
    xmin: int
    values: dict[str, Any]


def _attributes(connection: Any, table: str) -> list[tuple[str, str]]:
    rows = connection.execute(
        text(
            "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
            "WHERE a.attrelid = CAST(:t AS regclass) AND a.attnum > 0 ORDER BY a.attnum"
        ),
        {"t": table},
    )
    return [(str(name), str(type_name)) for name, type_name in rows]


def _heap_tuples(connection: Any, table: str) -> tuple[list[HeapTuple], bytes]:
    """Every tuple on the heap pages of ``table`` (live and dead) and the pages' raw bytes."""
    attributes = _attributes(connection, table)
    pages = int(
        connection.execute(
            text("SELECT pg_relation_size(CAST(:t AS regclass)) / 8192"), {"t": table}
        ).scalar_one()
    )
    found: list[HeapTuple] = []
    raw = b""
    for page in range(pages):
        raw += bytes(
            connection.execute(
                text("SELECT get_raw_page(:t, :p)"), {"t": table, "p": page}
            ).scalar_one()
        )
        items = connection.execute(
            text(
                "SELECT lp, t_xmin::text, t_attrs FROM heap_page_item_attrs("
                "get_raw_page(:t, :p), CAST(:t AS regclass)) WHERE t_xmin IS NOT NULL"
            ),
            {"t": table, "p": page},
        )
        for lp, xmin, attrs in items:
            if attrs is None:
                continue
            values = {
                name: _decode(type_name, bytes(a) if a is not None else None)
                for (name, type_name), a in zip(attributes, attrs, strict=False)
            }
            found.append(HeapTuple((page, int(lp)), int(xmin), values))
    return found, raw


def _table_exists(connection: Any, table: str) -> bool:
    return bool(
        connection.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar()
    )


def observe_postgres(engine: Engine) -> Observation:
    """Live rows with xmin/ctid and, with pageinspect, every tuple still on the pages."""
    state = State()
    raw = b""
    with engine.connect() as connection:
        inspect_pages = True
        try:
            with connection.begin_nested():
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        except Exception:  # no contrib package or no superuser: the tables only
            inspect_pages = False
        for user_id, team_id in connection.execute(text("SELECT id, team_id FROM users")):
            state.members[int(user_id)] = team_id
        for round_id, team_id in connection.execute(text("SELECT id, team_id FROM impact_rounds")):
            state.round_teams[int(round_id)] = int(team_id)
        columns = {name for name, _t in _attributes(connection, "impact_rounds")}
        if "secret" in columns:
            for (secret,) in connection.execute(text("SELECT secret FROM impact_rounds")):
                if secret:
                    state.secrets.add(str(secret))
        for ctid, xmin, round_id, token, answered in connection.execute(
            text("SELECT ctid::text, xmin::text, round_id, token_hash, answered FROM impact_tokens")
        ):
            state.tokens.append(Token(_ctid(ctid), (round_id, token), bool(answered), int(xmin)))
        for ctid, xmin, ident, round_id, key, value, text_ in connection.execute(
            text(
                "SELECT ctid::text, xmin::text, id, round_id, question_key, value, text "
                "FROM impact_answers"
            )
        ):
            state.answers.append(Row(_ctid(ctid), ident, (round_id, key, value, text_), int(xmin)))
        if inspect_pages:
            raw = _add_heap_tuples(connection, state)
        connection.rollback()
    return Observation([state], raw)


def _ctid(value: str) -> tuple[int, int]:
    page, item = value.strip("()").split(",")
    return (int(page), int(item))


def _add_heap_tuples(connection: Any, state: State) -> bytes:
    raw = b""
    seen_answers = {(r.ident, r.txn) for r in state.answers}
    seen_tokens = {(t.key, t.answered, t.txn) for t in state.tokens}
    tables = [
        t
        for t in ("impact_rounds", "impact_tokens", "impact_answers", "impact_envelopes")
        if _table_exists(connection, t)
    ]
    for table in tables:
        tuples, pages = _heap_tuples(connection, table)
        raw += pages
        for item in tuples:
            values = item.values
            if table == "impact_rounds" and values.get("secret"):
                state.secrets.add(str(values["secret"]))
            elif table == "impact_tokens" and values.get("token_hash"):
                key = (int(values["round_id"]), str(values["token_hash"]))
                answered = bool(values.get("answered"))
                if (key, answered, item.xmin) not in seen_tokens:
                    state.tokens.append(Token(item.position, key, answered, item.xmin))
            elif table == "impact_answers" and values.get("id"):
                if (values["id"], item.xmin) in seen_answers:
                    continue
                answer = (
                    int(values["round_id"]),
                    str(values["question_key"]),
                    values.get("value"),
                    values.get("text"),
                )
                state.answers.append(Row(item.position, str(values["id"]), answer, item.xmin))
    return raw


# --- the attack ---------------------------------------------------------------------------------

_HEX = re.compile(rb"[0-9a-f]{64}")
_KEYLIKE = re.compile(rb"[A-Za-z0-9_\-]{40,100}")


def candidate_secrets(observations: Sequence[Observation]) -> set[str]:
    """Stored secrets, and every string in the raw bytes that could be one."""
    found: set[str] = set()
    for observation in observations:
        for state in observation.states:
            found |= state.secrets
        for pattern in (_HEX, _KEYLIKE):
            found |= {m.decode() for m in pattern.findall(observation.raw)}
    return found


def _formulas() -> list[Callable[[str, int, int], str]]:
    """Every way the code under attack computes a token, fed with a candidate secret."""

    def per_round_secret(secret: str, _round_id: int, user_id: int) -> str:
        message = f"deelname:{user_id}".encode()
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()

    formulas: list[Callable[[str, int, int], str]] = [per_round_secret]
    keyed = getattr(survey, "participation_token", None)
    if keyed is not None:

        def with_key(secret: str, round_id: int, user_id: int) -> str:
            return str(keyed(secret.encode(), round_id, user_id))

        formulas.append(with_key)
    return formulas


def token_owners(observations: Sequence[Observation]) -> dict[TokenKey, int]:
    """Which person holds which token, for every token the attacker can recompute."""
    tokens = {t.key for o in observations for s in o.states for t in s.tokens}
    if not tokens:
        return {}
    members: dict[int, int | None] = {}
    round_teams: dict[int, int] = {}
    for observation in observations:
        for state in observation.states:
            members.update(state.members)
            round_teams.update(state.round_teams)
    owners: dict[TokenKey, int] = {}
    rounds = {round_id for round_id, _h in tokens}
    for secret in candidate_secrets(observations):
        for formula in _formulas():
            for round_id in rounds:
                team = round_teams.get(round_id)
                for user_id, user_team in members.items():
                    if team is not None and user_team != team:
                        continue
                    key = (round_id, formula(secret, round_id, user_id))
                    if key in tokens:
                        owners[key] = user_id
    return owners


def _single_person(batch: Sequence[AnswerT]) -> bool:
    keys = [(a[0], a[1]) for a in batch]
    return bool(batch) and len(set(keys)) == len(keys) and len({a[0] for a in batch}) == 1


def timeline(observations: Sequence[Observation]) -> tuple[list[list[AnswerT]], list[TokenKey]]:
    """Answer batches and token flips in the order they appeared (state by state; within a
    state by transaction id where the database shows one)."""
    batches: list[list[AnswerT]] = []
    flips: list[TokenKey] = []
    seen_ids: set[str] = set()
    seen_flips: set[TokenKey] = set()
    for observation in observations:
        for state in observation.states:
            new_rows = [r for r in state.answers if r.ident not in seen_ids]
            seen_ids |= {r.ident for r in new_rows}
            groups: dict[int | None, list[AnswerT]] = {}
            for row in sorted(new_rows, key=lambda r: (r.txn or 0, r.position)):
                groups.setdefault(row.txn, []).append(row.answer)
            batches.extend(groups[k] for k in sorted(groups, key=lambda k: k or 0))
            new_flips = [t for t in state.tokens if t.answered and t.key not in seen_flips]
            for token in sorted(new_flips, key=lambda t: (t.txn or 0, t.position)):
                if token.key not in seen_flips:
                    seen_flips.add(token.key)
                    flips.append(token.key)
    return batches, flips


def physical_blocks(state: State) -> dict[int, list[list[AnswerT]]]:
    """Per round, the answer rows in physical order, cut where a question comes back."""
    blocks: dict[int, list[list[AnswerT]]] = {}
    for row in sorted(state.answers, key=lambda r: r.position):
        round_blocks = blocks.setdefault(row.answer[0], [[]])
        if any(a[1] == row.answer[1] for a in round_blocks[-1]):
            round_blocks.append([])
        round_blocks[-1].append(row.answer)
    return blocks


def attack(observations: Sequence[Observation], order: Sequence[int]) -> Outcome:
    """Try every way to link a person to answers; ``order`` is who submitted when."""
    owners = token_owners(observations)
    batches, flips = timeline(observations)
    people_batches = [b for b in batches if _single_person(b)]
    flip_owners = [owners.get(f) for f in flips]
    claims: set[Claim] = set()

    def claim(user: int | None, answers: Iterable[AnswerT], how: str) -> None:
        chosen = frozenset(answers)
        if user is not None and chosen:
            claims.add(Claim(user, chosen, how))

    for index, batch in enumerate(people_batches):
        if index < len(flip_owners):
            claim(flip_owners[index], batch, "token flips paired with answer batches")
        if index < len(order):
            claim(order[index], batch, "submission order paired with answer batches")
    for observation in observations:
        for state in observation.states:
            for round_blocks in physical_blocks(state).values():
                for index, block in enumerate(round_blocks[: len(order)]):
                    claim(order[index], block, "submission order paired with physical blocks")
                    if index < len(flip_owners):
                        claim(flip_owners[index], block, "token flips paired with physical blocks")
    return Outcome(sorted(claims, key=lambda c: (c.how, c.user_id)), owners)


# --- grading ------------------------------------------------------------------------------------


@dataclass
class Grade:
    exact: list[Claim]  # a person's complete submission, correctly attributed
    claimed: int  # answers attributed to someone, over all claims
    correct: int  # of which attributed to the right person

    @property
    def precision(self) -> float:
        return self.correct / self.claimed if self.claimed else 0.0

    @property
    def linked(self) -> bool:
        """The attack worked: a whole submission, or clearly better than guessing."""
        return bool(self.exact) or (self.claimed >= 10 and self.precision > 0.5)

    def summary(self) -> str:
        ways = sorted({c.how for c in self.exact})
        return (
            f"{len(self.exact)} complete submissions linked ({'; '.join(ways) or '-'}), "
            f"{self.correct}/{self.claimed} claimed answers right"
        )


def grade(outcome: Outcome, truth: dict[int, frozenset[AnswerT]]) -> Grade:
    exact = [c for c in outcome.claims if truth.get(c.user_id) == c.answers]
    claimed = sum(len(c.answers) for c in outcome.claims)
    correct = sum(len(c.answers & truth.get(c.user_id, frozenset())) for c in outcome.claims)
    return Grade(exact, claimed, correct)


def occurrences(observations: Iterable[Observation], needle: str) -> Iterator[int]:
    """How often ``needle`` occurs in the raw bytes of each observation."""
    for observation in observations:
        yield observation.raw.count(needle.encode())
