"""Fuzzing the web app: generated requests over the whole route table, for every role.

The HTML routes read their forms themselves, so the OpenAPI schema names only their path and
query parameters; schemathesis generates cases from that schema (:func:`schema_cases`), and
Hypothesis strategies here generate what the schema does not know: hostile path segments, query
strings and form bodies (field names taken from the templates, raw bytes with broken
percent-escapes) and headers. :class:`Fuzzer` sends each request with a logged-in client of a
role (or none) and the right CSRF token in a header, so requests reach the handlers, and checks
each answer with :func:`problems`: no 5xx, no traceback, no English validation JSON.

Used by ``tests/security/test_fuzz.py`` (a small share in the default suite, the big run when
``REISGENOOT_FUZZ_REQUESTS`` is set, e.g. by ``scripts/fuzz``).
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from hypothesis import strategies as st

from reisgenoot.web.params import MAX_ID
from reisgenoot.web.security import CSRF_HEADER
from tests.web.fixtures import csrf_from, login

ROLES = ("beheerder", "medewerker", "teamleider", "trainee", "redacteur", "opleider", None)
# Logging out would end the fuzzing session; logging in is the login tests' business (and
# costs an Argon2 verification each).
SKIPPED = {("POST", "/logout"), ("POST", "/login")}
PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")

HOSTILE = [
    "0",
    "1",
    "2",
    str(MAX_ID),
    str(MAX_ID + 1),
    "99999999999999999999999",
    "-1",
    "²",
    "١٢",
    "１２",
    "1e3",
    "+1",
    "1_0",
    "12.0",
    "..",
    "%00",
    "vbs-paspoort",
    "ro-vraag-1",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "123456782",
    "NL91ABNA0417164300",
    "\u202e",
    "a" * 5000,
]

_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=60
)
segment = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    _text.filter(bool),
)
value = st.one_of(st.sampled_from(HOSTILE), _text, st.integers().map(str))


def template_field_names() -> list[str]:
    """Every form field name in the app's templates (what a real form would send)."""
    root = resources.files("reisgenoot.web") / "templates"
    names: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        for item in folder.iterdir():
            if item.is_dir():
                stack.append(item)
            elif item.name.endswith(".html"):
                names.update(re.findall(r'name="([^"{}]+)"', item.read_text(encoding="utf-8")))
    return sorted(names - {"csrf_token", "csrf-token", "viewport", "htmx-config"})


FIELD_NAMES = template_field_names()
_field = st.one_of(st.sampled_from(FIELD_NAMES), _text.filter(bool))
form_fields = st.dictionaries(_field, value, max_size=8)
raw_body = st.one_of(
    st.binary(max_size=300),
    st.lists(
        st.sampled_from(["%ff", "%ed%a0%80", "%", "%zz", "=", "&", "a", "+", "\x00", "é"]),
        max_size=40,
    ).map(lambda parts: "".join(parts).encode("utf-8")),
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept": st.sampled_from(["text/html", "application/json", "*/*", "", "x/y"]),
        "HX-Request": st.just("true"),
    },
)


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    path: str
    params: tuple[str, ...]


def route_table(app: FastAPI) -> list[Route]:
    """Every (method, path) of the app's HTTP routes, with its path parameters."""
    routes = []
    for route in iter_route_contexts(app.routes):
        path = str(route.path)
        for method in sorted(route.methods or ()):
            if method == "HEAD" or (method, path) in SKIPPED:
                continue
            routes.append(Route(method, path, tuple(PARAM.findall(path))))
    return routes


@st.composite
def requests(draw: st.DrawFn, routes: list[Route]) -> dict[str, Any]:
    """One generated request: role, method, URL, headers and (for POST) a body."""
    route = draw(st.sampled_from(routes))
    path = route.path
    for name in route.params:
        path = re.sub(r"\{" + name + r"(?::[^}]+)?\}", quote(draw(segment), safe=""), path)
    query = draw(st.dictionaries(_field, value, max_size=4))
    url = path + ("?" + urlencode(query) if query else "")
    request: dict[str, Any] = {
        "role": draw(st.sampled_from(ROLES)),
        "method": route.method,
        "url": url,
        "headers": draw(headers),
        "route": f"{route.method} {route.path}",
    }
    if route.method == "POST":
        if draw(st.booleans()):
            request["data"] = draw(form_fields)
        else:
            request["content"] = draw(raw_body)
            request["headers"]["Content-Type"] = "application/x-www-form-urlencoded"
    return request


def problems(response: Any) -> list[str]:
    """What is wrong with an answer: a 5xx, a traceback, FastAPI's English validation JSON."""
    found = []
    if response.status_code >= 500:
        found.append(f"status {response.status_code}")
    text = response.text
    if "Traceback (most recent call last)" in text:
        found.append("traceback in the answer")
    if '"loc":' in text and '"msg":' in text:
        found.append("English validation JSON")
    return found


@dataclass
class Fuzzer:
    """Logged-in clients per role, each with its CSRF token; sends and checks requests."""

    app: FastAPI
    clients: dict[str | None, tuple[TestClient, str]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Every role logs in before the first request: a generated request as beheerder may
        # disable an account or reset its password (then that client just gets login pages).
        for role in ROLES:
            self.client(role)

    def client(self, role: str | None) -> tuple[TestClient, str]:
        if role not in self.clients:
            client = TestClient(self.app, follow_redirects=False, raise_server_exceptions=False)
            if role is not None:
                assert login(client, role).status_code == 303, role
            start = client.get("/hulp/chat" if role is None else "/", follow_redirects=True)
            token = csrf_from(start.text)
            self.clients[role] = (client, token)
        return self.clients[role]

    def send(self, request: dict[str, Any]) -> Any:
        client, token = self.client(request["role"])
        extra = {"headers": {**request["headers"], CSRF_HEADER: token}}
        if "data" in request:
            extra["data"] = request["data"]
        if "content" in request:
            extra["content"] = request["content"]
        response = client.request(request["method"], request["url"], **extra)
        self.statuses[response.status_code] += 1
        found = problems(response)
        if found:
            self.failures.append((request["route"], request["url"][:200], found))
        return response

    @property
    def sent(self) -> int:
        return sum(self.statuses.values())

    def close(self) -> None:
        for client, _token in self.clients.values():
            client.close()


def openapi_app(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document (the app serves none; tests build it here). ``/gezond``
    answers GET and HEAD with one function, which FastAPI warns about as a duplicate id."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Duplicate Operation ID", category=UserWarning)
        return app.openapi()


def schema_cases(app: FastAPI) -> list[tuple[str, Any]]:
    """(label, Hypothesis strategy of schemathesis cases) per operation of the OpenAPI,
    positive and negative (values that break the schema) generation both."""
    import schemathesis
    from schemathesis.generation import GenerationMode

    schema = schemathesis.openapi.from_dict(openapi_app(app))
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # the app's own schema is valid
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        )
        found.append((f"{operation.method.upper()} {operation.path}", strategy))
    return found


def case_request(case: Any, role: str | None) -> dict[str, Any]:
    """A schemathesis case as a request for :meth:`Fuzzer.send`."""
    path = case.formatted_path
    query = {k: v for k, v in (case.query or {}).items() if v is not None}
    url = path + ("?" + urlencode(query, doseq=True) if query else "")
    return {
        "role": role,
        "method": case.method.upper(),
        "url": url,
        "headers": {},
        "route": f"{case.method.upper()} {case.path}",
    }
