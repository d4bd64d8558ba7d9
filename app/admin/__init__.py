"""What every system's admin commands share: the one admin error, opening the database
with one-line errors, local calendar days, writing a recording out. A system's own
commands live in its package (app/systems/<name>/cli.py)."""
