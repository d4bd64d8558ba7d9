"""The hotel's live-event topics for the staff console, and what their payloads hold.
Imports nothing: flows publish with these names (`platform.console_events(CALL, {...})`)
without reaching the console's web code.

Every payload carries `text`, the line the console shows; the other keys are for pages
that want more."""

from __future__ import annotations

# A call for the operators: {"text", "room", "guest", "language", "caller"}.
CALL = "hotel.call"
# Needs someone at once (a wake-up nobody answered, an emergency call, a posting the PMS
# refused): {"text", "room", "kind"}.
ALERT = "hotel.alert"
