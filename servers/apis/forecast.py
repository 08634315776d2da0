"""A stand-in for api.open-meteo.com: ``GET /v1/forecast`` answers with invented weather.

It owns one endpoint, shaped like Open-Meteo's::

    /v1/forecast?latitude=40.71&longitude=-74.01&hourly=temperature_2m,precipitation
                &current=temperature_2m&daily=temperature_2m_max&forecast_days=1
                &timezone=America/New_York

The answer has ``latitude``, ``longitude`` (snapped to a 0.1° grid, as a real model grid
would), ``generationtime_ms``, ``utc_offset_seconds``, ``timezone``,
``timezone_abbreviation``, ``elevation``, and for each of ``current``, ``hourly`` and
``daily`` that was asked for, a block of values plus a ``*_units`` block.

The weather is not real: smooth sine waves of (latitude, longitude, time), the same on
every run, starting on the fixed date :data:`START` (the "current" time is noon that day).
Bad input answers 400 ``{"error": true, "reason": "..."}`` as Open-Meteo does: a missing or
out-of-range ``latitude``/``longitude``, an unknown variable, ``forecast_days`` outside
1-16, an unknown ``timezone``. Also accepted: ``temperature_unit=fahrenheit``,
``wind_speed_unit=ms|mph|kn``, ``timeformat=unixtime``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from flask import Blueprint, Response, request

from servers.flaskapp import BadParameter, answer_errors_in_json, json_response

blueprint = Blueprint("forecast", __name__)

START = datetime(2026, 1, 15)
"""Day one of every forecast, in the requested time zone (a fixed date: reproducible)."""

HOURLY_UNITS = {
    "temperature_2m": "°C", "relative_humidity_2m": "%", "apparent_temperature": "°C",
    "precipitation": "mm", "rain": "mm", "snowfall": "cm", "precipitation_probability": "%",
    "weather_code": "wmo code", "cloud_cover": "%", "surface_pressure": "hPa",
    "wind_speed_10m": "km/h", "wind_direction_10m": "°", "is_day": "",
}
"""The hourly (and current) variables and their units."""

DAILY_UNITS = {
    "temperature_2m_max": "°C", "temperature_2m_min": "°C", "precipitation_sum": "mm",
    "precipitation_probability_max": "%", "weather_code": "wmo code",
    "wind_speed_10m_max": "km/h", "sunrise": "iso8601", "sunset": "iso8601",
}

ALIASES = {"relativehumidity_2m": "relative_humidity_2m", "weathercode": "weather_code",
           "windspeed_10m": "wind_speed_10m", "winddirection_10m": "wind_direction_10m",
           "cloudcover": "cloud_cover", "windspeed_10m_max": "wind_speed_10m_max"}
"""Older variable names Open-Meteo still accepts; answers use the name that was asked."""

ZONES = {
    # name: (UTC offset in January, abbreviation, latitude, longitude of a city there)
    "GMT": (0, "GMT", 51.48, 0.0), "UTC": (0, "UTC", 51.48, 0.0),
    "Europe/London": (0, "GMT", 51.51, -0.13), "Europe/Berlin": (3600, "CET", 52.52, 13.41),
    "Europe/Paris": (3600, "CET", 48.86, 2.35), "Africa/Lagos": (3600, "WAT", 6.45, 3.4),
    "Africa/Nairobi": (10800, "EAT", -1.29, 36.82), "Asia/Kolkata": (19800, "IST", 28.61, 77.21),
    "Asia/Tokyo": (32400, "JST", 35.68, 139.69),
    "Australia/Sydney": (39600, "AEDT", -33.87, 151.21),
    "America/Sao_Paulo": (-10800, "-03", -23.55, -46.63),
    "America/New_York": (-18000, "EST", 40.71, -74.01),
    "America/Chicago": (-21600, "CST", 41.88, -87.63),
    "America/Denver": (-25200, "MST", 39.74, -104.99),
    "America/Los_Angeles": (-28800, "PST", 34.05, -118.24),
}
"""The time zones this stand-in knows (``timezone=auto`` picks the nearest city's)."""

WIND_UNITS = {"kmh": (1.0, "km/h"), "ms": (3.6, "m/s"), "mph": (1.609344, "mp/h"),
              "kn": (1.852, "kn")}

answer_errors_in_json(blueprint, lambda message: {"error": True, "reason": message})


# --- the invented weather -----------------------------------------------------------------

def _weather(lat: float, lon: float, hours: float) -> dict[str, float]:
    """Every hourly variable at ``hours`` after START (UTC) for one place, in metric units."""
    day = hours / 24
    solar = (hours + lon / 15) % 24  # local solar time: the sun is highest at 12
    wave = math.sin(day * 1.3 + lon / 20) + 0.5 * math.sin(day * 0.4 + lat / 10)
    mean = 27 - 0.45 * abs(lat) - 12 * math.sin(math.radians(lat))  # January: north is cold
    temperature = mean + 2.5 * wave + 4 * math.sin(2 * math.pi * (solar - 9) / 24)
    rain_chance = max(0.0, math.sin(hours * 0.11 + lon / 9 + lat / 17))  # showers every ~2 days
    precipitation = round(max(0.0, rain_chance - 0.6) * 6, 1)
    clouds = min(100, max(0, round(50 + 45 * math.sin(day * 1.1 + lat / 13 + solar / 8))))
    wind = max(0.0, 12 + 8 * math.sin(day * 0.8 + lon / 30) + 3 * math.sin(solar / 4))
    if precipitation > 0:
        code = 71 if temperature <= 1 else (63 if precipitation >= 1 else 61)
    else:
        code = 3 if clouds > 80 else 2 if clouds > 50 else 1 if clouds > 20 else 0
    return {
        "temperature_2m": temperature,
        "relative_humidity_2m": min(100, max(15, round(70 - 3 * (temperature - mean)
                                                      + 10 * math.sin(day * 0.9 + lat / 7)))),
        "apparent_temperature": temperature - wind / 8,
        "precipitation": precipitation,
        "rain": precipitation if temperature > 1 else 0.0,
        "snowfall": round(precipitation * 0.7, 2) if temperature <= 1 else 0.0,
        "precipitation_probability": round(100 * rain_chance**2),
        "weather_code": code, "cloud_cover": clouds,
        "surface_pressure": 1013 - _elevation(lat, lon) / 8.3 + 6 * math.sin(day * 0.6),
        "wind_speed_10m": wind,
        "wind_direction_10m": round(200 + 90 * math.sin(day * 0.5 + lat / 20)) % 360,
        "is_day": int(6 <= solar < 18),
    }


def _elevation(lat: float, lon: float) -> float:
    return round(abs(math.sin(math.radians(lat * 3)) * math.cos(math.radians(lon * 2))) * 900, 1)


def _convert(name: str, value: float, fahrenheit: bool, wind_divisor: float) -> float:
    """Apply the requested units and round as Open-Meteo does (one decimal)."""
    if fahrenheit and name.startswith(("temperature", "apparent")):
        value = value * 9 / 5 + 32
    if name.startswith("wind_speed"):
        value /= wind_divisor
    return value if isinstance(value, int) else round(value, 1)


# --- parameters ---------------------------------------------------------------------------

def _coordinate(name: str, limit: int) -> float:
    raw = request.args.get(name)
    if raw is None:
        raise BadParameter(f"Parameter '{name}' is required, e.g. {name}=52.52")
    try:
        value = float(raw)
    except ValueError:
        raise BadParameter(f"Parameter '{name}' must be a number. Given: {raw!r}") from None
    if not -limit <= value <= limit:  # also rejects nan
        raise BadParameter(
            f"{name.title()} must be in range of -{limit} to {limit}°. Given: {raw}.")
    return round(value, 1)  # the nearest point of a 0.1° grid


def _variables(block: str, known: dict[str, str]) -> list[str]:
    """The comma-separated names given for ``hourly``, ``daily`` or ``current``."""
    names = [name.strip() for value in request.args.getlist(block) for name in value.split(",")
             if name.strip()]
    for name in names:
        if ALIASES.get(name, name) not in known:
            raise BadParameter(f"Cannot use '{name}' for '{block}'. Known variables: "
                             + ", ".join(known))
    return names


def _timezone(lat: float, lon: float) -> tuple[str, int, str]:
    """(name, UTC offset in seconds, abbreviation) of the ``timezone`` parameter."""
    name = request.args.get("timezone", "GMT")
    if name == "auto":
        name = min((zone for zone in ZONES if "/" in zone),
                   key=lambda zone: (ZONES[zone][2] - lat) ** 2 + (ZONES[zone][3] - lon) ** 2)
    if name not in ZONES:
        raise BadParameter(f"Invalid timezone {name!r}. Use auto, GMT or one of: "
                         + ", ".join(zone for zone in ZONES if "/" in zone))
    offset, abbreviation, _lat, _lon = ZONES[name]
    return name, offset, abbreviation


def _choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = request.args.get(name, default)
    if value not in allowed:
        raise BadParameter(f"Parameter '{name}' must be one of {', '.join(allowed)}")
    return value


# --- the endpoint -------------------------------------------------------------------------

@dataclass(frozen=True)
class Query:
    """One forecast request, its parameters checked."""

    lat: float
    lon: float
    days: int
    zone: str
    offset: int  # seconds east of UTC
    abbreviation: str
    fahrenheit: bool
    wind_unit: str
    unixtime: bool

    def weather_at(self, local: datetime) -> dict[str, float]:
        """Every variable at a local time of this query's time zone."""
        utc_hours = (local - START).total_seconds() / 3600 - self.offset / 3600
        return _weather(self.lat, self.lon, utc_hours)

    def value(self, name: str, weather: dict[str, float]) -> float:
        name = ALIASES.get(name, name)
        return _convert(name, weather[name], self.fahrenheit, WIND_UNITS[self.wind_unit][0])

    def stamp(self, local: datetime, fmt: str = "%Y-%m-%dT%H:%M") -> str | int:
        """A local time as Open-Meteo writes it: ISO 8601 without seconds, or Unix time."""
        if not self.unixtime:
            return local.strftime(fmt)
        return int((local.replace(tzinfo=timezone.utc) - timedelta(seconds=self.offset))
                   .timestamp())

    def units(self, names: list[str], table: dict[str, str]) -> dict[str, str]:
        """A ``*_units`` block: the unit of each variable, after any conversion."""
        result = {"time": "unixtime" if self.unixtime else "iso8601"}
        for name in names:
            unit = table[ALIASES.get(name, name)]
            if unit == "°C" and self.fahrenheit:
                unit = "°F"
            elif unit == "km/h":
                unit = WIND_UNITS[self.wind_unit][1]
            elif unit == "iso8601" and self.unixtime:
                unit = "unixtime"
            result[name] = unit
        return result

    def sun(self, which: str, midnight: datetime) -> datetime:
        """Sunrise or sunset: a day of 12 h +/- a latitude term, around local solar noon."""
        length = min(23.9, max(0.1, 12 - 5 * math.sin(math.radians(self.lat))))
        solar_noon = 12 - self.lon / 15 + self.offset / 3600
        hour = solar_noon + (length / 2 if which == "sunset" else -length / 2)
        return midnight + timedelta(minutes=round(hour * 60))


def _query() -> Query:
    """Check every parameter of the request; a bad one raises :class:`BadParameter`."""
    lat, lon = _coordinate("latitude", 90), _coordinate("longitude", 180)
    days = request.args.get("forecast_days", "7")
    if not (days.isdigit() and 1 <= int(days) <= 16):
        raise BadParameter(f"Forecast days must be a whole number from 1 to 16. Given: {days!r}")
    zone, offset, abbreviation = _timezone(lat, lon)
    default_wind = request.args.get("windspeed_unit", "kmh")  # the older spelling
    return Query(
        lat, lon, int(days), zone, offset, abbreviation,
        fahrenheit=_choice("temperature_unit", "celsius", ("celsius", "fahrenheit"))
        == "fahrenheit",
        wind_unit=_choice("wind_speed_unit", default_wind, tuple(WIND_UNITS)),
        unixtime=_choice("timeformat", "iso8601", ("iso8601", "unixtime")) == "unixtime",
    )


@blueprint.get("/v1/forecast")
def forecast() -> Response:
    """The forecast for one place, in the shape Open-Meteo uses."""
    started = time.perf_counter()
    query = _query()
    hourly = _variables("hourly", HOURLY_UNITS)
    daily = _variables("daily", DAILY_UNITS)
    current = _variables("current", HOURLY_UNITS)
    result: dict[str, Any] = {
        "latitude": query.lat, "longitude": query.lon, "generationtime_ms": 0.0,
        "utc_offset_seconds": query.offset, "timezone": query.zone,
        "timezone_abbreviation": query.abbreviation, "elevation": _elevation(query.lat, query.lon),
    }
    if current:
        now = START + timedelta(hours=12)
        weather = query.weather_at(now)
        result["current_units"] = query.units(current, HOURLY_UNITS) | {"interval": "seconds"}
        result["current"] = {"time": query.stamp(now), "interval": 900} | {
            name: query.value(name, weather) for name in current}
    if hourly:
        hours = [START + timedelta(hours=h) for h in range(query.days * 24)]
        table = [query.weather_at(hour) for hour in hours]
        result["hourly_units"] = query.units(hourly, HOURLY_UNITS)
        result["hourly"] = {"time": [query.stamp(hour) for hour in hours]} | {
            name: [query.value(name, weather) for weather in table] for name in hourly}
    if daily:
        result["daily_units"] = query.units(daily, DAILY_UNITS)
        result["daily"] = _daily(query, daily)
    result["generationtime_ms"] = round((time.perf_counter() - started) * 1000, 3)
    return json_response(result)


def _daily(query: Query, names: list[str]) -> dict[str, list[Any]]:
    """Per-day values: the extremes or sums of the day's 24 hours, and the sun's times."""
    block: dict[str, list[Any]] = {"time": [], **{name: [] for name in names}}
    for number in range(query.days):
        midnight = START + timedelta(days=number)
        block["time"].append(query.stamp(midnight, "%Y-%m-%d"))
        hours = [query.weather_at(midnight + timedelta(hours=h)) for h in range(24)]
        for name in names:
            metric = ALIASES.get(name, name)
            if metric in ("sunrise", "sunset"):
                block[name].append(query.stamp(query.sun(metric, midnight)))
                continue
            # "temperature_2m_max" -> the max of the hourly "temperature_2m"
            hourly, _, how = metric.rpartition("_")
            if metric == "weather_code":
                hourly, how = metric, "max"  # the day's worst weather
            values = [query.value(hourly, hour) for hour in hours]
            total = {"max": max, "min": min, "sum": sum}[how](values)
            block[name].append(round(total, 1) if isinstance(total, float) else total)
    return block
