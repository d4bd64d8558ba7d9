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
