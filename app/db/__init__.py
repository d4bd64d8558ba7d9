"""Database layer. Importing the package imports nothing else: each command loads only the
tables it uses (the admin CLI starts faster that way). `app.db.schema` registers every
table on `Base.metadata` for Alembic's env, the model-vs-migration test and the fixtures."""
