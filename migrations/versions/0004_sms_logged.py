"""An SMS that only went to the log (no gateway configured) is `logged`, not `sent`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSTRAINT = "ck_sms_outbox_status"


def _status_check(values: str) -> None:
    # SQLite cannot alter a constraint: batch mode rebuilds the table (copying its rows),
    # PostgreSQL alters it in place. The name is given whole, as migration 0003 made it.
    with op.batch_alter_table("sms_outbox") as batch:
        batch.drop_constraint(op.f(CONSTRAINT), type_="check")
        batch.create_check_constraint(op.f(CONSTRAINT), f"status IN ({values})")


def upgrade() -> None:
    _status_check("'pending', 'sent', 'logged'")


def downgrade() -> None:
    # The old schema knows no `logged`: those rows left the outbox, so `sent` is the
    # closest it can say (the log line remains the record of what happened).
    op.execute("UPDATE sms_outbox SET status = 'sent' WHERE status = 'logged'")
    _status_check("'pending', 'sent'")
