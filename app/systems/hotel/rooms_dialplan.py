"""The `hotel-rooms` context every room and staff phone's calls enter, written into the
rendered etc folder before Asterisk starts (pure: settings in, text out).

The operator code, outside calls and feature codes go to the controller's flows; other
phones are rung by the platform's helper (then voicemail); emergency numbers go to a flow
that alerts the console and dials at once, and straight to the trunk from the dialplan
when the controller is not there: an emergency call never waits for anything.
"""

from __future__ import annotations

from app.pbx.phones.dialplan import my_messages, ring_extensions
from app.systems.hotel.dids import (
    DIRECT_DIAL_FLOW,
    DND_OFF_FLOW,
    DND_ON_FLOW,
    EMERGENCY_FLOW,
    OPERATOR_FLOW,
    ROOMS_CONTEXT,
    WAKEUP_CANCEL_FLOW,
    WAKEUP_SET_FLOW,
)
from app.systems.hotel.room_settings import RoomPhoneSettings
from app.systems.hotel.settings import HotelSettings

ROOMS_FILE = "extensions_hotel_rooms.conf"
HEADER = "; Written by switchboard (the hotel) at start from its settings; do not edit.\n"


def _stasis(code: str, app: str, flow: str, arg: str = "${EXTEN}") -> str:
    return f"exten => {code},1,Stasis({app},{flow},{arg})\n same => n,Hangup()"


def _emergency(dialled: str, number: str, app: str, main_number: str) -> str:
    return (
        f"exten => {dialled},1,Stasis({app},{EMERGENCY_FLOW},{number})\n"
        f' same => n,GotoIf($["${{STASISSTATUS}}" = "FAILED"]?direct)\n'
        " same => n,Hangup()\n"
        # No controller: dial it ourselves, presenting the hotel's main number.
        f" same => n(direct),Set(CALLERID(all)=<{main_number}>)\n"
        f" same => n,Dial(PJSIP/{number}@carrier)\n"
        " same => n,Hangup()"
    )


def _extension_patterns(hotel: HotelSettings) -> list[str]:
    """Rooms (3 digits) and staff (4) by number; never the operator code's or the outside
    prefix's first digit, which mean something else."""
    taken = {hotel.operator_code[:1], hotel.outside_prefix[:1]}
    firsts = "".join(d for d in "123456789" if d not in taken)
    return [f"_[{firsts}]XX", f"_[{firsts}]XXX"]


def rooms_context(hotel: HotelSettings, codes: RoomPhoneSettings, app: str) -> str:
    if not (hotel.main_number.isdigit() and hotel.operator_code.isdigit()):
        raise ValueError("the hotel's main number and operator code must be digits")
    blocks = [HEADER + f"[{ROOMS_CONTEXT}]"]
    blocks.append(
        f"exten => {hotel.operator_code},1,Stasis({app},{OPERATOR_FLOW},${{EXTEN}})\n"
        f' same => n,GotoIf($["${{STASISSTATUS}}" = "FAILED"]?desk)\n'
        " same => n,Hangup()\n"
        # No controller: the front desk's phone still rings.
        f" same => n(desk),Gosub(switchboard-ring-phone,s,1"
        f"({hotel.front_desk_extension},{codes.room_ring_seconds}))\n"
        " same => n,Hangup()"
    )
    for number in hotel.emergency_numbers:
        if not number.isdigit():
            raise ValueError(f"an emergency number is digits, not {number!r}")
        blocks.append(_emergency(number, number, app, hotel.main_number))
        if hotel.outside_prefix:
            blocks.append(
                _emergency(f"{hotel.outside_prefix}{number}", number, app, hotel.main_number)
            )
    if hotel.outside_prefix:
        blocks.append(_stasis(f"_{hotel.outside_prefix}X.", app, DIRECT_DIAL_FLOW))
    blocks.append(_stasis(codes.dnd_on_code, app, DND_ON_FLOW))
    blocks.append(_stasis(codes.dnd_off_code, app, DND_OFF_FLOW))
    blocks.append(_stasis(codes.wakeup_code, app, WAKEUP_SET_FLOW))
    blocks.append(_stasis(f"_{codes.wakeup_code}XXXX", app, WAKEUP_SET_FLOW))
    blocks.append(_stasis(codes.wakeup_cancel_code, app, WAKEUP_CANCEL_FLOW))
    blocks.append(my_messages(codes.messages_code))
    blocks.extend(ring_extensions(p, codes.room_ring_seconds) for p in _extension_patterns(hotel))
    blocks.append("include => catch-all")
    return "\n".join(blocks) + "\n"
