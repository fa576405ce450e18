"""``/metrics`` in the Prometheus text format (``prometheus-client``).

What is measured, per app (its own :class:`CollectorRegistry`, so apps in one process do not mix):

- ``reisgenoot_requests_total`` and ``reisgenoot_request_duration_seconds`` by method, *route
  template* and status. Never the raw path or query string: those can hold a BSN, an e-mail
  address or an id (``/kennisbank?q=…``). A request no route answered is ``(geen route)``.
- ``reisgenoot_openklant_queue`` — klantcontacten not yet sent to Open Klant, by status;
- ``reisgenoot_model_version`` — the active version of every learned model (0: the packaged
  model), from the learning registry;
- ``reisgenoot_info`` — the version of Reisgenoot and the kind of database.

The route is reachable from ``REISGENOOT_METRICS_ALLOW`` (default: loopback) without logging in,
and by a logged-in beheerder from anywhere; everyone else gets the usual 403/login answer.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reisgenoot import __version__
from reisgenoot.accounts.models import Role
from reisgenoot.contacts.records import SEND_STATUSES, OpenKlantDelivery
from reisgenoot.learning.learner import Learner
from reisgenoot.learning.models import ModelVersion
from reisgenoot.log import get_logger
from reisgenoot.store.engine import Database
from reisgenoot.web.access_log import route_template
from reisgenoot.web.deps import (
    LoginRequiredError,
    NotAllowedError,
    OptionalUser,
    client_address,
    get_settings,
    public,
)

SENT = "verzonden"
# Always reported (0 when empty), so a dashboard has a series from the start.
UNSENT = tuple(status for status in SEND_STATUSES if status != SENT)
# Latency buckets in seconds: live assist aims at 0.1 s, the public chat at 0.3 s.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)

_log = get_logger(__name__)
router = APIRouter()


class StateCollector(Collector):
    """Figures read from the database at scrape time: the Open Klant queue, model versions."""

    def __init__(self, database: Database, learners: tuple[Learner, ...]) -> None:
        self.database = database
        self.learners = learners

    def collect(self) -> Iterator[GaugeMetricFamily | InfoMetricFamily]:
        info = InfoMetricFamily("reisgenoot", "Reisgenoot version and database kind.")
        kind = "sqlite" if self.database.settings.is_sqlite else "postgresql"
        info.add_metric([], {"version": __version__, "database": kind})
        yield info
        queue = GaugeMetricFamily(
            "reisgenoot_openklant_queue",
            "Klantcontacten not yet sent to Open Klant, by delivery status.",
            labels=["status"],
        )
        versions = GaugeMetricFamily(
            "reisgenoot_model_version",
            "Active version of each learned model (0: the packaged model).",
            labels=["model"],
        )
        try:
            with self.database.session() as session:
                waiting = session.execute(
                    select(OpenKlantDelivery.status, func.count())
                    .where(OpenKlantDelivery.status != SENT)
                    .group_by(OpenKlantDelivery.status)
                ).all()
                active = dict(
                    session.execute(
                        select(ModelVersion.learner, ModelVersion.number).where(
                            ModelVersion.active.is_(True)
                        )
                    ).all()
                )
        except Exception:  # a scrape must answer even when the database does not
            _log.warning("metrics: the database could not be read")
            return
        counts = dict.fromkeys(UNSENT, 0.0) | {str(s): float(n) for s, n in waiting}
        for status, count in sorted(counts.items()):
            queue.add_metric([status], count)
        names = {learner.name for learner in self.learners} | set(active)
        for name in sorted(names):
            versions.add_metric([name], float(active.get(name, 0)))
        yield queue
        yield versions
        jobs = self._jobs()
        if jobs is not None:
            yield jobs

    def _jobs(self) -> GaugeMetricFamily | None:
        """The PostgreSQL job queue per status (None with the in-process runner)."""
        if not self.database.settings.uses_job_queue:
            return None
        from reisgenoot.jobs.postgres import queue_counts

        try:
            with self.database.engine.connect() as connection:
                counts = queue_counts(connection)
        except Exception:  # e.g. a database not yet at migration 0017
            _log.warning("metrics: the job queue could not be read")
            return None
        family = GaugeMetricFamily(
            "reisgenoot_jobs",
            "Background jobs in the PostgreSQL queue, by status.",
            labels=["status"],
        )
        for status, count in counts.items():
            family.add_metric([status], float(count))
        return family


class Metrics:
    """The registry and request metrics of one app."""

    def __init__(self, database: Database, learners: tuple[Learner, ...]) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "reisgenoot_requests",
            "HTTP requests by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "reisgenoot_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.registry.register(StateCollector(database, learners))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)


class MetricsMiddleware:
    """Count and time every HTTP request by the template of the route that answered."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: list[int] = []

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            self.metrics.observe(
                str(scope.get("method", "GET")),
                route_template(scope),
                status[0] if status else 500,
                time.perf_counter() - started,
            )


def _allowed(request: Request) -> bool:
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    networks = get_settings(request).metrics_allow
    return any(address in ipaddress.ip_network(net, strict=False) for net in networks)


def metrics_access(request: Request, user: OptionalUser) -> None:
    """Allowed addresses without login; otherwise a beheerder's session."""
    if _allowed(request):
        return
    if user is None:
        raise LoginRequiredError("login required")
    if not user.has_any({Role.BEHEERDER}):
        raise NotAllowedError("role missing", roles=[Role.BEHEERDER.value])


@router.get("/metrics", include_in_schema=False)
@public  # the gate is metrics_access: an allowed address, or a beheerder
def metrics_page(request: Request, _: Annotated[None, Depends(metrics_access)]) -> Response:
    metrics: Metrics = request.app.state.metrics
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


def install(app: FastAPI, database: Database, learners: tuple[Learner, ...]) -> None:
    """Add the request metrics middleware and the ``/metrics`` route to ``app``."""
    metrics = Metrics(database, learners)
    app.state.metrics = metrics
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.include_router(router)
