"""The EVV line's numbers (seed 000): a primary and a fallback toll-free number."""

from __future__ import annotations

EVV_NUMBER = "8005550100"
EVV_FALLBACK_NUMBER = "8005550101"
# The Stasis appArgs that name the flow.
EVV_FLOW = "evv"
