"""The hotel switchboard: rooms, guests, staff extensions, tariffs, folio postings,
telephone vouchers, the staff long-distance log, wake-up calls and the PMS queue.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "hotel_room",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=10), nullable=False),
        sa.Column("extension", sa.String(length=10), nullable=False),
        sa.Column("floor", sa.Integer(), nullable=True),
        sa.Column("dnd", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column(
            "class_of_service", sa.String(length=16), server_default="internal", nullable=False
        ),
        sa.Column("message_lamp", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.CheckConstraint(
            "class_of_service IN ('internal', 'local', 'national', 'international')",
            name=op.f("ck_hotel_room_class_of_service"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_room")),
        sa.UniqueConstraint("extension", name=op.f("uq_hotel_room_extension")),
        sa.UniqueConstraint("number", name=op.f("uq_hotel_room_number")),
    )
    op.create_table(
        "hotel_staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("extension", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("class_of_service", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "class_of_service IN ('internal', 'local', 'national', 'international')",
            name=op.f("ck_hotel_staff_class_of_service"),
        ),
        sa.CheckConstraint(
            "role IN ('operator', 'front_desk', 'staff')", name=op.f("ck_hotel_staff_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_staff")),
        sa.UniqueConstraint("extension", name=op.f("uq_hotel_staff_extension")),
    )
    op.create_table(
        "hotel_tariff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("per_minute", sa.Integer(), nullable=False),
        sa.Column("minimum", sa.Integer(), nullable=False),
        sa.Column("idd_surcharge", sa.Integer(), nullable=False),
        sa.Column("person_to_person_surcharge", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_tariff")),
        sa.UniqueConstraint("prefix", name=op.f("uq_hotel_tariff_prefix")),
    )
    op.create_table(
        "hotel_guest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("reservation", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("latin_name", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("privacy", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("checked_in_at", WHEN, nullable=False),
        sa.Column("departure", sa.Date(), nullable=True),
        sa.Column("checked_out_at", WHEN, nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.CheckConstraint("language IN ('zh', 'en')", name=op.f("ck_hotel_guest_language")),
        sa.ForeignKeyConstraint(
            ["room_id"], ["hotel_room.id"], name=op.f("fk_hotel_guest_room_id_hotel_room")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_guest")),
    )
    op.create_index(
        op.f("ix_hotel_guest_reservation"), "hotel_guest", ["reservation"], unique=False
    )
    op.create_index(
        op.f("uq_hotel_guest_in_house_room"),
        "hotel_guest",
        ["room_id"],
        unique=True,
        sqlite_where=sa.text("checked_out_at IS NULL"),
        postgresql_where=sa.text("checked_out_at IS NULL"),
    )

    op.create_table(
        "hotel_staff_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_key", sa.String(length=120), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("destination", sa.String(length=32), nullable=False),
        sa.Column("placed_by", sa.String(length=10), nullable=False),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Integer(), nullable=False),
        sa.Column("rated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["hotel_staff.id"], name=op.f("fk_hotel_staff_call_staff_id_hotel_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_staff_call")),
        sa.UniqueConstraint("call_key", name=op.f("uq_hotel_staff_call_call_key")),
    )
    op.create_table(
        "hotel_folio_posting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("posting_key", sa.String(length=120), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("destination", sa.String(length=32), nullable=False),
        sa.Column("call_type", sa.String(length=20), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("call_at", WHEN, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("pms_status", sa.String(length=10), nullable=True),
        sa.Column("pms_text", sa.String(length=200), nullable=True),
        sa.Column("answered_at", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.CheckConstraint(
            "status IN ('unrated', 'local', 'pending', 'accepted', 'rejected')",
            name=op.f("ck_hotel_folio_posting_status"),
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"],
            ["hotel_guest.id"],
            name=op.f("fk_hotel_folio_posting_guest_id_hotel_guest"),
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["hotel_room.id"], name=op.f("fk_hotel_folio_posting_room_id_hotel_room")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_folio_posting")),
        sa.UniqueConstraint("posting_key", name=op.f("uq_hotel_folio_posting_posting_key")),
    )
    op.create_index(
        op.f("ix_hotel_folio_posting_status"), "hotel_folio_posting", ["status"], unique=False
    )

    op.create_table(
        "hotel_wakeup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=True),
        sa.Column("time_of_day", sa.String(length=4), nullable=False),
        sa.Column("daily", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("due_at", WHEN, nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("lease_until", WHEN, nullable=True),
        sa.Column("set_by", sa.String(length=10), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.CheckConstraint(
            "state IN ('scheduled', 'ringing', 'done', 'failed', 'cancelled')",
            name=op.f("ck_hotel_wakeup_state"),
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"], ["hotel_guest.id"], name=op.f("fk_hotel_wakeup_guest_id_hotel_guest")
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["hotel_room.id"], name=op.f("fk_hotel_wakeup_room_id_hotel_room")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_wakeup")),
    )
    op.create_index(
        op.f("ix_hotel_wakeup_state_due_at"), "hotel_wakeup", ["state", "due_at"], unique=False
    )

    op.create_table(
        "hotel_pms_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=2), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", WHEN, nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("done_at", WHEN, nullable=True),
        sa.CheckConstraint(
            "direction IN ('in', 'out')", name=op.f("ck_hotel_pms_message_direction")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'failed')", name=op.f("ck_hotel_pms_message_status")
        ),
        sa.ForeignKeyConstraint(
            ["posting_id"],
            ["hotel_folio_posting.id"],
            name=op.f("fk_hotel_pms_message_posting_id_hotel_folio_posting"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_pms_message")),
        sa.UniqueConstraint("posting_id", name=op.f("uq_hotel_pms_message_posting_id")),
    )
    op.create_index(
        op.f("ix_hotel_pms_message_direction_status_next_attempt_at"),
        "hotel_pms_message",
        ["direction", "status", "next_attempt_at"],
        unique=False,
    )

    op.create_table(
        "hotel_voucher",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=False),
        sa.Column("caller_name", sa.String(length=200), nullable=False),
        sa.Column("room_number", sa.String(length=10), nullable=False),
        sa.Column("hotel_number", sa.String(length=32), nullable=False),
        sa.Column("city_name", sa.String(length=100), nullable=False),
        sa.Column("city_code", sa.String(length=20), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("destination", sa.String(length=32), nullable=False),
        sa.Column("call_type", sa.String(length=20), nullable=False),
        sa.Column("operator_name", sa.String(length=200), nullable=False),
        sa.Column("operator_extension", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("placed_at", WHEN, nullable=True),
        sa.Column("connected_at", WHEN, nullable=True),
        sa.Column("ended_at", WHEN, nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=True),
        sa.Column("charge", sa.Integer(), nullable=True),
        sa.Column("charge_note", sa.String(length=200), nullable=True),
        sa.Column("posting_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "call_type IN ('idd', 'person_to_person', 'collect')",
            name=op.f("ck_hotel_voucher_call_type"),
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('completed', 'person_not_there', "
            "'charge_refused', 'no_answer', 'busy', 'cancelled')",
            name=op.f("ck_hotel_voucher_outcome"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'placing', 'connected', 'closed')",
            name=op.f("ck_hotel_voucher_status"),
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"], ["hotel_guest.id"], name=op.f("fk_hotel_voucher_guest_id_hotel_guest")
        ),
        sa.ForeignKeyConstraint(
            ["posting_id"],
            ["hotel_folio_posting.id"],
            name=op.f("fk_hotel_voucher_posting_id_hotel_folio_posting"),
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["hotel_room.id"], name=op.f("fk_hotel_voucher_room_id_hotel_room")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_voucher")),
    )


def downgrade() -> None:
    op.drop_table("hotel_voucher")
    op.drop_index(
        op.f("ix_hotel_pms_message_direction_status_next_attempt_at"),
        table_name="hotel_pms_message",
    )

    op.drop_table("hotel_pms_message")
    op.drop_index(op.f("ix_hotel_wakeup_state_due_at"), table_name="hotel_wakeup")

    op.drop_table("hotel_wakeup")
    op.drop_index(op.f("ix_hotel_folio_posting_status"), table_name="hotel_folio_posting")

    op.drop_table("hotel_folio_posting")
    op.drop_table("hotel_staff_call")
    op.drop_index(
        op.f("uq_hotel_guest_in_house_room"),
        table_name="hotel_guest",
        sqlite_where=sa.text("checked_out_at IS NULL"),
        postgresql_where=sa.text("checked_out_at IS NULL"),
    )
    op.drop_index(op.f("ix_hotel_guest_reservation"), table_name="hotel_guest")

    op.drop_table("hotel_guest")
    op.drop_table("hotel_tariff")
    op.drop_table("hotel_staff")
    op.drop_table("hotel_room")
