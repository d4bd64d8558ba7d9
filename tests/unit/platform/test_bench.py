"""The load benchmark's own pieces: RFC 4733 pcaps, scenarios, latency pairing."""

from __future__ import annotations

import itertools
import struct
from pathlib import Path

from bench.metrics import ChannelTrace, percentiles, prompt_key, reached, reaction_latencies
from bench.pcap import PT_EVENT, RtpStream, entry_packets, write_pcap
from bench.scenario import call_in_steps, write_scenario


def _rtp_packets(path: Path) -> list[bytes]:
    data = path.read_bytes()
    assert struct.unpack("<I", data[:4])[0] == 0xA1B2C3D4
    packets, offset = [], 24
    while offset < len(data):
        length = struct.unpack("<IIII", data[offset : offset + 16])[2]
        frame = data[offset + 16 : offset + 16 + length]
        packets.append(frame[14 + 20 + 8 :])  # Ethernet, IPv4, UDP
        offset += 16 + length
    return packets


def _events(packets: list[bytes]) -> list[tuple[int, int, int, bool]]:
    """(seq, timestamp, event code, end bit) of the RFC 4733 packets."""
    found = []
    for rtp in packets:
        if rtp[1] & 0x7F == PT_EVENT:
            seq, ts = struct.unpack("!HI", rtp[2:8])
            found.append((seq, ts, rtp[12], bool(rtp[13] & 0x80)))
    return found


def test_repeated_digits_get_distinct_timestamps_across_entries(tmp_path: Path) -> None:
    stream = RtpStream()
    first, second = tmp_path / "a.pcap", tmp_path / "b.pcap"
    write_pcap(first, entry_packets(stream, "11#"))
    write_pcap(second, entry_packets(stream, "1"))
    events = _events(_rtp_packets(first)) + _events(_rtp_packets(second))
    starts = sorted({ts for _, ts, _, _ in events})
    assert len(starts) == 4  # 1, 1, # and 1 again: four distinct events
    assert [code for _, ts, code, end in events if end][::3] == [1, 1, 11, 1]
    sequences = [seq for seq, *_ in events]
    assert sequences == sorted(sequences)


def test_every_packet_sequence_number_increases(tmp_path: Path) -> None:
    path = tmp_path / "x.pcap"
    write_pcap(path, entry_packets(RtpStream(), "123#", lead_audio=0.2))
    seqs = [struct.unpack("!H", rtp[2:4])[0] for rtp in _rtp_packets(path)]
    # The end packet of an event is sent three times with one sequence number.
    assert all(b >= a for a, b in itertools.pairwise(seqs))
    assert len(set(seqs)) == len(seqs) - 2 * 4


def test_scenario_plays_one_pcap_per_entry(tmp_path: Path) -> None:
    path, seconds = write_scenario(tmp_path, "call-in", call_in_steps("900001", "900001"))
    xml = path.read_text()
    assert xml.count("play_pcap_audio") == 5
    assert "[authentication]" in xml and "BYE sip:" in xml
    assert 12 < seconds < 25


def test_latency_pairs_the_last_digit_with_the_next_prompt() -> None:
    trace = ChannelTrace(name="PJSIP/carrier-00000001")
    trace.marks = [
        (10.000, "prompt", "sound:switchboard/en/language-option"),
        (10.500, "dtmf", "1"),
        (10.501, "prompt", "sound:switchboard/es/language-option"),  # barge-in race
        (10.510, "prompt", "sound:switchboard/en/evv-welcome"),
        (11.000, "dtmf", "9"),
        (11.200, "dtmf", "#"),
        (11.215, "prompt", "switchboard/en/evv-group-question,1,,1,6"),
    ]
    latencies = reaction_latencies({"c": trace})
    assert [(round(ms), key, end) for ms, key, end in latencies] == [
        (10, "evv-welcome", "menu"),
        (15, "evv-group-question", "#"),
    ]
    assert reached({"c": trace}, "evv-group-question") == 1
    assert prompt_key("sound:switchboard/en/num-7") == "(time)"
    assert prompt_key("ENTRY,switchboard/en/evv-welcome,10,,1,6") == "evv-welcome"
    assert prompt_key("switchboard/en/num-7&switchboard/en/time-pm") == "(time)"
    assert percentiles([1.0, 2.0, 3.0])["p50"] == 2.0
