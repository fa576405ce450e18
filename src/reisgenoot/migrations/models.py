"""Every table of Reisgenoot, gathered for Alembic (migrations sit above all capabilities)."""

from reisgenoot.accounts import models as accounts_models
from reisgenoot.contacts import models as contacts_models
from reisgenoot.knowledge import models as knowledge_models
from reisgenoot.store import audit
from reisgenoot.store.base import Base

metadata = Base.metadata
MODULES = (accounts_models, contacts_models, knowledge_models, audit)
