"""Every table on one `Base.metadata`: import this where the whole schema matters (Alembic's
env, the model-vs-migration test, the test fixtures that empty every table)."""

from __future__ import annotations

from app.db import masking_models as _masking_models  # noqa: F401  (registers the tables)
from app.db.models import Base

metadata = Base.metadata
