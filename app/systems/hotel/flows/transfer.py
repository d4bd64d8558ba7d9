"""An operator talking with a caller, and putting them through to a room when the console
asks (seed 002's transfer procedure). The caller hears ringing while the room rings; the
operator waits on the line. Answered: the operator drops out and caller and guest talk.
Busy: caller and operator are connected again (the operator tells them the seed's words).
No answer: the caller is offered the room's voicemail and left there (its lamp lights).
The transfer rules (privacy, DND) are decided before the flow is asked (operator.py).
"""

from __future__ import annotations

from app.calls.dialing import DialingCall, DialStatus, EndedBy, Leg
from app.systems.hotel.desk import Offer, PutThrough

ANSWERED = "answered"
BUSY = "busy"
VOICEMAIL = "voicemail"
CALLER_GONE = "caller_gone"


async def talk(call: DialingCall, offer: Offer, operator: Leg) -> None:
    """Caller and operator talk until one hangs up, or the caller is put through."""
    turn = 0
    while True:
        turn += 1
        offer.connected = True
        conversation = await call.connect(operator, record_as=None, release=offer.released)
        offer.connected = False
        job = offer.next_transfer()
        if conversation.ended_by is not EndedBy.RELEASED or job is None:
            return
        if await put_through(call, operator, job):
            return


async def put_through(call: DialingCall, operator: Leg, job: PutThrough) -> bool:
    """True when the caller has left the operator (to the room or its voicemail)."""
    if not job.to_voicemail:
        dialed = await call.dial_phone(job.extension, timeout=job.ring_seconds)
        if dialed.status is DialStatus.CALLER_GONE:
            job.done(CALLER_GONE)
            await operator.hangup()
            return True
        if dialed.leg is not None:
            job.done(ANSWERED)
            await operator.hangup()
            await call.connect(dialed.leg, record_as=None)
            return True
        if dialed.status is DialStatus.BUSY:
            job.done(BUSY)
            return False
    job.done(VOICEMAIL)
    await operator.hangup()
    await call.leave_message(job.extension)
    return True
