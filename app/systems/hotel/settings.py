"""The hotel switchboard's settings, read from the environment (SWITCHBOARD_HOTEL_*)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.config import int_env
from app.systems.hotel.dids import HOTEL_MAIN_NUMBER


def _tuple(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = env.get(name)
    if not raw:
        return default
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class HotelSettings:
    """Seed 002's hotel. Defaults suit a hotel in Shanghai; see README's Hotel section."""

    name_zh: str = "荷花园酒店"
    name_en: str = "Lotus Garden Hotel"
    main_number: str = HOTEL_MAIN_NUMBER
    # A room dials this to reach the operators (seed: "Operator, 您好，总机").
    operator_code: str = "0"
    operator_extensions: tuple[str, ...] = ("2001", "2002")
    front_desk_extension: str = "2100"
    # Dialled straight out from any phone: no prefix, no class-of-service check.
    emergency_numbers: tuple[str, ...] = ("112", "911")
    outside_prefix: str = "9"
    # How a dialled outside number is classed for class of service (China's plan).
    international_prefix: str = "00"
    national_prefix: str = "0"
    local_area_code: str = "21"
    transfer_ring_seconds: int = 20
    # Each operator's phone rings about three rings (seed 002) before the next one's.
    operator_ring_seconds: int = 15
    wakeup_retries: int = 2
    wakeup_retry_minutes: int = 5
    snooze_minutes: int = 10
    default_language: str = "zh"
    timezone: str = "Asia/Shanghai"
    currency: str = "CNY"
    # Which PMS receives the folio postings: none (the postings table is the folio),
    # http (the PMS pulls them from the JSON API and answers each) or fias (the TCP link
    # sends each as a PS record and waits for its PA).
    pms: str = "none"
    # The HTTP JSON API's port (0: off; it binds where the rest does, loopback by default)
    # and the FIAS link's peer.
    pms_api_port: int = 8095
    fias_host: str = "127.0.0.1"
    fias_port: int = 5010
    fias_keepalive_seconds: int = 30
    # How long a sent posting waits for the PMS's answer before it is sent again.
    fias_answer_seconds: int = 20

    @property
    def fias_enabled(self) -> bool:
        return self.pms == "fias"


def load_hotel(env: Mapping[str, str]) -> HotelSettings:
    d = HotelSettings()
    language = env.get("SWITCHBOARD_HOTEL_LANGUAGE", d.default_language)
    if language not in ("zh", "en"):
        raise ValueError(f"SWITCHBOARD_HOTEL_LANGUAGE must be zh or en, not {language!r}")
    pms = env.get("SWITCHBOARD_HOTEL_PMS", d.pms)
    if pms not in ("none", "http", "fias"):
        raise ValueError(f"SWITCHBOARD_HOTEL_PMS must be none, http or fias, not {pms!r}")
    return HotelSettings(
        pms=pms,
        name_zh=env.get("SWITCHBOARD_HOTEL_NAME_ZH", d.name_zh),
        name_en=env.get("SWITCHBOARD_HOTEL_NAME_EN", d.name_en),
        main_number=env.get("SWITCHBOARD_HOTEL_MAIN_NUMBER", d.main_number),
        operator_code=env.get("SWITCHBOARD_HOTEL_OPERATOR_CODE", d.operator_code),
        operator_extensions=_tuple(env, "SWITCHBOARD_HOTEL_OPERATORS", d.operator_extensions),
        front_desk_extension=env.get("SWITCHBOARD_HOTEL_FRONT_DESK", d.front_desk_extension),
        emergency_numbers=_tuple(env, "SWITCHBOARD_HOTEL_EMERGENCY", d.emergency_numbers),
        outside_prefix=env.get("SWITCHBOARD_HOTEL_OUTSIDE_PREFIX", d.outside_prefix),
        international_prefix=env.get(
            "SWITCHBOARD_HOTEL_INTERNATIONAL_PREFIX", d.international_prefix
        ),
        national_prefix=env.get("SWITCHBOARD_HOTEL_NATIONAL_PREFIX", d.national_prefix),
        local_area_code=env.get("SWITCHBOARD_HOTEL_AREA_CODE", d.local_area_code),
        transfer_ring_seconds=int_env(
            env, "SWITCHBOARD_HOTEL_TRANSFER_RING_SECONDS", d.transfer_ring_seconds
        ),
        operator_ring_seconds=int_env(
            env, "SWITCHBOARD_HOTEL_OPERATOR_RING_SECONDS", d.operator_ring_seconds
        ),
        wakeup_retries=int_env(env, "SWITCHBOARD_HOTEL_WAKEUP_RETRIES", d.wakeup_retries),
        wakeup_retry_minutes=int_env(
            env, "SWITCHBOARD_HOTEL_WAKEUP_RETRY_MINUTES", d.wakeup_retry_minutes
        ),
        snooze_minutes=int_env(env, "SWITCHBOARD_HOTEL_SNOOZE_MINUTES", d.snooze_minutes),
        default_language=language,
        timezone=env.get("SWITCHBOARD_HOTEL_TIMEZONE", d.timezone),
        currency=env.get("SWITCHBOARD_HOTEL_CURRENCY", d.currency),
        pms_api_port=int_env(env, "SWITCHBOARD_HOTEL_PMS_API_PORT", d.pms_api_port),
        fias_host=env.get("SWITCHBOARD_HOTEL_FIAS_HOST", d.fias_host),
        fias_port=int_env(env, "SWITCHBOARD_HOTEL_FIAS_PORT", d.fias_port),
        fias_keepalive_seconds=int_env(
            env, "SWITCHBOARD_HOTEL_FIAS_KEEPALIVE_SECONDS", d.fias_keepalive_seconds
        ),
        fias_answer_seconds=int_env(
            env, "SWITCHBOARD_HOTEL_FIAS_ANSWER_SECONDS", d.fias_answer_seconds
        ),
    )
