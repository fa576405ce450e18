"""Accessibility of every page (WCAG 2.1 AA with axe-core) and keyboard use, in real Chromium.

One demo municipality is seeded for the whole module and served once. For every role the test
logs in and opens every GET page of the app without path parameters (taken from ``app.routes``),
plus pages with parameters that are reached the way a user reaches them (an article, a live
assist conversation and its review, a training session and its feedback, a teamdialoog report,
a public chat answer). axe-core (bundled by ``axe-playwright-python``, no network) checks the
WCAG 2.0/2.1 A and AA rules; violations of impact "serious" or "critical" fail the test with a
list of page, rule and element. See ``docs/accessibility.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from reisgenoot.accounts.models import Role
from reisgenoot.app import create_app, start_cards
from reisgenoot.demo.accounts import COLLEAGUE_PASSWORD
from reisgenoot.demo.seed import demo_vectors
from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder
from reisgenoot.store.engine import Database
from reisgenoot.web.cards import cards_for
from tests.conftest import Demo, fresh_settings
from tests.web.fixtures import LiveServer

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
# Rules switched off, with the reason (keep in step with docs/accessibility.md). None so far.
EXCLUDED_RULES: dict[str, str] = {}
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
    "rules": {rule: {"enabled": False} for rule in EXCLUDED_RULES},
}
NOT_PAGES = re.compile(
    r"\.(pdf|css|js|json|jsonl)$|^/metrics$"
)  # downloads, exports, assets and the metrics text: not HTML pages
SKIP_LINK = "Naar de inhoud"

_axe = Axe()

# [text, href, target exists] of the first element in the Tab order (none has tabindex > 0).
FIRST_TABBABLE = """() => {
  const all = [...document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]')];
  const tabbable = all.filter((e) => e.tabIndex >= 0 && !e.disabled && e.type !== 'hidden'
    && e.checkVisibility({visibilityProperty: true}));
  if (tabbable.some((e) => e.tabIndex > 0)) return ['tabindex > 0', '', false];
  const first = tabbable[0];
  if (!first) return ['', '', false];
  const href = first.getAttribute('href') || '';
  const target = href.startsWith('#') && document.getElementById(href.slice(1)) !== null;
  return [first.textContent.trim(), href, target];
}"""


def demo_password(username: str) -> str:
    return f"demo-{username}"


# --- the site under test ---------------------------------------------------------------------


@dataclass
class Site:
    server: LiveServer
    app: FastAPI

    @property
    def url(self) -> str:
        return self.server.url


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, demo_template: Demo) -> Iterator[Site]:
    """The demo municipality (accounts ``<role>`` / ``demo-<role>``) served with WebSockets."""
    settings = fresh_settings(tmp_path_factory.mktemp("a11y") / "home", demo_template.template)
    # every role opens the public pages too: more requests from 127.0.0.1 than one resident
    settings = settings.model_copy(update={"public_rate_limit_per_minute": 1000})
    database = Database(settings)
    embedder = CachedEmbedder(E5Embedder(), demo_vectors())  # shipped passage vectors
    embedder.path = None  # read-only
    app = create_app(settings, database)
    app.state.embedder = embedder
    server = LiveServer(app)
    server.server.config.ws = "websockets-sansio"
    server.start()
    yield Site(server, app)
    server.stop()
    database.dispose()


@pytest.fixture
def page(browser: Any) -> Any:
    """The shared fresh-context page of ``tests.web.fixtures`` (named for this module)."""
    return browser


def page_routes(app: FastAPI) -> list[str]:
    """Every GET route of the app without path parameters that can be an HTML page."""
    paths = {
        str(route.path)
        for route in iter_route_contexts(app.routes)
        if "GET" in (route.methods or ())
        and "{" not in str(route.path)
        and not NOT_PAGES.search(str(route.path))
    }
    return sorted(paths)


def log_in(page: Any, site: Site, username: str) -> None:
    page.goto(f"{site.url}/login")
    page.fill("#gebruikersnaam", username)
    page.fill("#wachtwoord", demo_password(username))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/start/**")


# --- checking a page -------------------------------------------------------------------------


# axe leaves the contrast of SVG text (chart labels) "incomplete": it cannot tell what is behind
# it. This check takes the last filled <rect> drawn before the text under its centre (or else the
# page background) and applies the WCAG 1.4.3 ratios. Opacity is not taken into account.
SVG_CONTRAST = """() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(',').map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const behind = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const found = [];
  for (const text of document.querySelectorAll('svg text')) {
    const box = text.getBoundingClientRect();
    const style = getComputedStyle(text);
    const fg = parse(style.fill);
    if (!text.textContent.trim() || !fg || box.width === 0) continue;
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    let bg = behind(text.ownerSVGElement);
    for (const shape of text.ownerSVGElement.querySelectorAll('rect')) {
      if (!(shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      const r = shape.getBoundingClientRect();
      const fill = parse(getComputedStyle(shape).fill);
      if (fill && fill.a > 0 && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) bg = fill;
    }
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const got = ratio(fg, bg);
    if (got < needed) found.push(`"${text.textContent.trim()}" ${got.toFixed(2)}:1 < ${needed}:1`);
  }
  return found;
}"""

# The main content of every page already checked in this module (without hidden inputs, which
# hold the session's CSRF token). A page whose main content is the same as one checked before
# (a public page opened by another role) gives the same axe result, so it is not checked again:
# that keeps the run short. The header and menu are checked on each role's start page.
_seen_pages: set[int] = set()
FINGERPRINT = """() => {
  const main = document.querySelector('main');
  if (!main) return document.documentElement.outerHTML;
  const copy = main.cloneNode(true);
  copy.querySelectorAll('input[type=hidden]').forEach((e) => e.remove());
  return [document.title, document.documentElement.lang, copy.outerHTML].join('\\n');
}"""


@dataclass
class Audit:
    """What the pages of one run showed: axe violations and missing skip links."""

    checked: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    skip_link: list[str] = field(default_factory=list)

    def check(self, page: Any, label: str, *, fresh: bool = True) -> None:
        """Run axe on the page as it is now and check that the skip link is the first stop.

        ``fresh`` pages (just loaded, nothing focused) also get a real Tab key press.
        """
        self.checked.append(label)
        fingerprint = hash(page.evaluate(FINGERPRINT))
        if fingerprint in _seen_pages:
            return
        _seen_pages.add(fingerprint)
        result = _axe.run(page, options=AXE_OPTIONS).response
        for violation in result["violations"]:
            if violation["impact"] not in BLOCKING:
                continue
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                self.violations.append(
                    f"{label}: {violation['id']} ({violation['impact']}) at {target}\n"
                    f"    {violation['help']} — {node['html'][:160]}"
                )
        for problem in page.evaluate(SVG_CONTRAST):
            self.violations.append(f"{label}: svg-text-contrast (serious) {problem}")
        self._first_stop(page, label, fresh=fresh)

    def _first_stop(self, page: Any, label: str, *, fresh: bool) -> None:
        first = page.evaluate(FIRST_TABBABLE)
        if first != [SKIP_LINK, "#inhoud", True]:
            self.skip_link.append(f"{label}: first focusable element is {first!r}")
            return
        if fresh and page.evaluate("() => document.activeElement === document.body"):
            page.keyboard.press("Tab")
            pressed = page.evaluate("() => document.activeElement.textContent.trim()")
            if pressed != SKIP_LINK:
                self.skip_link.append(f"{label}: the first Tab reaches {pressed!r}")

    def assert_clean(self) -> None:
        problems = [*self.violations, *self.skip_link]
        report = "\n".join(problems)
        assert not problems, f"{len(problems)} accessibility problems:\n{report}"


def open_and_check(page: Any, site: Site, path: str, audit: Audit, label: str) -> int:
    """Open ``path``; check it when it is an HTML page the user may see. Returns the status."""
    head = page.request.get(f"{site.url}{path}", max_redirects=0)  # same cookies, no rendering
    if head.status != 200:
        return int(head.status)
    response = page.goto(f"{site.url}{path}")
    status = int(response.status)
    html = "text/html" in response.headers.get("content-type", "")
    if status == 200 and html:
        audit.check(page, label)
    return status


# --- pages with parameters, reached as a user reaches them -----------------------------------


def follow(page: Any, site: Site, selector: str, audit: Audit, label: str) -> None:
    """Follow the first link matching ``selector`` on the current page and check the result."""
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"{label}: no link {selector} on {page.url}"
    assert open_and_check(page, site, href, audit, label) == 200, label


def medewerker_pages(page: Any, site: Site, audit: Audit) -> None:
    page.goto(f"{site.url}/kennisbank?q=paspoort")
    page.wait_for_selector("#resultaten a")
    audit.check(page, "medewerker /kennisbank?q=paspoort (results)", fresh=False)
    follow(page, site, "#resultaten a[href^='/kennisbank/']", audit, "medewerker article")

    page.goto(f"{site.url}/assist")
    page.get_by_role("button", name="Gesprek starten").click()
    page.wait_for_selector("#beurt-tekst")
    page.wait_for_function("() => window.htmx !== undefined")
    # assist.js (deferred) has bound Enter and the connection is settled; an Enter pressed
    # before that is a new line in the textarea and sends nothing
    page.wait_for_selector("#gesprek[data-verbinding]")
    for speaker, text in (
        ("inwoner", "Mijn grofvuil is niet opgehaald, het staat er al een week."),
        ("medewerker", "Dat is vervelend. Ik kijk even met u mee."),
    ):
        page.check(f"#spreker-{speaker}")
        page.fill("#beurt-tekst", text)
        page.press("#beurt-tekst", "Enter")
    page.wait_for_selector("#gesprek[data-beurten='2']")
    page.wait_for_selector("#suggesties .assist-block")
    audit.check(page, "medewerker /assist/{uuid} (two turns, suggestions)", fresh=False)
    follow(page, site, "a[href$='/controle']", audit, "medewerker /assist/{uuid}/controle")
    follow(page, site, "a[href$='/weggooien']", audit, "medewerker /assist/{uuid}/weggooien")


def trainee_pages(page: Any, site: Site, audit: Audit) -> None:
    page.goto(f"{site.url}/training")
    page.get_by_role("button", name="Begin het gesprek").click()
    page.wait_for_url(f"{site.url}/training/oefenen/*")
    page.wait_for_function("() => window.htmx !== undefined")
    practice = page.url.removeprefix(site.url)
    page.fill("input[name=tekst]", "Goedemorgen, u spreekt met de gemeente. Waarmee kan ik helpen?")
    page.press("input[name=tekst]", "Enter")
    page.wait_for_function("() => document.querySelectorAll('#beurten li').length >= 3")
    audit.check(page, "trainee /training/oefenen/{id} (one exchange)", fresh=False)
    page.get_by_role("button", name="Gesprek afronden").click()
    page.wait_for_url(f"{site.url}{practice}/feedback")
    audit.check(page, "trainee /training/oefenen/{id}/feedback")


def opleider_pages(page: Any, site: Site, audit: Audit) -> None:
    page.goto(f"{site.url}/training/trainees")
    follow(page, site, "a[href^='/training/trainees/']", audit, "opleider trainee progress")


def teamleider_pages(page: Any, site: Site, audit: Audit) -> None:
    page.goto(f"{site.url}/teamdialoog")
    follow(page, site, "a[href$='/rapport']", audit, "teamleider teamdialoog report")
    page.go_back()
    follow(page, site, "a[href$='/leidraad']", audit, "teamleider teamdialoog guide")


def redacteur_pages(page: Any, site: Site, audit: Audit) -> None:
    page.goto(f"{site.url}/redactie")
    follow(page, site, "a[href^='/redactie/artikel/']", audit, "redacteur article editor")


def beheerder_pages(page: Any, site: Site, audit: Audit) -> None:
    """The steps before anything is deleted: confirmations, a Dutch error, a found resident."""
    from reisgenoot.contacts.linking import digest, link_key
    from reisgenoot.contacts.models import Klantcontact
    from reisgenoot.contacts.records import IdentifierHash

    database: Database = site.app.state.database
    with database.session() as session:
        contact = Klantcontact(kanaal="Telefoon", onderwerp="Paspoort", status="bevestigd")
        session.add(contact)
        session.flush()
        value = digest(link_key(database.settings), "bsn", "111222333")
        session.add(IdentifierHash(klantcontact_id=contact.id, kind="bsn", digest=value))
    page.goto(f"{site.url}/beheer/bewaartermijnen")
    page.get_by_role("button", name="Nu opschonen…").click()
    page.wait_for_selector(".confirm-box")
    audit.check(page, "beheerder /beheer/bewaartermijnen/opschonen (confirm)", fresh=False)
    page.goto(f"{site.url}/beheer/inwoner")
    page.fill("#bsn", "123456789")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_selector(".error-summary")
    audit.check(page, "beheerder /beheer/inwoner/zoeken (error)", fresh=False)
    page.fill("#bsn", "111222333")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_selector("#gevonden-titel")
    audit.check(page, "beheerder /beheer/inwoner/zoeken (found)", fresh=False)
    page.get_by_role("button", name="Alles van deze inwoner wissen…").click()
    page.wait_for_selector(".confirm-box")
    audit.check(page, "beheerder /beheer/inwoner/wissen (confirm)", fresh=False)
    page.get_by_role("button", name="Ja, alles van deze inwoner wissen").click()
    page.wait_for_selector("text=Gewist.")
    audit.check(page, "beheerder /beheer/inwoner/wissen (done)", fresh=False)


EXTRA_PAGES: dict[Role, Callable[[Any, Site, Audit], None]] = {
    Role.BEHEERDER: beheerder_pages,
    Role.MEDEWERKER: medewerker_pages,
    Role.TRAINEE: trainee_pages,
    Role.OPLEIDER: opleider_pages,
    Role.TEAMLEIDER: teamleider_pages,
    Role.REDACTEUR: redacteur_pages,
}


# --- the audits ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_page_of_a_role_passes_axe(page: Any, site: Site, role: Role) -> None:
    audit = Audit()
    log_in(page, site, role.value)
    forbidden: list[str] = []
    for path in page_routes(site.app):
        status = open_and_check(page, site, path, audit, f"{role.value} {path}")
        if status == 403:
            forbidden.append(path)
    if forbidden:  # the "no access" page is a page too
        page.goto(f"{site.url}{forbidden[0]}")
        audit.check(page, f"{role.value} {forbidden[0]} (403)")
    extra = EXTRA_PAGES.get(role)
    if extra is not None:
        extra(page, site, audit)
    assert f"{role.value} /start/{role.value}" in audit.checked
    assert len(audit.checked) >= 8, audit.checked  # the role really opened its pages
    audit.assert_clean()


def test_public_pages_pass_axe(page: Any, site: Site) -> None:
    audit = Audit()
    for path in ("/login", "/hulp", "/hulp/over-ai", "/hulp/chat"):
        assert open_and_check(page, site, path, audit, f"public {path}") == 200, path
    page.get_by_label("Uw vraag").fill("Wat kost een paspoort?")
    page.get_by_role("button", name="Vraag versturen").click()
    page.wait_for_selector("#gesprek > li")
    audit.check(page, "public /hulp/chat (answered)", fresh=False)
    follow(page, site, "#gesprek a[href^='/hulp/artikel/']", audit, "public article")
    for path in ("/hulp/chat/mens", "/hulp/chat/verzonden"):
        assert open_and_check(page, site, path, audit, f"public {path}") == 200, path
    assert open_and_check(page, site, "/bestaat-niet", audit, "public 404") == 404
    page.goto(f"{site.url}/login")
    page.fill("#gebruikersnaam", "medewerker")
    page.fill("#wachtwoord", "fout-wachtwoord-1")
    page.press("#wachtwoord", "Enter")
    page.wait_for_selector("[data-error-summary]")
    audit.check(page, "public /login (wrong password)", fresh=False)
    audit.assert_clean()


def test_axe_finds_a_known_violation(page: Any) -> None:
    """The checker itself works offline and reports what it should (guards against a no-op)."""
    page.set_content(
        "<!doctype html><html lang='nl'><head><title>t</title></head><body><main><h1>t</h1>"
        "<p style='color:#aaa;background:#fff'>te licht</p><input id='x'></main></body></html>"
    )
    audit = Audit()
    audit.check(page, "sample")
    rules = {line.split(": ", 1)[1].split(" ", 1)[0] for line in audit.violations}
    assert rules == {"color-contrast", "label"}
    assert audit.skip_link  # the sample has no skip link


def test_svg_text_contrast_is_checked(page: Any) -> None:
    page.set_content(
        "<!doctype html><html lang='nl'><head><title>t</title></head><body><main><h1>t</h1>"
        "<svg width='300' height='40' role='img' aria-label='t'>"
        "<rect x='0' y='0' width='150' height='40' fill='#2166ac'></rect>"
        "<text x='75' y='25' fill='#ffffff'>goed</text>"
        "<rect x='150' y='0' width='150' height='40' fill='#f1a340'></rect>"
        "<text x='225' y='25' fill='#ffffff'>slecht</text>"
        "<text x='75' y='38' fill='#ffffff' font-size='4'></text>"
        "</svg></main></body></html>"
    )
    found = page.evaluate(SVG_CONTRAST)
    assert len(found) == 1 and found[0].startswith('"slecht" 2.'), found


# --- keyboard ---------------------------------------------------------------------------------

# The focused element: a short name, whether it matches :focus-visible, and whether the computed
# style shows an indicator (an outline of at least 2px in a colour that is not transparent, or a
# box-shadow).
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const s = getComputedStyle(e);
  const colour = s.outlineColor.replace(/\\s/g, '');
  const clear = colour === 'transparent' || /^rgba\\(.*,0\\)$/.test(colour);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !clear;
  const text = (e.getAttribute('aria-label') || e.textContent || e.value || '').trim();
  if (!e.dataset.tabStop) {  // mark each element once, so that two equal links stay two
    window.tabStops = (window.tabStops || 0) + 1;
    e.dataset.tabStop = String(window.tabStops);
  }
  return {
    name: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' + text.slice(0, 40) + '"',
    key: e.dataset.tabStop,
    label: e.id || text,
    // false when the focus is on a part the browser draws itself (the calendar button of a
    // date field); that part has the browser's own focus ring, out of reach of our CSS
    own: e.matches(':focus'),
    focusVisible: e.matches(':focus-visible'),
    indicator: outline || s.boxShadow !== 'none',
  };
}"""
MAX_STOPS = 150


@dataclass
class TabWalk:
    """The Tab stops of one full round through a page (until focus wraps to the skip link)."""

    stops: list[dict[str, Any]]
    wrapped: bool

    @property
    def keys(self) -> list[str]:
        """The id, or else the text, of each stop."""
        return [str(stop["label"]) for stop in self.stops]

    @property
    def elements(self) -> set[str]:
        return {str(stop["key"]) for stop in self.stops}

    def without_indicator(self) -> list[str]:
        return [
            str(stop["name"])
            for stop in self.stops
            if stop["own"] and not (stop["focusVisible"] and stop["indicator"])
        ]


def tab_round(page: Any, key: str = "Tab") -> TabWalk:
    """Press ``key`` until the focus comes back to the skip link (or MAX_STOPS presses)."""
    stops: list[dict[str, Any]] = []
    for _ in range(MAX_STOPS):
        page.keyboard.press(key)
        stop = page.evaluate(FOCUSED)
        if stop is None:  # focus left the document (past the last stop): go on
            continue
        if stops and stop["key"] == stops[0]["key"]:  # round and back at the start
            return TabWalk(stops, wrapped=True)
        stops.append(stop)
    return TabWalk(stops, wrapped=False)


# (who, path, ids or visible texts of the main actions that Tab must reach)
MAIN_PAGES: list[tuple[str | None, str, tuple[str, ...]]] = [
    (None, "/login", ("gebruikersnaam", "wachtwoord", "Inloggen")),
    (None, "/hulp/chat", ("vraag", "Vraag versturen", "Liever een mens?")),
    ("medewerker", "/kennisbank", ("zoekvraag", "Zoeken")),
    ("medewerker", "/assist", ("Gesprek starten",)),
    ("trainee", "/training", ("scenario", "Begin het gesprek")),
    ("teamleider", "/signalen", ()),
    ("redacteur", "/redactie/nieuw", ("titel", "status", "Opslaan", "Controleer taalniveau")),
    ("beheerder", "/teamdialoog/organisatie", ()),
]
MAIN_PAGES += [
    (
        role.value,
        f"/start/{role.value}",
        tuple(c.title for c in cards_for(role, start_cards()) if c.href),
    )
    for role in Role
]


@pytest.mark.parametrize(("username", "path", "actions"), MAIN_PAGES)
def test_tab_reaches_the_main_actions_with_a_visible_focus(
    page: Any, site: Site, username: str | None, path: str, actions: tuple[str, ...]
) -> None:
    if username:
        log_in(page, site, username)
    page.goto(f"{site.url}{path}")
    walk = tab_round(page)
    assert walk.wrapped, f"{path}: Tab never came back to the start: {walk.keys}"
    assert walk.keys[0] == SKIP_LINK
    missing = [action for action in actions if action not in walk.keys]
    assert not missing, f"{path}: not reachable with Tab: {missing} (stops: {walk.keys})"
    assert walk.without_indicator() == [], f"{path}: focus not visible on these Tab stops"


def test_the_skip_link_moves_focus_to_the_content(page: Any, site: Site) -> None:
    log_in(page, site, "medewerker")
    for path in ("/start/medewerker", "/kennisbank", "/assist"):
        page.goto(f"{site.url}{path}")
        page.keyboard.press("Tab")
        assert page.locator(".skiplink").is_visible(), path  # shown when it has focus
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "inhoud", path
        page.keyboard.press("Tab")  # the next stop is inside the content, not in the header
        assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def leaves_with_tab(page: Any, selector: str) -> None:
    """Typing in a field and pressing Tab moves on (the field does not keep the focus)."""
    page.focus(selector)
    page.keyboard.type("Een regel tekst")
    page.keyboard.press("Tab")
    assert not page.evaluate(f"document.activeElement.matches({selector!r})"), (
        f"{selector} keeps the focus"
    )
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"document.activeElement.matches({selector!r})"), selector


def assert_no_trap(page: Any, where: str) -> None:
    forward = tab_round(page)
    assert forward.wrapped, f"{where}: keyboard trap, Tab goes round in {forward.keys[-10:]}"
    assert SKIP_LINK in forward.keys, f"{where}: Tab goes round in {forward.keys}"
    backward = tab_round(page, "Shift+Tab")
    assert backward.wrapped, f"{where}: keyboard trap backwards in {backward.keys[-10:]}"
    assert backward.elements == forward.elements, where  # the same stops, both ways


def test_no_keyboard_trap_on_the_live_assist_page(page: Any, site: Site) -> None:
    log_in(page, site, "medewerker")
    page.goto(f"{site.url}/assist")
    page.get_by_role("button", name="Gesprek starten").click()
    page.wait_for_selector("#gesprek[data-verbinding]")
    assert_no_trap(page, "assist, empty")
    leaves_with_tab(page, "#beurt-tekst")
    page.fill("#beurt-tekst", "Ik wil een paspoort aanvragen, maar het mijne is gestolen.")
    page.press("#beurt-tekst", "Enter")
    page.wait_for_selector("#gesprek[data-beurten='1']")
    page.wait_for_selector("#suggesties .assist-block")
    page.keyboard.press("Tab")  # from the text field on, after the live update
    assert not page.evaluate("document.activeElement.matches('#beurt-tekst')")
    assert_no_trap(page, "assist, with suggestions")


def test_no_keyboard_trap_in_the_public_chat(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/hulp/chat")
    assert_no_trap(page, "chat, empty")
    leaves_with_tab(page, "#vraag")
    page.fill("#vraag", "Hoe vraag ik een paspoort aan?")
    page.get_by_role("button", name="Vraag versturen").click()
    page.wait_for_selector("#gesprek > li")
    assert_no_trap(page, "chat, answered")


def test_eerst_zelf_pages_pass_axe(page: Any, site: Site) -> None:
    """A member of KCC Team Zuid (the demo team that works "eerst zelf, dan AI"): the own
    choice first, then the review with the own choice beside the proposal."""
    audit = Audit()
    page.goto(f"{site.url}/login")
    page.fill("#gebruikersnaam", "zuid1")
    page.fill("#wachtwoord", COLLEAGUE_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/start/**")
    page.goto(f"{site.url}/assist")
    page.get_by_role("button", name="Gesprek starten").click()
    page.wait_for_selector("#beurt-tekst")
    page.wait_for_function("() => window.htmx !== undefined")
    page.check("#spreker-inwoner")
    page.fill("#beurt-tekst", "Mijn grofvuil is niet opgehaald, het staat er al een week.")
    page.press("#beurt-tekst", "Enter")
    page.wait_for_selector("#gesprek[data-beurten='1']")
    follow(page, site, "a[href$='/controle']", audit, "zuid1 eerst zelf")
    assert page.locator("#eigen-upl").count() == 1
    page.get_by_role("button", name="Mijn keuze vastleggen en het voorstel zien").click()
    page.wait_for_selector("[data-error-summary]")
    audit.check(page, "zuid1 eerst zelf (errors)", fresh=False)
    page.fill("#eigen-upl", "paspoort")
    page.select_option("#eigen-gespreksresultaat", "Zelfstandig afgehandeld")
    page.get_by_role("button", name="Mijn keuze vastleggen en het voorstel zien").click()
    page.wait_for_selector(".assist-own")
    audit.check(page, "zuid1 review with the own choice", fresh=False)
    audit.assert_clean()
