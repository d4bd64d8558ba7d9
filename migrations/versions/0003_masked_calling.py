"""Masked calling: shoppers, the fictitious-number pool, pairings, masked calls, pending
callbacks and the SMS outbox.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "shopper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("real_number", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shopper")),
        sa.UniqueConstraint("real_number", name=op.f("uq_shopper_real_number")),
    )
    op.create_table(
        "fictitious_number",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fictitious_number")),
        sa.UniqueConstraint("number", name=op.f("uq_fictitious_number_number")),
    )
    op.create_table(
        "pairing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shopper_id", sa.Integer(), nullable=False),
        sa.Column("fictitious_number_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["shopper_id"],
            ["shopper.id"],
            name=op.f("fk_pairing_shopper_id_shopper"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fictitious_number_id"],
            ["fictitious_number.id"],
            name=op.f("fk_pairing_fictitious_number_id_fictitious_number"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairing")),
        sa.UniqueConstraint("shopper_id", "ordinal", name=op.f("uq_pairing_shopper_id_ordinal")),
        sa.UniqueConstraint("fictitious_number_id", name=op.f("uq_pairing_fictitious_number_id")),
    )
    op.create_table(
        "pending_callback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shopper_id", sa.Integer(), nullable=False),
        sa.Column("order_number", sa.Integer(), nullable=False),
        sa.Column("caller_number", sa.String(length=32), nullable=False),
        sa.Column("fictitious_number", sa.String(length=32), nullable=False),
        sa.Column("missed_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("returned_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["shopper_id"],
            ["shopper.id"],
            name=op.f("fk_pending_callback_shopper_id_shopper"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_callback")),
        sa.UniqueConstraint(
            "shopper_id", "order_number", name=op.f("uq_pending_callback_shopper_id_order_number")
        ),
    )
    op.create_table(
        "masked_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("shopper_id", sa.Integer(), nullable=False),
        sa.Column("fictitious_number", sa.String(length=32), nullable=False),
        sa.Column("remote_number", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=150), nullable=False),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("answered_at", WHEN, nullable=True),
        sa.Column("ended_at", WHEN, nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("recording_name", sa.String(length=200), nullable=True),
        sa.Column("recording_path", sa.String(length=500), nullable=True),
        sa.Column("recording_seconds", sa.Float(), nullable=True),
        sa.Column("pending_callback_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "direction IN ('outbound', 'inbound', 'return')",
            name=op.f("ck_masked_call_direction"),
        ),
        sa.ForeignKeyConstraint(
            ["shopper_id"],
            ["shopper.id"],
            name=op.f("fk_masked_call_shopper_id_shopper"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pending_callback_id"],
            ["pending_callback.id"],
            name=op.f("fk_masked_call_pending_callback_id_pending_callback"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_masked_call")),
    )
    op.create_index(op.f("ix_masked_call_channel_id"), "masked_call", ["channel_id"])
    op.create_index(
        op.f("ix_masked_call_shopper_id_started_at"), "masked_call", ["shopper_id", "started_at"]
    )
    op.create_table(
        "sms_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("to_number", sa.String(length=32), nullable=False),
        sa.Column("body", sa.String(length=480), nullable=False),
        sa.Column("pending_callback_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", WHEN, nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("sent_at", WHEN, nullable=True),
        sa.CheckConstraint("status IN ('pending', 'sent')", name=op.f("ck_sms_outbox_status")),
        sa.ForeignKeyConstraint(
            ["pending_callback_id"],
            ["pending_callback.id"],
            name=op.f("fk_sms_outbox_pending_callback_id_pending_callback"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_outbox")),
        sa.UniqueConstraint("pending_callback_id", name=op.f("uq_sms_outbox_pending_callback_id")),
    )
    op.create_index(
        op.f("ix_sms_outbox_status_next_attempt_at"), "sms_outbox", ["status", "next_attempt_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sms_outbox_status_next_attempt_at"), table_name="sms_outbox")
    op.drop_table("sms_outbox")
    op.drop_index(op.f("ix_masked_call_shopper_id_started_at"), table_name="masked_call")
    op.drop_index(op.f("ix_masked_call_channel_id"), table_name="masked_call")
    op.drop_table("masked_call")
    op.drop_table("pending_callback")
    op.drop_table("pairing")
    op.drop_table("fictitious_number")
    op.drop_table("shopper")
