"""Every table on the one `Base.metadata`: the platform's own (CDRs, the SMS outbox, the SIP
phones) and each system's. Import this where the whole schema matters: Alembic's env, the
model-vs-migration test, the test fixtures that empty every table. Commands import only the
tables they use."""

from __future__ import annotations

from app.cdr.models import CdrRow
from app.db.base import Base
from app.pbx.phones.models import PhoneRow
from app.sms.models import SmsOutboxRow
from app.systems import SYSTEMS

TABLES: tuple[type[Base], ...] = (
    CdrRow,
    SmsOutboxRow,
    PhoneRow,
    *(model for system in SYSTEMS for model in system.models()),
)
metadata = Base.metadata
assert all(table.metadata is metadata for table in TABLES)
