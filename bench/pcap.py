"""RFC 4733 DTMF pcaps for SIPp's `play_pcap_audio`, one per entry of a call.

SIPp's stock `dtmf_2833_*.pcap` files carry fixed RTP timestamps, so a digit repeated
within one call is dropped by Asterisk as a duplicate event. Here every entry of a call
gets its own file whose RTP sequence numbers and timestamps continue where the previous
entry's stopped: one steady stream per call, as a real phone sends. Each file opens with
a little G.711 µ-law audio (a quiet tone), so the caller sends real RTP, not only events.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from pathlib import Path

PT_PCMU = 0
PT_EVENT = 101
SAMPLES_PER_PACKET = 160  # 20 ms at 8 kHz
PACKET_SECONDS = 0.02
EVENT_CODES = {**{str(d): d for d in range(10)}, "*": 10, "#": 11}
SSRC = 0x5B3E_4C01
SRC = (bytes([127, 0, 0, 2]), 6000)
DST = (bytes([127, 0, 0, 1]), 6001)


def _ulaw(sample: int) -> int:
    """G.711 µ-law encoding of one 16-bit sample."""
    bias, clip = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    sample = min(abs(sample), clip) + bias
    exponent = 7
    mask = 0x4000
    while exponent > 0 and not sample & mask:
        exponent -= 1
        mask >>= 1
    mantissa = (sample >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def _tone_payload(offset: int, hertz: float = 440.0, level: int = 3000) -> bytes:
    return bytes(
        _ulaw(int(level * math.sin(2 * math.pi * hertz * (offset + i) / 8000)))
        for i in range(SAMPLES_PER_PACKET)
    )


@dataclass
class RtpStream:
    """Sequence number and timestamp of one call's outgoing RTP, carried across entries."""

    seq: int = 1000
    timestamp: int = 16000

    def header(
        self, payload_type: int, *, marker: bool = False, timestamp: int | None = None
    ) -> bytes:
        ts = self.timestamp if timestamp is None else timestamp
        first = 0x80
        second = (0x80 if marker else 0) | payload_type
        header = struct.pack("!BBHII", first, second, self.seq & 0xFFFF, ts & 0xFFFFFFFF, SSRC)
        self.seq += 1
        return header


def _udp_frame(payload: bytes) -> bytes:
    udp = struct.pack("!HHHH", SRC[1], DST[1], 8 + len(payload), 0) + payload
    total = 20 + len(udp)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 0, 0x4000, 64, 17, 0, SRC[0], DST[0])
    checksum = sum(struct.unpack("!10H", ip))
    checksum = (checksum & 0xFFFF) + (checksum >> 16)
    checksum = (checksum & 0xFFFF) + (checksum >> 16)
    ip = ip[:10] + struct.pack("!H", ~checksum & 0xFFFF) + ip[12:]
    ethernet = b"\x00" * 6 + b"\x00" * 5 + b"\x01" + b"\x08\x00"
    return ethernet + ip + udp


def entry_packets(
    stream: RtpStream,
    keys: str,
    *,
    lead_audio: float = 0.1,
    digit_seconds: float = 0.1,
    gap_seconds: float = 0.06,
    tail_audio: float = 0.0,
) -> list[tuple[float, bytes]]:
    """(time offset, RTP packet) for some audio, then each key as an RFC 4733 event."""
    packets: list[tuple[float, bytes]] = []
    clock = 0.0

    def audio(seconds: float) -> None:
        nonlocal clock
        for _ in range(round(seconds / PACKET_SECONDS)):
            payload = _tone_payload(stream.timestamp)
            packets.append((clock, stream.header(PT_PCMU) + payload))
            stream.timestamp += SAMPLES_PER_PACKET
            clock += PACKET_SECONDS

    audio(lead_audio)
    for index, key in enumerate(keys):
        code = EVENT_CODES[key]
        start = stream.timestamp
        steps = max(1, round(digit_seconds / PACKET_SECONDS))
        for step in range(1, steps + 1):
            duration = step * SAMPLES_PER_PACKET
            body = struct.pack("!BBH", code, 10, duration)
            header = stream.header(PT_EVENT, marker=step == 1, timestamp=start)
            packets.append((clock, header + body))
            clock += PACKET_SECONDS
        end = struct.pack("!BBH", code, 0x80 | 10, steps * SAMPLES_PER_PACKET)
        # The end packet is sent three times (RFC 4733 §2.5.1.4), same seq each time.
        end_header = stream.header(PT_EVENT, timestamp=start)
        for _ in range(3):
            packets.append((clock, end_header + end))
        stream.timestamp += steps * SAMPLES_PER_PACKET
        if index < len(keys) - 1:
            audio(gap_seconds)
    audio(tail_audio)
    return packets


def write_pcap(path: Path, packets: list[tuple[float, bytes]]) -> float:
    """Write a pcap (Ethernet link type); returns its duration in seconds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        base = 1_700_000_000
        for offset, rtp in packets:
            frame = _udp_frame(rtp)
            seconds = base + int(offset)
            micros = round((offset - int(offset)) * 1_000_000)
            out.write(struct.pack("<IIII", seconds, micros, len(frame), len(frame)))
            out.write(frame)
    return packets[-1][0] if packets else 0.0
