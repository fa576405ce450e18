"""The web application: :func:`create_app` composes settings, database, templates and routes.

Nothing here lives at module level: every app gets its own database, templates, CSRF guard
and rate limiter, so tests and several installations can run side by side. Run it with
``uvicorn.run(create_app(settings))`` or ``reisgenoot serve``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from reisgenoot import __version__
from reisgenoot.assist import cards as assist_cards
from reisgenoot.assist import learners as assist_learners
from reisgenoot.assist import routes as assist_routes
from reisgenoot.contacts import cards as contacts_cards
from reisgenoot.contacts import routes as contacts_routes
from reisgenoot.contacts import worklist_routes
from reisgenoot.impact import cards as impact_cards
from reisgenoot.impact.routes import router as impact_router
from reisgenoot.knowledge import cards as knowledge_cards
from reisgenoot.knowledge import learners as knowledge_learners
from reisgenoot.knowledge import question_links, redactie_routes, selfservice_routes
from reisgenoot.knowledge import routes as knowledge_routes
from reisgenoot.knowledge.insight_data import SelfServiceInsight
from reisgenoot.learning import registry
from reisgenoot.learning.learner import Learner
from reisgenoot.learning.nightly import NightlyTraining
from reisgenoot.learning.watch import ActiveVersionWatch
from reisgenoot.llm.backend import from_settings
from reisgenoot.llm.generate import GuardedModel, Use
from reisgenoot.log import get_logger
from reisgenoot.ops import metrics as ops_metrics
from reisgenoot.ops import tasks as ops_tasks
from reisgenoot.oversight import admin_routes, audit_routes, routes_reliance
from reisgenoot.oversight import cards as oversight_cards
from reisgenoot.oversight.routes import router as oversight_router
from reisgenoot.privacy import cards as privacy_cards
from reisgenoot.privacy import purge, resident_routes, retention, retention_routes
from reisgenoot.settings import Settings
from reisgenoot.signals import cards as signals_cards
from reisgenoot.signals.routes import router as signals_router
from reisgenoot.store import audit
from reisgenoot.store.engine import Database, open_database
from reisgenoot.training import cards as training_cards
from reisgenoot.training import routes as training_routes
from reisgenoot.web import auth, error_pages, pages, sso, sso_client
from reisgenoot.web.cards import RoleCard
from reisgenoot.web.deps import login_gate
from reisgenoot.web.ratelimit import RateLimiter
from reisgenoot.web.security import CsrfGuard, SecurityHeadersMiddleware, csrf_protect
from reisgenoot.web.templating import Pages

log = get_logger(__name__)


def start_cards() -> tuple[RoleCard, ...]:
    """The start-page cards of every capability."""
    return (
        *knowledge_cards.CARDS,
        *assist_cards.CARDS,
        *contacts_cards.CARDS,
        *training_cards.CARDS,
        *impact_cards.CARDS,
        *signals_cards.CARDS,
        *oversight_cards.CARDS,
        *privacy_cards.CARDS,
    )


def learners() -> tuple[Learner, ...]:
    """The learned models of every capability (retrained from confirmed work)."""
    return (*assist_learners.LEARNERS, *knowledge_learners.LEARNERS)


class ModelAudit:
    """Writes each model use to the audit trail (model id, task, prompt hash; never text).

    In the web app a use happens inside a request's open transaction; on SQLite a second
    writer would wait for it, so there the event is written by one background thread, after
    that transaction ends (:meth:`drain` waits for pending events).
    """

    def __init__(
        self, settings: Settings, database: Callable[[], Database], *, background: bool
    ) -> None:
        self.settings, self.database = settings, database
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="model-audit") if background else None
        self._pending: list[Future[None]] = []

    def write(self, use: Use) -> None:
        with self.database().session() as session:
            audit.record(
                session, self.settings.audit_secret(), actor="reisgenoot", action="model_gebruikt",
                object_type="taalmodel", object_id=use.model, details=use.details(),
            )  # fmt: skip

    def __call__(self, use: Use) -> None:
        if self._pool is None:
            self.write(use)
            return
        self._pending = [f for f in self._pending if not f.done()]
        self._pending.append(self._pool.submit(self._write_logged, use))

    def _write_logged(self, use: Use) -> None:
        try:
            self.write(use)
        except Exception:
            log.exception("model use not audited", extra={"taak": use.kind})

    def drain(self) -> None:
        for future in list(self._pending):
            future.result()


class ModelScope:
    """Every request and WebSocket of this app uses its own home's learned model versions
    (several municipalities in one process, ADR 29; :func:`registry.scoped`)."""

    def __init__(self, app: ASGIApp, scope: str) -> None:
        self.app, self.scope = app, scope

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with registry.scoped(self.scope):
            await self.app(scope, receive, send)


def language_model(
    settings: Settings, database: Callable[[], Database], *, background: bool = False
) -> GuardedModel | None:
    """The configured language model (or None); each use is audited (:class:`ModelAudit`).

    ``database`` is called only when a model is used (the CLI opens its home lazily).
    """
    return from_settings(settings, on_use=ModelAudit(settings, database, background=background))


def nightly_run(settings: Settings, db: Database) -> NightlyTraining:
    """The nightly run: the retention purge, then retraining (the app's or the worker's)."""
    return NightlyTraining(
        settings,
        db,
        learners(),
        jobs=[("bewaartermijnen", lambda: purge.purge(db, settings))],
        retention_days=lambda: retention.examples_days(db),
    )


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """Build the app; opens and migrates the database of ``settings`` unless one is given."""
    settings = settings or Settings()
    owns_database = database is None
    db = database if database is not None else open_database(settings)

    with db.session() as session:
        registry.refresh(session, settings.home)
    nightly = nightly_run(settings, db)
    single_sign_on = sso_client.configure(settings)
    jobs = ops_tasks.job_queue(settings, db, nightly)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # With the PostgreSQL queue the worker runs the nightly jobs and training; this
        # process only checks now and then which model versions are active (ADR 28).
        watch = None
        if jobs.kind == "in-process":
            nightly.start()
        else:
            every = settings.model_check_seconds
            watch = asyncio.create_task(ActiveVersionWatch(db, settings.home, every).run())
        yield
        nightly.stop()
        if watch is not None:
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch  # a check in flight returns its connection first
        jobs.close()
        if owns_database:
            db.dispose()

    app = FastAPI(
        title="Reisgenoot",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
        # Deny by default: CSRF on every state-changing request, then a login on every
        # route whose endpoint is not marked public.
        dependencies=[Depends(csrf_protect), Depends(login_gate)],
    )
    csrf = CsrfGuard(settings.session_secret(), secure_cookies=settings.secure_cookies)
    app.state.settings = settings
    app.state.database = db
    app.state.llm = language_model(settings, lambda: db, background=True)
    app.state.insight_provider = SelfServiceInsight(db)
    app.state.csrf = csrf
    app.state.pages = Pages(settings, csrf)
    app.state.start_cards = start_cards()
    app.state.nightly_training = nightly
    app.state.jobs = jobs
    app.state.public_limiter = RateLimiter(settings.public_rate_limit_per_minute)
    app.state.sso = single_sign_on

    app.add_middleware(SecurityHeadersMiddleware, form_targets=sso_client.form_targets(settings))
    app.add_middleware(ModelScope, scope=registry.scope_of(settings.home))
    static = resources.files("reisgenoot.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    error_pages.install(app)
    for router in (
        auth.router,
        sso.router,
        pages.router,
        knowledge_routes.router,
        knowledge_routes.public_router,
    ):
        app.include_router(router)
    app.include_router(assist_routes.router)
    app.include_router(training_routes.router)
    app.include_router(impact_router)
    app.include_router(signals_router)
    app.include_router(contacts_routes.router)
    app.include_router(redactie_routes.router)
    app.include_router(question_links.router)
    app.include_router(selfservice_routes.public_router)
    app.include_router(worklist_routes.router)
    app.include_router(oversight_router)
    app.include_router(routes_reliance.router)
    app.include_router(admin_routes.router)
    app.include_router(audit_routes.router)
    app.include_router(retention_routes.router)
    app.include_router(resident_routes.router)
    ops_metrics.install(app, db, learners())
    return app
