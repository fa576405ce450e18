"""Storage plumbing: declarative base, engine and migrations, the append-only audit trail."""
