"""EVV call-out: visit close-out fields, tasks, verification answers and exceptions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_VISIT_COLUMNS = (
    ("call_out_number", sa.String(length=64)),
    ("call_out_location_matched", sa.Boolean()),
    ("call_out_channel", sa.String(length=150)),
    ("call_out_group_visit", sa.Boolean()),
    ("service_id", sa.Integer()),
    ("client_verification", sa.String(length=20)),
    ("client_voice_path", sa.String(length=500)),
    ("client_voice_seconds", sa.Float()),
    ("times_verdict", sa.String(length=20)),
    ("service_verdict", sa.String(length=20)),
)


def upgrade() -> None:
    # batch_alter_table: SQLite can only change a column's nullability by copying the table.
    with op.batch_alter_table("visit") as visit:
        # A call-out without a call-in still makes a visit (an exception to review).
        visit.alter_column("call_in_at", existing_type=sa.DateTime(timezone=True), nullable=True)
        visit.alter_column("call_in_channel", existing_type=sa.String(length=150), nullable=True)
        for name, kind in NEW_VISIT_COLUMNS:
            visit.add_column(sa.Column(name, kind, nullable=True))
        visit.create_foreign_key(
            op.f("fk_visit_service_id_service"), "service", ["service_id"], ["id"]
        )
        visit.create_index(op.f("ix_visit_call_out_channel"), ["call_out_channel"])

    op.create_table(
        "visit_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_visit_task_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name=op.f("fk_visit_task_task_id_task")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_task")),
        sa.UniqueConstraint("visit_id", "position", name=op.f("uq_visit_task_visit_id_position")),
    )
    op.create_table(
        "visit_exception",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_visit_exception_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_exception")),
        sa.UniqueConstraint("visit_id", "code", name=op.f("uq_visit_exception_visit_id_code")),
    )
    op.create_index(op.f("ix_visit_exception_visit_id"), "visit_exception", ["visit_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_visit_exception_visit_id"), table_name="visit_exception")
    op.drop_table("visit_exception")
    op.drop_table("visit_task")
    # Visits without a call-in cannot survive the old NOT NULL columns.
    op.execute("DELETE FROM visit WHERE call_in_at IS NULL OR call_in_channel IS NULL")
    with op.batch_alter_table("visit") as visit:
        visit.drop_index(op.f("ix_visit_call_out_channel"))
        visit.drop_constraint(op.f("fk_visit_service_id_service"), type_="foreignkey")
        for name, _ in reversed(NEW_VISIT_COLUMNS):
            visit.drop_column(name)
        visit.alter_column("call_in_channel", existing_type=sa.String(length=150), nullable=False)
        visit.alter_column("call_in_at", existing_type=sa.DateTime(timezone=True), nullable=False)
