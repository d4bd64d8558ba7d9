"""The systems the PBX runs, one package each. The platform knows them only through the
contract in app/system.py; this tuple is the one list of them."""

from __future__ import annotations

from app.system import System
from app.systems.evv.system import SYSTEM as EVV
from app.systems.hotel.system import SYSTEM as HOTEL
from app.systems.masking.system import SYSTEM as MASKING

SYSTEMS: tuple[System, ...] = (EVV, MASKING, HOTEL)
