"""SIPp scenarios for the EVV line, generated from a list of steps.

A step waits (the caller listens to a prompt), then plays one entry's RTP pcap (some audio,
then the keys as RFC 4733 events). SIPp plays a pcap without blocking the scenario, so
each pause includes the length of the pcap played before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from bench.pcap import RtpStream, entry_packets, write_pcap


@dataclass(frozen=True)
class Step:
    wait: float  # seconds of listening before the keys (after the previous pcap ended)
    keys: str  # keys to press; "" sends no keys
    voice: float = 0.0  # seconds of caller audio before the keys (e.g. the client speaking)
    label: str = ""


# Timings follow the English prompts (sounds/en): barge-in entries start while the prompt
# plays; prompts without barge-in (the client's voice instructions) are waited out.
def call_in_steps(caregiver: str, client: str) -> list[Step]:
    return [
        Step(1.0, "1", label="language"),
        Step(1.2, caregiver + "#", label="caregiver"),
        Step(1.2, "2", label="group no"),
        Step(1.2, "1", label="call in"),
        Step(5.0, client + "#", label="first client"),
        Step(2.0, "", label="next client: hang up"),
    ]


def call_out_steps(caregiver: str, client: str, service: str, task: str) -> list[Step]:
    return [
        Step(1.0, "1", label="language"),
        Step(1.2, caregiver + "#", label="caregiver"),
        Step(1.2, "2", label="group no"),
        Step(1.2, "2", label="call out"),
        Step(5.0, client + "#", label="first client"),
        Step(1.2, service + "#", label="service"),
        Step(3.5, "1", label="accept service"),
        Step(1.2, "1#", label="one task"),
        Step(1.2, task + "#", label="task"),
        Step(5.0, "1", label="record the client"),
        Step(8.0, "#", voice=2.0, label="client speaks, # ends"),
        Step(4.0, "1", label="times confirmed"),
        Step(2.5, "1", label="service confirmed"),
        Step(2.0, "", label="next client: hang up"),
    ]


INVITE = """  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: [cseq] INVITE
      Contact: <sip:[caller]@[local_ip]:[local_port]>
      Max-Forwards: 70
      {auth}Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=- 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=ptime:20
      a=sendrecv

    ]]>
  </send>
"""

ACK = """  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: {cseq} ACK
      Contact: <sip:[caller]@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
"""

BYE = """  <send retrans="500">
    <![CDATA[
      BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: [cseq] BYE
      Contact: <sip:[caller]@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
"""


def write_scenario(folder: Path, name: str, steps: list[Step]) -> tuple[Path, float]:
    """Write `<name>.xml` and its pcaps into folder; returns the file and the call's length."""
    stream = RtpStream()
    body: list[str] = []
    total = 0.0
    previous_pcap = 0.0
    for number, step in enumerate(steps):
        pause = step.wait + previous_pcap
        body.append(f"  <!-- {escape(step.label)} -->\n")
        body.append(f'  <pause milliseconds="{int(pause * 1000)}"/>\n')
        total += pause
        previous_pcap = 0.0
        if step.keys or step.voice:
            packets = entry_packets(stream, step.keys, lead_audio=step.voice or 0.1)
            pcap = folder / f"{name}-{number:02d}.pcap"
            previous_pcap = write_pcap(pcap, packets) + 0.05
            body.append(f'  <nop><action><exec play_pcap_audio="{pcap}"/></action></nop>\n')
    auth = "[authentication]\n      "
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-1" ?>\n'
        f'<scenario name="switchboard {name}">\n'
        + INVITE.format(auth="").replace("[cseq]", "1")
        + '  <recv response="100" optional="true"/>\n'
        + '  <recv response="401" auth="true"/>\n'
        # The ACK of a 401 belongs to the first INVITE's transaction: same branch.
        + ACK.format(cseq="1").replace("[branch]", "[branch-3]")
        + INVITE.format(auth=auth).replace("[cseq]", "2")
        + '  <recv response="100" optional="true"/>\n'
        + '  <recv response="180" optional="true"/>\n'
        + '  <recv response="183" optional="true"/>\n'
        + '  <recv response="200" rtd="true"/>\n'
        + ACK.format(cseq="2")
        + "".join(body)
        + BYE.replace("[cseq]", "3")
        + '  <recv response="200" crlf="true"/>\n'
        + "</scenario>\n"
    )
    # A BYE from the PBX (it hung up first) is a failure: every scenario ends with ours.
    path = folder / f"{name}.xml"
    path.write_text(xml)
    return path, total
