"""The reference-data files `switchboard import` takes (kept import-light for the CLI)."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    CAREGIVERS = "caregivers"
    CLIENTS = "clients"
    SERVICES = "services"
    TASKS = "tasks"
