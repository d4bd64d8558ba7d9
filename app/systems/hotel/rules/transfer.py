"""Putting a call through to a guest (seed 002's transfer procedure): what happens, and
what the operator says, in Mandarin and English as the seed words it.

- A guest with privacy is never rung: the operator gives the scripted answer, either
  "no guest registered by that name" or "not in; may I take a message" (the seed lets the
  guest choose which; both are shown).
- Do not disturb: a transfer by the operator goes to the room's voice mail; a call from
  another phone goes to the operator.
- Otherwise the room rings for the transfer ring time; busy and no answer each have the
  seed's words, and no answer offers the room's voice mail (a message).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.systems.hotel.rules.stay import Guest, Room


@dataclass(frozen=True)
class Script:
    zh: str
    en: str


class Route(StrEnum):
    RING = "ring"
    REFUSE = "refuse"  # privacy: never put through
    VOICEMAIL = "voicemail"
    OPERATOR = "operator"
    VACANT = "vacant"  # nobody in house in that room


# The seed's phrases (转接电话服务流程与规范), "会所" read as the hotel.
BUSY = Script(
    "对不起，电话占线，请您稍后再打来。",
    "I'm sorry, the line is busy. Could you please call again later?",
)
NO_ANSWER = Script(
    "对不起，房间没有人接听。请您稍后再拨，或者留言好吗？",
    "I'm sorry, there is no answer from the room. Would you like to call "
    "again later, or leave a message?",
)
NOT_REGISTERED = Script(
    "您好！我们查实这位客人没有入住我们酒店。谢谢您的来电，再见。",
    "We have no guest registered by that name. Thank you for calling, goodbye.",
)
NOT_IN = Script(
    "您找的客人现在不在酒店内，请问您是否方便留下口信或电话，以便{name}回电？",
    "The guest is not in at the moment. May I take a message or your number, "
    "so that {name} can call you back?",
)
ASK_WHO = Script("请问您找哪一位？请问您贵姓？", "May I have the guest's name, and yours, please?")
VACANT = Script(
    "对不起，这个房间现在没有客人入住。", "I'm sorry, there is no guest in that room at present."
)
OUTSIDE_GREETING = Script("您好，{hotel}", "Hello, {hotel}")
INSIDE_GREETING = Script("Operator，您好，总机", "Operator, hello")


@dataclass(frozen=True)
class TransferPlan:
    route: Route
    # What the console shows the operator to say, first choice first.
    scripts: tuple[Script, ...]
    ring_seconds: int = 0


def plan_transfer(
    room: Room, guest: Guest | None, *, by_operator: bool, ring_seconds: int
) -> TransferPlan:
    if guest is None:
        return TransferPlan(Route.VACANT, (VACANT,))
    if guest.privacy:
        name = guest.latin_name or guest.name
        not_in = Script(NOT_IN.zh.format(name=guest.name), NOT_IN.en.format(name=name))
        return TransferPlan(Route.REFUSE, (NOT_REGISTERED, not_in))
    if room.dnd:
        if by_operator:
            return TransferPlan(Route.VOICEMAIL, (NO_ANSWER,))
        return TransferPlan(Route.OPERATOR, ())
    return TransferPlan(Route.RING, (), ring_seconds)


class RingResult(StrEnum):
    ANSWERED = "answered"
    BUSY = "busy"
    NO_ANSWER = "no_answer"


def after_ringing(result: RingResult) -> TransferPlan:
    """What follows a rung room: busy is told to the caller (call later); no answer offers
    the voice mail, which lights the room's message lamp."""
    if result is RingResult.ANSWERED:
        return TransferPlan(Route.RING, ())
    if result is RingResult.BUSY:
        return TransferPlan(Route.OPERATOR, (BUSY,))
    return TransferPlan(Route.VOICEMAIL, (NO_ANSWER,))


def greeting(outside: bool, hotel_zh: str, hotel_en: str) -> Script:
    """How the operator answers: outside callers hear the hotel's name, rooms "Operator"."""
    if not outside:
        return INSIDE_GREETING
    return Script(
        OUTSIDE_GREETING.zh.format(hotel=hotel_zh), OUTSIDE_GREETING.en.format(hotel=hotel_en)
    )
