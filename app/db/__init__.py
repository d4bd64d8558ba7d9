"""Database layer shared by every system: engine, column types, errors, migrations."""
