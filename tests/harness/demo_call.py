"""`make demo-call`: a scripted caregiver calls in for a demo visit against `make run`.

Uses the same phone harness as the end-to-end tests and prints what it pressed, which
prompts it heard, and the visit and CDR the PBX wrote.
"""

from __future__ import annotations

import asyncio
import sys
import time

from app.cdr.repository import CdrRepository
from app.config import Settings, load_settings
from app.db.engine import make_engine, make_sessionmaker
from app.systems.evv.dids import EVV_NUMBER
from app.systems.evv.repository import EvvRepository
from tests.harness.dialog import Caller, audio_level
from tests.harness.observer import AriObserver
from tests.harness.phone import SipStack

CALLER_NUMBER = "5550001001"  # the demo client 1001's registered phone


def place_call(settings: Settings, stack: SipStack, observer: AriObserver) -> Caller:
    carrier = stack.phone(CALLER_NUMBER, settings.secret("carrier_password"), auth_user="carrier")
    mark = observer.mark()
    caller = Caller(stack, observer, carrier.dial(EVV_NUMBER), mark, "PJSIP/carrier-")
    script = [
        ("language-option", "1"),
        ("evv-welcome", "1234#"),
        ("evv-group-question", "2"),
        ("evv-in-or-out", "1"),
        ("evv-first-client", "1001#"),
    ]
    for prompt, keys in script:
        caller.expect(prompt)
        caller.listen(1.5)
        print(f"  heard {prompt!r:24} pressed {keys}")
        caller.press(keys)
    caller.expect("evv-next-client")
    caller.listen(1.0)
    caller.hang_up()
    return caller


async def show_rows(settings: Settings, channel_id: str) -> None:
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    try:
        cdrs = []
        for _ in range(50):  # Asterisk writes the CDR just after the hangup
            cdrs = await CdrRepository(sessions).list_for_unique_id(channel_id)
            if cdrs:
                break
            await asyncio.sleep(0.2)
        visits = await EvvRepository(sessions).visits_for_channel(channel_id)
    finally:
        await engine.dispose()
    for visit in visits:
        print(
            f"visit #{visit.id}: caregiver #{visit.caregiver_id}, client #{visit.client_id}, "
            f"call in {visit.call_in_at:%Y-%m-%d %H:%M:%S} UTC from {visit.call_in_number}, "
            f"location matched: {visit.location_matched}"
        )
    for cdr in cdrs:
        print(
            f"CDR: {cdr.source} -> {cdr.destination}, {cdr.disposition}, "
            f"{cdr.duration}s ({cdr.billable_seconds}s billed)"
        )
    if not visits or not cdrs:
        raise SystemExit("the demo call left no visit or no CDR")


def main() -> int:
    settings = load_settings()
    observer = AriObserver(settings.ari_url, settings.ari_user, settings.secret("ari_password"))
    try:
        observer.start()
    except AssertionError:
        print(f"No PBX answers at {settings.ari_url}: start it with `make run` first.")
        return 1
    stack = SipStack(pbx_port=settings.ports.sip, recordings=settings.runtime_dir / "demo-call")
    stack.start()
    try:
        print(f"Calling {EVV_NUMBER} through the carrier trunk as {CALLER_NUMBER} ...")
        started = time.monotonic()
        caller = place_call(settings, stack, observer)
        print(f"call took {time.monotonic() - started:.1f}s; prompts heard:")
        print("  " + ", ".join(caller.prompts()))
        seconds, rms = audio_level(caller.call.recording)  # type: ignore[arg-type]
        print(f"audio recorded at the phone: {seconds:.1f}s, RMS level {rms:.0f}")
        asyncio.run(show_rows(settings, caller.channel_id))
    finally:
        stack.stop()
        observer.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
