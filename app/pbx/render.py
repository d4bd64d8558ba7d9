"""Render the Asterisk configuration templates in `asterisk/` into the runtime folder."""

from __future__ import annotations

import array
import math
import re
import wave
from collections.abc import Sequence
from pathlib import Path

from app.config import REPO_ROOT, Settings
from app.pbx.dids import (
    DEMO_PHONES,
    carrier_includes,
    dialplan_lines,
    include_files,
    phone_sections,
)
from app.pbx.phones.publish import ensure_files
from app.pbx.phones.rules import REALM
from app.pbx.phones.sections import PJSIP_FILE, VOICEMAIL_CONTEXT, VOICEMAIL_FILE
from app.system import System, all_dids

TEMPLATES = REPO_ROOT / "asterisk"
# `{{name}}`, because Asterisk's own `${VAR}` must pass through untouched.
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# cdr_csv does not create its folder: without it the CSV backstop silently writes nothing.
RUNTIME_DIRS = (
    "etc",
    "lib",
    "lib/sounds",
    "spool",
    "spool/recording",
    "spool/voicemail",
    "run",
    "log",
    "log/cdr-csv",
)
# app_voicemail speaks its menus with Asterisk's core prompts; Debian's
# asterisk-core-sounds-en-wav (`make tools`) puts them here.
CORE_SOUNDS_EN = Path("/usr/share/asterisk/sounds/en")


class TemplateError(ValueError):
    pass


def template_values(settings: Settings, systems: Sequence[System]) -> dict[str, str]:
    ports = settings.ports
    includes = [include for system in systems for include in system.dialplan_includes]
    return {
        "runtime": str(settings.runtime_dir),
        "prefix": str(settings.asterisk_prefix),
        "bind_address": settings.bind_address,
        "sip_port": str(ports.sip),
        "http_port": str(ports.http),
        "ami_port": str(ports.ami),
        "rtp_start": str(ports.rtp_start),
        "rtp_end": str(ports.rtp_end),
        "ari_user": settings.ari_user,
        "ari_password": settings.secret("ari_password"),
        "ami_user": settings.ami_user,
        "ami_secret": settings.secret("ami_secret"),
        "carrier_password": settings.secret("carrier_password"),
        "phone_password": settings.secret("phone_password"),
        "carrier_uri": settings.carrier_uri,
        "phones": phone_sections(DEMO_PHONES),
        "dids": dialplan_lines(all_dids(systems), settings.ari_app),
        "system_includes": include_files(includes),
        "carrier_includes": carrier_includes(includes),
        "sip_realm": REALM,
        "phones_file": PJSIP_FILE,
        "voicemail_file": VOICEMAIL_FILE,
        "voicemail_context": VOICEMAIL_CONTEXT,
    }


def fill(template: str, values: dict[str, str], name: str = "<template>") -> str:
    def substitute(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise TemplateError(f"{name}: no value for {{{{{key}}}}}")
        return values[key]

    return PLACEHOLDER.sub(substitute, template)


def render_config(settings: Settings, systems: Sequence[System]) -> Path:
    """Write every template into <runtime>/etc and lay out the runtime folders."""
    runtime = settings.runtime_dir
    for sub in RUNTIME_DIRS:
        (runtime / sub).mkdir(parents=True, exist_ok=True)
    values = template_values(settings, systems)
    etc = runtime / "etc"
    for template in sorted(TEMPLATES.glob("*.conf")):
        target = etc / template.name
        target.write_text(fill(template.read_text(), values, template.name))
        # The files hold secrets.
        target.chmod(0o600)
    _link(runtime / "lib" / "sounds" / "switchboard", settings.sounds_dir)
    _write_beep(runtime / "lib" / "sounds" / "beep.wav")
    if CORE_SOUNDS_EN.is_dir():
        _link(runtime / "lib" / "sounds" / "en", CORE_SOUNDS_EN)
    ensure_files(settings)
    for system in systems:
        system.render(settings)
    return settings.asterisk_conf


def _write_beep(path: Path) -> None:
    """Recording starts with Asterisk's `beep` sound, and without that file Asterisk
    refuses to record at all. Debian's core sounds are not needed for one tone."""
    if path.exists():
        return
    rate, seconds, hertz = 8000, 0.25, 1000
    tone = array.array(
        "h",
        (int(12000 * math.sin(2 * math.pi * hertz * i / rate)) for i in range(int(rate * seconds))),
    )
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(tone.tobytes())


def _link(link: Path, target: Path) -> None:
    if link.is_symlink() or link.exists():
        if link.is_symlink() and link.resolve() == target.resolve():
            return
        link.unlink()
    link.symlink_to(target.resolve(), target_is_directory=True)
