"""Load benchmark: SIPp against the PBX, with the same flow in plain dialplan as baseline."""
