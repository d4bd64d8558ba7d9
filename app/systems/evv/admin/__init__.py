"""Admin tasks behind `switchboard`: agencies, reference-data import, visit reports.

Everything here hands frozen dataclasses to its callers; ORM rows stay inside.
"""
