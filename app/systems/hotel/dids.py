"""The hotel's numbers (seed 002) and the names of its flows (the Stasis appArgs)."""

from __future__ import annotations

# The hotel's main number: outside callers reach the operators through it, and it is the
# number every operator-placed and emergency call presents.
HOTEL_MAIN_NUMBER = "2150550200"

MAIN_FLOW = "hotel-main"
# A room dials the operator code: the room context hands it to this flow.
OPERATOR_FLOW = "hotel-operator"
# The operator's phone answered for an assisted call: it dials the far end from here.
ASSISTED_FLOW = "hotel-assisted"

# -- the room phones' flows (issue 13 items 4-7) --
DIRECT_DIAL_FLOW = "hotel-direct-dial"
EMERGENCY_FLOW = "hotel-emergency"
DND_ON_FLOW = "hotel-dnd-on"
DND_OFF_FLOW = "hotel-dnd-off"
WAKEUP_SET_FLOW = "hotel-wakeup-set"
WAKEUP_CANCEL_FLOW = "hotel-wakeup-cancel"
# Runs on a room phone the wake-up scheduler rang, once it answers.
WAKEUP_CALL_FLOW = "hotel-wakeup-call"
# The context every room and staff phone's calls enter.
ROOMS_CONTEXT = "hotel-rooms"
