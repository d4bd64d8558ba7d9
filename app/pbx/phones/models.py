"""The SIP phones table (migration 0008)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, false, true
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utc_now
from app.db.types import UTCDateTime


class PhoneRow(Base):
    """A phone that registers with its extension as user name and a generated secret."""

    __tablename__ = "sip_phone"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    extension: Mapped[str] = mapped_column(String(16), unique=True)
    # HA1 = md5(extension:realm:secret): the secret itself is printed once and never
    # stored, so neither the database nor the rendered pjsip config holds it in clear.
    secret_digest: Mapped[str] = mapped_column(String(64))
    # The dialplan context the phone's calls enter; its owner system ships it.
    context: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(80), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    mailbox: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The system that created the phone ("hotel", "callcentre"), or "admin" from the CLI.
    owner: Mapped[str] = mapped_column(String(32))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Lit by the controller (an operator's message, a PMS "message waiting"), apart from
    # the voicemail box's own count; kept here so it survives an Asterisk restart.
    message_lamp: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
