"""Every table of Reisgenoot, gathered for Alembic (migrations sit above all capabilities)."""

from reisgenoot.accounts import models as accounts_models
from reisgenoot.contacts import models as contacts_models
from reisgenoot.contacts import records as contacts_records
from reisgenoot.impact import models as impact_models
from reisgenoot.jobs import schema as jobs_schema
from reisgenoot.knowledge import index as knowledge_index
from reisgenoot.knowledge import models as knowledge_models
from reisgenoot.knowledge import selfservice_models
from reisgenoot.learning import models as learning_models
from reisgenoot.privacy import models as privacy_models
from reisgenoot.signals import models as signals_models
from reisgenoot.store import audit, audit_base
from reisgenoot.store.base import Base
from reisgenoot.training import models as training_models

metadata = Base.metadata
MODULES = (
    accounts_models,
    contacts_models,
    contacts_records,
    knowledge_models,
    knowledge_index,
    audit,
    training_models,
    impact_models,
    signals_models,
    selfservice_models,
    learning_models,
    audit_base,
    privacy_models,
)


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """For autogenerate: the job queue's tables belong to its library (migration 0017)."""
    return not (type_ == "table" and jobs_schema.is_queue_table(name))
