"""Real SIP phones for tests and `make demo-call`: PJSUA2 with a null audio device.

One `SipStack` (one PJSUA2 Endpoint) per process, pumped from the caller's own thread with
`libHandleEvents`. Each `PhoneCall` records what its caller hears into a WAV and can play
a WAV into the call; digits go out as RFC 4733 events.
"""

from __future__ import annotations

import gc
import itertools
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pjsua2 as pj

_ids = itertools.count(1)
MAX_PHONES = 6  # PJSUA_MAX_ACC is 8 in the wheel


class PhoneError(AssertionError):
    pass


@dataclass
class Incoming:
    call: PhoneCall
    from_uri: str
    headers: str

    @property
    def request_user(self) -> str:
        """The dialed number: the user part of the INVITE's Request-URI."""
        request_line = self.headers.split("\r\n", 1)[0].split("\n", 1)[0]
        uri = request_line.split(" ")[1] if " " in request_line else ""
        return uri.split(":", 1)[-1].split("@", 1)[0]

    def header(self, name: str) -> str:
        """The first header called `name` (case-insensitive), or ""."""
        for line in self.headers.splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() == name.lower():
                return value.strip()
        return ""


class PhoneCall(pj.Call):  # type: ignore[misc]
    def __init__(self, stack: SipStack, account: Phone, call_id: int = pj.PJSUA_INVALID_ID) -> None:
        super().__init__(account, call_id)
        stack.live_calls.add(self)
        self.stack = stack
        self.state = "NULL"
        self.status_code = 0
        self.media_ready = False
        self.recording: Path | None = None
        self._recorder: pj.AudioMediaRecorder | None = None
        self._player: pj.AudioMediaPlayer | None = None
        self._pending_play: Path | None = None

    # PJSUA2 callbacks (run inside libHandleEvents on the stack's thread)
    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        try:
            info = self.getInfo()
        except pj.Error:
            self.state = "DISCONNCTD"
            self._stop_media()
            return
        self.state = (
            "DISCONNCTD" if info.state == pj.PJSIP_INV_STATE_DISCONNECTED else info.stateText
        )
        self.status_code = info.lastStatusCode
        if self.state == "DISCONNCTD":
            self._stop_media()

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        info = self.getInfo()
        for index, media in enumerate(info.media):
            if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                audio = self.getAudioMedia(index)
                if self._recorder is None and self.recording is not None:
                    self._recorder = pj.AudioMediaRecorder()
                    self._recorder.createRecorder(str(self.recording))
                    audio.startTransmit(self._recorder)
                self.media_ready = True
                if self._pending_play is not None:
                    self._start_player(self._pending_play)
                    self._pending_play = None

    # actions
    def dtmf(self, digits: str) -> None:
        self.stack.wait_until(lambda: self.media_ready, 10, "media before DTMF")
        param = pj.CallSendDtmfParam()
        param.digits = digits
        param.method = pj.PJSUA_DTMF_METHOD_RFC2833
        self.sendDtmf(param)
        # Let the digits leave before the next step (each takes about 160 ms + gap).
        self.stack.pump(0.25 * len(digits))

    def play_file(self, wav: Path) -> None:
        if self.media_ready:
            self._start_player(wav)
        else:
            self._pending_play = wav

    def _start_player(self, wav: Path) -> None:
        self._player = pj.AudioMediaPlayer()
        self._player.createPlayer(str(wav), pj.PJMEDIA_FILE_NO_LOOP)
        self._player.startTransmit(self.getAudioMedia(-1))

    def answer(self, code: int = 200) -> None:
        param = pj.CallOpParam()
        param.statusCode = code
        super().answer(param)

    def hangup(self) -> None:
        if self.state in ("DISCONNCTD", "NULL"):
            return
        try:
            param = pj.CallOpParam()
            param.statusCode = pj.PJSIP_SC_DECLINE if self.state != "CONFIRMED" else 200
            super().hangup(param)
        except pj.Error:
            # Already terminated on the far side.
            self.state = "DISCONNCTD"

    @property
    def disconnected(self) -> bool:
        return self.state == "DISCONNCTD"

    def _stop_media(self) -> None:
        # The recorder must be released before the call object goes away.
        self._recorder = None
        self._player = None


class Phone(pj.Account):  # type: ignore[misc]
    """A SIP identity: a demo phone (1001) or the carrier trunk presenting a caller number."""

    def __init__(self, stack: SipStack, user: str, auth_user: str, password: str) -> None:
        super().__init__()
        self.stack = stack
        self.user = user
        self.auth_user = auth_user
        self.password = password
        self.incoming: list[Incoming] = []
        config = pj.AccountConfig()
        config.idUri = f"sip:{user}@{stack.host}"
        config.regConfig.registerOnAdd = False
        # RTP on loopback too: tests never open a port beyond this machine.
        config.mediaConfig.transportConfig.boundAddress = stack.host
        credential = pj.AuthCredInfo("digest", "*", auth_user, 0, password)
        config.sipConfig.authCreds.append(credential)
        self.create(config)

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        call = PhoneCall(self.stack, self, prm.callId)
        call.recording = self.stack.new_recording_path()
        info = call.getInfo()
        incoming = Incoming(call, info.remoteUri, prm.rdata.wholeMsg)
        self.incoming.append(incoming)
        # Also filed by the stack: when it acts as the carrier, whichever account PJSUA2
        # picks, tests find the call by the number dialed.
        self.stack.incoming.append(incoming)
        self.stack.calls.append(call)
        call.answer(180)

    def dial(self, number: str, *, record: bool = True, port: int | None = None) -> PhoneCall:
        call = PhoneCall(self.stack, self)
        if record:
            call.recording = self.stack.new_recording_path()
        self.stack.calls.append(call)
        try:
            call.makeCall(
                f"sip:{number}@{self.stack.host}:{port or self.stack.pbx_port}",
                pj.CallOpParam(True),
            )
        except pj.Error as error:
            raise PhoneError(f"could not place a call to {number}: {error.info()}") from None
        return call


class RegisteredPhone(Phone):
    """A phone of the phones table: it REGISTERs with its extension and secret (digest),
    takes the calls the PBX sends to its contact, and keeps every MWI NOTIFY it gets."""

    def __init__(self, stack: SipStack, extension: str, secret: str) -> None:
        pj.Account.__init__(self)
        self.stack = stack
        self.user = self.auth_user = extension
        self.password = secret
        self.incoming = []
        self.registration_codes: list[int] = []
        self.registered = False
        # Messages-Waiting of each NOTIFY, in order (True: lamp on).
        self.lamp: list[bool] = []
        config = pj.AccountConfig()
        config.idUri = f"sip:{extension}@{stack.host}"
        config.regConfig.registrarUri = f"sip:{stack.host}:{stack.pbx_port}"
        config.regConfig.registerOnAdd = True
        config.regConfig.timeoutSec = 300
        # A refused registration stays refused: the test looks at the first answer.
        config.regConfig.retryIntervalSec = 0
        config.mediaConfig.transportConfig.boundAddress = stack.host
        config.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", extension, 0, secret))
        self.create(config)

    def onRegState(self, prm: pj.OnRegStateParam) -> None:
        self.registration_codes.append(int(prm.code))
        self.registered = bool(self.getInfo().regIsActive)

    def onMwiInfo(self, prm: pj.OnMwiInfoParam) -> None:
        body = prm.rdata.wholeMsg.lower()
        self.lamp.append("messages-waiting: yes" in body)

    def wait_registration(self, timeout: float = 10) -> int:
        """The registrar's final answer to the first REGISTER (200, or 401/403 refused)."""
        self.stack.wait_until(
            lambda: any(code >= 200 for code in self.registration_codes),
            timeout,
            f"an answer to {self.user}'s REGISTER",
        )
        return next(code for code in self.registration_codes if code >= 200)

    def wait_lamp(self, lit: bool, timeout: float = 20) -> None:
        self.stack.wait_until(
            lambda: bool(self.lamp) and self.lamp[-1] == lit,
            timeout,
            f"an MWI NOTIFY to {self.user} saying the lamp is {'on' if lit else 'off'}",
        )


@dataclass
class SipStack:
    """The process's single PJSUA2 endpoint."""

    pbx_port: int
    recordings: Path
    host: str = "127.0.0.1"
    local_port: int = 0
    calls: list[PhoneCall] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    retired: list[Phone] = field(default_factory=list)
    incoming: list[Incoming] = field(default_factory=list)
    endpoint: pj.Endpoint | None = None
    live_calls: weakref.WeakSet[PhoneCall] = field(default_factory=weakref.WeakSet)
    max_calls: int = 32  # asked for; this pjsua2 wheel still allows 4 calls at once

    def start(self) -> SipStack:
        self.recordings.mkdir(parents=True, exist_ok=True)
        endpoint = pj.Endpoint()
        endpoint.libCreate()
        config = pj.EpConfig()
        config.uaConfig.threadCnt = 0
        config.uaConfig.mainThreadOnly = True
        config.uaConfig.maxCalls = self.max_calls
        config.logConfig.level = 1
        config.logConfig.consoleLevel = 1
        config.logConfig.msgLogging = 0
        config.medConfig.noVad = True
        endpoint.libInit(config)
        transport = pj.TransportConfig()
        transport.port = self.local_port
        transport.boundAddress = self.host
        endpoint.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
        endpoint.libStart()
        endpoint.audDevManager().setNullDev()
        self.endpoint = endpoint
        return self

    def phone(self, user: str, password: str, auth_user: str | None = None) -> Phone:
        """The SIP identity `user` authenticating as `auth_user`. PJSUA allows only a few
        accounts per endpoint, so identities are reused, the oldest retired first."""
        auth_user = auth_user or user
        for phone in self.phones:
            if (phone.user, phone.auth_user, phone.password) == (user, auth_user, password):
                return phone
        self._make_room()
        phone = Phone(self, user, auth_user, password)
        self.phones.append(phone)
        return phone

    def registered_phone(self, extension: str, secret: str) -> RegisteredPhone:
        """A phone that registers at once; the oldest identity is retired if need be."""
        self._make_room()
        phone = RegisteredPhone(self, extension, secret)
        self.phones.append(phone)
        return phone

    def _make_room(self) -> None:
        """Retire the oldest identity if PJSUA has no account left: a phone still
        registered (a test's room or operator phone) only when every one is."""
        if len(self.phones) < MAX_PHONES:
            return
        idle = [p for p in self.phones if not getattr(p, "registered", False)]
        retired = (idle or self.phones)[0]
        self.phones.remove(retired)
        retired.shutdown()
        # Keep the retired object alive: PJSUA reuses its account id, and its destructor
        # would otherwise delete whichever account holds that id by then.
        self.retired.append(retired)

    def new_recording_path(self) -> Path:
        return self.recordings / f"heard-{next(_ids)}-{int(time.time() * 1000)}.wav"

    def pump(self, seconds: float) -> None:
        assert self.endpoint is not None
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.endpoint.libHandleEvents(20)

    def wait_until(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        assert self.endpoint is not None
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline:
                raise PhoneError(f"timed out after {timeout:.0f}s waiting for {what}")
            self.endpoint.libHandleEvents(20)

    def wait_incoming(self, number: str, timeout: float = 15) -> Incoming:
        """The next call the PBX places to `number` through the trunk (to us, the carrier)."""
        found: list[Incoming] = []

        def arrived() -> bool:
            found.extend(i for i in self.incoming if i.request_user == number)
            return bool(found)

        self.wait_until(arrived, timeout, f"an INVITE to {number} from the PBX")
        self.incoming.remove(found[0])
        return found[0]

    def incoming_to(self, number: str) -> list[Incoming]:
        return [i for i in self.incoming if i.request_user == number]

    def hang_up_all(self) -> None:
        for call in self.calls:
            call.hangup()
        if self.calls:
            self.wait_until(
                lambda: all(c.disconnected or c.state == "NULL" for c in self.calls), 10, "hangups"
            )
        self.pump(0.2)
        self.incoming.clear()
        # Drop every Call before libDestroy, or PJSUA2 aborts in pjsua_call_set_user_data.
        self.calls.clear()

    def stop(self) -> None:
        if self.endpoint is None:
            return
        self.hang_up_all()
        for phone in self.phones:
            phone.shutdown()
        self.phones.clear()
        gc.collect()
        # A Call still referenced (say, by a failed test's traceback) must not run its C++
        # destructor after libDestroy: that aborts the process. Leave it to process exit.
        for call in list(self.live_calls):
            call.thisown = False
        self.endpoint.libDestroy()
        self.endpoint = None
