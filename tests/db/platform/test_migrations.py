"""Alembic owns the schema: up, down and up again on both databases, with the names
later migrations will rely on, and models that match what the migrations build."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from app.config import REPO_ROOT
from app.db.engine import make_engine
from app.db.migrate import current_revision, downgrade, head_revision, upgrade
from app.systems.schema import metadata

APP_TABLES = {
    "agency",
    "caregiver",
    "client",
    "service",
    "task",
    "visit",
    "visit_task",
    "visit_exception",
    "cdr",
    "shopper",
    "fictitious_number",
    "pairing",
    "pending_callback",
    "masked_call",
    "sms_outbox",
    "sip_phone",
}

EXPECTED_UNIQUE = {
    "agency": {"uq_agency_account_number"},
    "caregiver": {"uq_caregiver_code"},
    "client": {"uq_client_agency_id_code"},
    "service": {"uq_service_agency_id_code"},
    "task": {"uq_task_agency_id_code"},
    "cdr": {"uq_cdr_call_leg"},
    "visit_task": {"uq_visit_task_visit_id_position"},
    "visit_exception": {"uq_visit_exception_visit_id_code"},
    "shopper": {"uq_shopper_real_number"},
    "fictitious_number": {"uq_fictitious_number_number"},
    "pairing": {"uq_pairing_shopper_id_ordinal", "uq_pairing_fictitious_number_id"},
    "pending_callback": {"uq_pending_callback_shopper_id_order_number"},
    "sms_outbox": {"uq_sms_outbox_pending_callback_id"},
    "sip_phone": {"uq_sip_phone_extension"},
}
EXPECTED_FOREIGN_KEYS = {
    "caregiver": {"fk_caregiver_agency_id_agency"},
    "client": {"fk_client_agency_id_agency"},
    "service": {"fk_service_agency_id_agency"},
    "task": {"fk_task_agency_id_agency"},
    "visit": {
        "fk_visit_agency_id_agency",
        "fk_visit_caregiver_id_caregiver",
        "fk_visit_client_id_client",
        "fk_visit_service_id_service",
    },
    "visit_task": {"fk_visit_task_visit_id_visit", "fk_visit_task_task_id_task"},
    "visit_exception": {"fk_visit_exception_visit_id_visit"},
    "pairing": {
        "fk_pairing_shopper_id_shopper",
        "fk_pairing_fictitious_number_id_fictitious_number",
    },
    "pending_callback": {"fk_pending_callback_shopper_id_shopper"},
    "masked_call": {
        "fk_masked_call_shopper_id_shopper",
        "fk_masked_call_pending_callback_id_pending_callback",
    },
    "sms_outbox": {"fk_sms_outbox_pending_callback_id_pending_callback"},
}
EXPECTED_INDEXES = {
    "caregiver": {"ix_caregiver_agency_id"},
    "visit": {
        "ix_visit_caregiver_id_call_in_at",
        "ix_visit_client_id",
        "ix_visit_call_in_channel",
        "ix_visit_call_out_channel",
    },
    "visit_exception": {"ix_visit_exception_visit_id"},
    "cdr": {"ix_cdr_start_time"},
    "masked_call": {"ix_masked_call_channel_id", "ix_masked_call_shopper_id_started_at"},
    "sms_outbox": {"ix_sms_outbox_status_next_attempt_at"},
}
EXPECTED_CHECKS = {
    "cdr": {"ck_cdr_origin"},
    "masked_call": {"ck_masked_call_direction"},
    "sms_outbox": {"ck_sms_outbox_status"},
}


def _schema(connection: Connection) -> dict[str, Any]:
    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    present = tables & APP_TABLES
    return {
        "tables": tables,
        "unique": {t: {c["name"] for c in inspector.get_unique_constraints(t)} for t in present},
        "fks": {t: {c["name"] for c in inspector.get_foreign_keys(t)} for t in present},
        "indexes": {t: {i["name"] for i in inspector.get_indexes(t)} for t in present},
        "checks": {t: {c["name"] for c in inspector.get_check_constraints(t)} for t in present},
        "cdr_columns": {c["name"] for c in inspector.get_columns("cdr")}
        if "cdr" in tables
        else set(),
    }


def _model_diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": True}
    )
    return list(compare_metadata(context, metadata))


async def _inspect(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_schema)
    finally:
        await engine.dispose()


async def _diff(url: str) -> list[Any]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_model_diff)
    finally:
        await engine.dispose()


def _assert_at_head(schema: dict[str, Any]) -> None:
    assert schema["tables"] >= APP_TABLES | {"alembic_version"}
    for table, names in EXPECTED_UNIQUE.items():
        assert names <= schema["unique"][table], table
    for table, names in EXPECTED_FOREIGN_KEYS.items():
        assert schema["fks"][table] == names, table
    for table, names in EXPECTED_INDEXES.items():
        assert names <= schema["indexes"][table], table
    for table, names in EXPECTED_CHECKS.items():
        assert names <= schema["checks"][table], table
    assert {"unique_id", "destination_channel", "origin", "recorded_at"} <= schema["cdr_columns"]


async def test_upgrade_downgrade_upgrade(empty_db_url: str) -> None:
    # The PostgreSQL database is shared by the session and may already be at head.
    await downgrade(empty_db_url, "base")
    assert await current_revision(empty_db_url) is None

    await upgrade(empty_db_url)
    assert await current_revision(empty_db_url) == head_revision()
    _assert_at_head(await _inspect(empty_db_url))

    await downgrade(empty_db_url, "base")
    assert await current_revision(empty_db_url) is None
    assert not (await _inspect(empty_db_url))["tables"] & APP_TABLES

    await upgrade(empty_db_url)
    _assert_at_head(await _inspect(empty_db_url))


async def test_models_match_migrations(empty_db_url: str) -> None:
    await upgrade(empty_db_url)
    assert await _diff(empty_db_url) == []


async def test_alembic_cli_takes_the_url_from_x_argument(sqlite_url: str) -> None:
    # DATABASE_URL points nowhere usable: only `-x url=` can make this succeed.
    env = {**os.environ, "DATABASE_URL": "sqlite+aiosqlite:////nonexistent/dir/never.db"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "alembic",
        "-x",
        f"url={sqlite_url}",
        "upgrade",
        "head",
        cwd=REPO_ROOT,
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, stderr.decode()
    assert await current_revision(sqlite_url) == head_revision()


async def test_visits_survive_the_call_out_migration(empty_db_url: str) -> None:
    from sqlalchemy import text

    await downgrade(empty_db_url, "base")
    await upgrade(empty_db_url, "0001")
    engine = make_engine(empty_db_url)
    try:
        async with engine.begin() as connection:
            for statement in (
                "INSERT INTO agency (id, name, account_number, max_clients, max_visit_minutes) "
                "VALUES (1, 'A', '1', 3, 720)",
                "INSERT INTO caregiver (id, agency_id, code, name) VALUES (1, 1, '1234', 'C')",
                "INSERT INTO client (id, agency_id, code, name, phone) "
                "VALUES (1, 1, '1001', 'K', '5550001001')",
                "INSERT INTO visit (id, agency_id, caregiver_id, client_id, group_visit, "
                "call_in_at, call_in_number, call_in_location_matched, call_in_channel, "
                "created_at) VALUES (1, 1, 1, 1, false, '2026-11-22 10:00:00+00:00', "
                "'5550001001', true, 'chan-1', '2026-11-22 10:00:00+00:00')",
            ):
                await connection.execute(text(statement))
        await upgrade(empty_db_url, "0002")
        async with engine.connect() as connection:
            row = (
                await connection.execute(text("SELECT call_in_channel, times_verdict FROM visit"))
            ).one()
        assert tuple(row) == ("chan-1", None)
        await downgrade(empty_db_url, "0001")
        async with engine.connect() as connection:
            count = (await connection.execute(text("SELECT count(*) FROM visit"))).scalar_one()
        assert count == 1
    finally:
        await engine.dispose()
        await upgrade(empty_db_url)


async def test_logged_sms_status_migration(empty_db_url: str) -> None:
    """0004 lets an SMS be `logged` (no gateway) besides `sent`; going back turns it `sent`."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    insert = (
        "INSERT INTO sms_outbox (id, to_number, body, status, attempts, next_attempt_at, "
        "created_at) VALUES ({id}, '602111222', 'Missed call', '{status}', 0, "
        "'2026-11-22 10:00:00+00:00', '2026-11-22 10:00:00+00:00')"
    )
    await downgrade(empty_db_url, "base")
    await upgrade(empty_db_url, "0003")
    engine = make_engine(empty_db_url)
    try:
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(text(insert.format(id=1, status="logged")))
        async with engine.begin() as connection:
            await connection.execute(text(insert.format(id=1, status="sent")))
        await upgrade(empty_db_url, "0004")
        async with engine.begin() as connection:
            await connection.execute(text(insert.format(id=2, status="logged")))
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(text(insert.format(id=3, status="delivered")))
        assert "ck_sms_outbox_status" in (await _inspect(empty_db_url))["checks"]["sms_outbox"]

        await downgrade(empty_db_url, "0003")
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT id, status FROM sms_outbox ORDER BY id"))
            assert [tuple(row) for row in rows] == [(1, "sent"), (2, "sent")]
        assert "ck_sms_outbox_status" in (await _inspect(empty_db_url))["checks"]["sms_outbox"]
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(text(insert.format(id=4, status="logged")))
    finally:
        await engine.dispose()
        await upgrade(empty_db_url)
