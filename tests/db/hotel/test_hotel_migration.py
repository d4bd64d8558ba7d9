"""Migration 0007 builds the hotel's tables with the constraint names later migrations
rely on, goes down cleanly, and holds one in-house guest per room on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from app.db.engine import make_engine
from app.db.migrate import downgrade, upgrade

HOTEL_TABLES = {
    "hotel_room": (
        {"uq_hotel_room_number", "uq_hotel_room_extension"},
        {"ck_hotel_room_class_of_service"},
    ),
    "hotel_guest": (set(), {"ck_hotel_guest_language"}),
    "hotel_staff": (
        {"uq_hotel_staff_extension"},
        {"ck_hotel_staff_role", "ck_hotel_staff_class_of_service"},
    ),
    "hotel_tariff": ({"uq_hotel_tariff_prefix"}, set()),
    "hotel_folio_posting": (
        {"uq_hotel_folio_posting_posting_key"},
        {"ck_hotel_folio_posting_status"},
    ),
    "hotel_voucher": (
        set(),
        {"ck_hotel_voucher_call_type", "ck_hotel_voucher_status", "ck_hotel_voucher_outcome"},
    ),
    "hotel_staff_call": ({"uq_hotel_staff_call_call_key"}, set()),
    "hotel_wakeup": (set(), {"ck_hotel_wakeup_state"}),
    "hotel_pms_message": (
        {"uq_hotel_pms_message_posting_id"},
        {"ck_hotel_pms_message_direction", "ck_hotel_pms_message_status"},
    ),
}


def _schema(connection: Connection) -> dict[str, Any]:
    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    return {
        "tables": tables,
        "unique": {
            t: {c["name"] for c in inspector.get_unique_constraints(t)}
            for t in HOTEL_TABLES
            if t in tables
        },
        "checks": {
            t: {c["name"] for c in inspector.get_check_constraints(t)}
            for t in HOTEL_TABLES
            if t in tables
        },
        "indexes": {
            t: {i["name"] for i in inspector.get_indexes(t)} for t in HOTEL_TABLES if t in tables
        },
    }


async def _inspect(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_schema)
    finally:
        await engine.dispose()


async def test_hotel_tables_up_down_up(empty_db_url: str) -> None:
    await upgrade(empty_db_url)
    schema = await _inspect(empty_db_url)
    for table, (unique, checks) in HOTEL_TABLES.items():
        assert unique <= schema["unique"][table], table
        assert checks <= schema["checks"][table], table
    assert "uq_hotel_guest_in_house_room" in schema["indexes"]["hotel_guest"]
    assert "ix_hotel_wakeup_state_due_at" in schema["indexes"]["hotel_wakeup"]
    await downgrade(empty_db_url, "0004")
    assert not (await _inspect(empty_db_url))["tables"] & set(HOTEL_TABLES)
    await upgrade(empty_db_url)
    assert set(HOTEL_TABLES) <= (await _inspect(empty_db_url))["tables"]


async def test_one_guest_in_house_per_room_but_any_number_departed(db_url: str) -> None:
    stay = (
        "INSERT INTO hotel_guest (room_id, name, latin_name, language, privacy, "
        "checked_in_at, checked_out_at, source) VALUES (1, '{name}', '{name}', 'en', false, "
        "'2026-12-01 10:00:00+00:00', {out}, 'cli')"
    )
    engine = make_engine(db_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO hotel_room (id, number, extension, dnd, class_of_service, "
                    "message_lamp, created_at) VALUES (1, '101', '101', false, 'internal', false, "
                    "'2026-12-01 10:00:00+00:00')"
                )
            )
            for name in ("Gone One", "Gone Two"):
                await connection.execute(
                    text(stay.format(name=name, out="'2026-12-02 10:00:00+00:00'"))
                )
            await connection.execute(text(stay.format(name="Here", out="NULL")))
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(text(stay.format(name="Second", out="NULL")))
    finally:
        await engine.dispose()
