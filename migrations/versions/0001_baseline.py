"""Baseline: EVV reference data, visits and CDRs.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Names are spelled out (op.f marks them final) so they match the models' naming
# convention on every database and later migrations can refer to them.


def _code_table(name: str) -> None:
    """service and task: per-agency code lists with the same shape."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f(f"fk_{name}_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("agency_id", "code", name=op.f(f"uq_{name}_agency_id_code")),
    )


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("account_number", sa.String(length=32), nullable=False),
        sa.Column("max_clients", sa.Integer(), nullable=False),
        sa.Column("max_visit_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "timezone", sa.String(length=64), server_default="America/New_York", nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency")),
        sa.UniqueConstraint("account_number", name=op.f("uq_agency_account_number")),
    )
    op.create_table(
        "caregiver",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_caregiver_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caregiver")),
        sa.UniqueConstraint("code", name=op.f("uq_caregiver_code")),
    )
    op.create_index(op.f("ix_caregiver_agency_id"), "caregiver", ["agency_id"])
    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_client_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
        sa.UniqueConstraint("agency_id", "code", name=op.f("uq_client_agency_id_code")),
    )
    _code_table("service")
    _code_table("task")
    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("caregiver_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("group_visit", sa.Boolean(), nullable=False),
        sa.Column("call_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("call_in_number", sa.String(length=64), nullable=True),
        sa.Column("call_in_location_matched", sa.Boolean(), nullable=False),
        sa.Column("call_in_channel", sa.String(length=150), nullable=False),
        sa.Column("call_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_visit_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["caregiver_id"], ["caregiver.id"], name=op.f("fk_visit_caregiver_id_caregiver")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_visit_client_id_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
    )
    op.create_index(
        op.f("ix_visit_caregiver_id_call_in_at"), "visit", ["caregiver_id", "call_in_at"]
    )
    op.create_index(op.f("ix_visit_client_id"), "visit", ["client_id"])
    op.create_index(op.f("ix_visit_call_in_channel"), "visit", ["call_in_channel"])
    op.create_table(
        "cdr",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unique_id", sa.String(), nullable=False),
        sa.Column("account_code", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("destination", sa.String(), nullable=False),
        sa.Column("destination_context", sa.String(), nullable=False),
        sa.Column("caller_id", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("destination_channel", sa.String(), nullable=False),
        sa.Column("last_app", sa.String(), nullable=False),
        sa.Column("last_data", sa.String(), nullable=False),
        sa.Column("start_time", sa.DateTime(timezone=False), nullable=False),
        sa.Column("answer_time", sa.DateTime(timezone=False), nullable=True),
        sa.Column("end_time", sa.DateTime(timezone=False), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("billable_seconds", sa.Integer(), nullable=False),
        sa.Column("disposition", sa.String(), nullable=False),
        sa.Column("ama_flags", sa.String(), nullable=False),
        sa.Column("user_field", sa.String(), nullable=False),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("origin IN ('ami', 'csv')", name=op.f("ck_cdr_origin")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cdr")),
        sa.UniqueConstraint(
            "unique_id",
            "channel",
            "destination_channel",
            "start_time",
            name=op.f("uq_cdr_call_leg"),
        ),
    )
    op.create_index(op.f("ix_cdr_start_time"), "cdr", ["start_time"])


def downgrade() -> None:
    op.drop_index(op.f("ix_cdr_start_time"), table_name="cdr")
    op.drop_table("cdr")
    op.drop_index(op.f("ix_visit_call_in_channel"), table_name="visit")
    op.drop_index(op.f("ix_visit_client_id"), table_name="visit")
    op.drop_index(op.f("ix_visit_caregiver_id_call_in_at"), table_name="visit")
    op.drop_table("visit")
    op.drop_table("task")
    op.drop_table("service")
    op.drop_table("client")
    op.drop_index(op.f("ix_caregiver_agency_id"), table_name="caregiver")
    op.drop_table("caregiver")
    op.drop_table("agency")
