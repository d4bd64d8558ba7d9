"""Measurements taken from outside the controller: /proc CPU and RSS of Asterisk and the
controller, and reaction latency from Asterisk's own ARI event timestamps."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp

TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its threads, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_kb(pid: int) -> int:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB


def find_pid(needle: str) -> int | None:
    """The process whose command line contains `needle` (e.g. our asterisk.conf path)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if needle in cmdline and "asterisk" in cmdline.split(" ")[0]:
            return int(entry.name)
    return None


@dataclass
class ProcSample:
    cpu_seconds: float
    peak_rss_kb: int


class ProcSampler:
    """CPU used between start() and stop(), and the highest RSS seen (sampled every 0.2 s)."""

    def __init__(self, pids: dict[str, int], interval: float = 0.2) -> None:
        self.pids = pids
        self.interval = interval
        self._start: dict[str, float] = {}
        self._peak: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> ProcSampler:
        self._start = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        self._peak = {name: rss_kb(pid) for name, pid in self.pids.items()}
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            for name, pid in self.pids.items():
                with contextlib.suppress(OSError):
                    self._peak[name] = max(self._peak[name], rss_kb(pid))

    def stop(self) -> dict[str, ProcSample]:
        self._stop.set()
        self._thread.join()
        return {
            name: ProcSample(cpu_seconds(pid) - self._start[name], self._peak[name])
            for name, pid in self.pids.items()
        }


@dataclass
class ChannelTrace:
    name: str = ""
    # (timestamp, kind, detail): kind "dtmf" (detail = digit) or "prompt" (detail = media)
    marks: list[tuple[float, str, str]] = field(default_factory=list)


def _timestamp(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()


class LatencyObserver:
    """A separate ARI subscriber (`subscribeAll`) in its own thread and event loop.

    It keeps, per channel, the DTMF digits received and the prompts started, with
    Asterisk's own event timestamps: PlaybackStarted for the controller's prompts,
    ChannelDialplan entering Read/Playback for the dialplan baseline's.
    """

    WANTED = ('"ChannelDtmfReceived"', '"PlaybackStarted"', '"ChannelDialplan"', '"ChannelCreated"')

    def __init__(self, ari_url: str, user: str, password: str, app: str = "bench-observer") -> None:
        self.url = ari_url.replace("http", "ws", 1) + "/ari/events"
        self.headers = {"Authorization": aiohttp.BasicAuth(user, password).encode()}
        self.app = app
        self.traces: dict[str, ChannelTrace] = defaultdict(ChannelTrace)
        self.events_seen = 0
        self._lock = threading.Lock()
        self._connected = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> LatencyObserver:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._read(), self._loop)
        if not self._connected.wait(15):
            raise RuntimeError("the benchmark's ARI observer could not connect")
        return self

    async def _read(self) -> None:
        params = {"app": self.app, "subscribeAll": "true"}
        while True:
            try:
                async with (
                    aiohttp.ClientSession(headers=self.headers) as session,
                    session.ws_connect(self.url, params=params, max_msg_size=0) as ws,
                ):
                    self._connected.set()
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.TEXT:
                            self._file(message.data)
            except (aiohttp.ClientError, OSError):
                pass
            await asyncio.sleep(0.5)

    def _file(self, raw: str) -> None:
        self.events_seen += 1
        head = raw[:60]
        if not any(kind in head for kind in self.WANTED):
            return
        event: dict[str, Any] = json.loads(raw)
        kind = event["type"]
        if kind == "PlaybackStarted":
            playback = event["playback"]
            target = str(playback.get("target_uri", ""))
            if not target.startswith("channel:"):
                return
            mark = (_timestamp(event["timestamp"]), "prompt", str(playback.get("media_uri", "")))
            channel_id = target[len("channel:") :]
        elif kind == "ChannelDialplan":
            if event.get("dialplan_app") not in ("Read", "Playback"):
                return
            mark = (_timestamp(event["timestamp"]), "prompt", str(event.get("dialplan_app_data")))
            channel_id = event["channel"]["id"]
        elif kind == "ChannelDtmfReceived":
            mark = (_timestamp(event["timestamp"]), "dtmf", str(event["digit"]))
            channel_id = event["channel"]["id"]
        else:
            with self._lock:
                self.traces[event["channel"]["id"]].name = str(event["channel"]["name"])
            return
        with self._lock:
            self.traces[channel_id].marks.append(mark)

    def take(self) -> dict[str, ChannelTrace]:
        """The traces so far, and start afresh."""
        with self._lock:
            traces = dict(self.traces)
            self.traces = defaultdict(ChannelTrace)
        return traces

    def stop(self) -> None:
        async def cancel_reader() -> None:
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(cancel_reader(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


# Playback of the next media in a list the caller barged into is not a reaction.
IGNORED_PROMPTS = ("language-option",)


def prompt_key(detail: str) -> str:
    """`sound:switchboard/en/evv-welcome` or Read's `switchboard/en/evv-welcome,10,...`:
    the prompt key (`evv-welcome`); a time announcement is `(time)`."""
    fields = detail.split(",")
    # Read's first argument is the variable; its files come second.
    files = fields[1] if len(fields) > 1 and "/" not in fields[0] else fields[0]
    key = files.split("&")[0].rsplit("/", 1)[-1]
    return "(time)" if key.startswith("num-") else key


def reaction_latencies(traces: dict[str, ChannelTrace]) -> list[tuple[float, str, str]]:
    """Milliseconds from the digit that ends an entry (the last DTMF before a prompt) to
    the start of the next prompt, with that prompt's key and how the entry ended: "#", or
    "menu" for a one-key menu answer (which the controller takes only once no second key
    follows within the settle time that tells a mashed press from an answer)."""
    latencies: list[tuple[float, str, str]] = []
    for trace in traces.values():
        last_digit: tuple[float, str] | None = None
        for stamp, kind, detail in sorted(trace.marks):
            if kind == "dtmf":
                last_digit = (stamp, detail)
            elif last_digit is not None and not any(key in detail for key in IGNORED_PROMPTS):
                pressed_at, digit = last_digit
                ended_by = "#" if digit == "#" else "menu"
                latencies.append(((stamp - pressed_at) * 1000, prompt_key(detail), ended_by))
                last_digit = None
    return latencies


def reached(traces: dict[str, ChannelTrace], prompt: str) -> int:
    """Caller channels that got as far as `prompt` (the end of the scripted sequence)."""
    return sum(
        1
        for trace in traces.values()
        if trace.name.startswith("PJSIP/carrier-")
        and any(kind == "prompt" and prompt in detail for _, kind, detail in trace.marks)
    )


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"count": 0, "p50": None, "p95": None, "p99": None, "max": None}
    ordered = sorted(values)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {
        "count": len(ordered),
        "p50": round(statistics.median(ordered), 1),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "max": round(ordered[-1], 1),
    }


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def wait_idle(check: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False
