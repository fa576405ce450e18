"""Background work: one interface, run in the app process (SQLite) or by ``reisgenoot worker``
from a job queue in PostgreSQL (procrastinate). See :mod:`reisgenoot.jobs.queue` and ADR 28."""
