"""Masked calling's numbers (seed 001) and the names of its flows (the Stasis appArgs)."""

from __future__ import annotations

# The access number shoppers dial out through, and the callback number their phones show
# when a callee calls a fictitious number back.
MASKING_ACCESS_NUMBER = "234234399"
MASKING_CALLBACK_NUMBER = "234234390"

ACCESS_FLOW = "masking-access"
CALLBACK_FLOW = "masking-callback"
# Calls from the carrier to a number in the fictitious pool reach this flow. The pool lives
# in the database, so its dialplan is written by pool.py at run time, not rendered.
POOL_FLOW = "masking-inbound"
