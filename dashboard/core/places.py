"""Place keys, the half-degree grid of squares, and playback periods (no plotting here)."""

import numpy as np
import pandas as pd

GRID_DEGREES = 0.5  # the GDELT layer's places are counted on squares this wide


def location_key(latitude: float, longitude: float) -> str:
    """A stable key for a place: its coordinates to two decimals."""
    return f"{latitude:.2f},{longitude:.2f}"


def parse_location_key(key: str) -> tuple[float, float] | None:
    """The two coordinates of a place key ('37.57,126.98'), or None for a malformed one."""
    try:
        lat, lon = (float(part) for part in key.split(","))
    except ValueError:
        return None
    return lat, lon


def on_grid(degrees: pd.Series) -> pd.Series:
    """Coordinates rounded to the centre line of their grid square."""
    return (degrees / GRID_DEGREES).round() * GRID_DEGREES


def square_key(latitude: float, longitude: float) -> str:
    """The key of a grid square from its (already rounded) coordinates: '50.0,36.0'."""
    return f"{latitude:.1f},{longitude:.1f}"


def grid_square(key: str) -> str:
    """The grid square ('50.0,36.0') of a curated place key ('49.99,36.23'); '' if bad."""
    coordinates = parse_location_key(key)
    if coordinates is None:
        return ""
    lat, lon = (round(c / GRID_DEGREES) * GRID_DEGREES for c in coordinates)
    return square_key(lat, lon)


def periods(first: pd.Timestamp, last: pd.Timestamp, step: str) -> list[str]:
    """Playback frames from first to last: '2024-06' by month, '2024-Q2' by quarter."""
    if step == "quarter":
        span = pd.period_range(first.to_period("Q"), last.to_period("Q"), freq="Q")
        return [f"{p.year}-Q{p.quarter}" for p in span]
    months = np.arange(np.datetime64(first, "M"), np.datetime64(last, "M") + 1)
    return [str(m) for m in months]


def period_bounds(period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a frame label ('2024-06' or '2024-Q2')."""
    if "-Q" in period:
        p = pd.Period(period.replace("-", ""), freq="Q")
    else:
        p = pd.Period(period, freq="M")
    return p.start_time.normalize(), p.end_time.normalize()
