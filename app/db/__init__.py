"""Database layer. Importing the package registers every table on `Base.metadata`, so
Alembic's env, the model-vs-migration test and the test fixtures all see the same schema."""

from app.db import masking_models as _masking_models  # noqa: F401  (registers the tables)
