"""A shopper's language: what the masking line speaks to them and the SMS is written in.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSTRAINT = "ck_shopper_language"


def upgrade() -> None:
    # Every shopper so far is a Czech mystery shopper (seed 001): they keep hearing the
    # line they know, now in Czech. Batch mode: SQLite rebuilds the table to add the check.
    with op.batch_alter_table("shopper") as batch:
        batch.add_column(
            sa.Column("language", sa.String(length=8), server_default="cs", nullable=False)
        )
        batch.create_check_constraint(
            op.f(CONSTRAINT), "length(language) BETWEEN 2 AND 3 AND lower(language) = language"
        )


def downgrade() -> None:
    with op.batch_alter_table("shopper") as batch:
        batch.drop_constraint(op.f(CONSTRAINT), type_="check")
        batch.drop_column("language")
