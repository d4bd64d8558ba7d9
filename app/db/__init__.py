"""Database layer shared by every system: engine, base, column types, errors, migrations.
Importing the package imports nothing else: each command loads only the tables it uses
(the admin CLI starts faster that way); app.systems.schema registers every table."""
