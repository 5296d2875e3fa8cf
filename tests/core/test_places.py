"""Place keys, grid squares and periods: plain arithmetic, with no plotting library loaded."""

import subprocess
import sys

import pandas as pd

from dashboard.core.places import (
    grid_square,
    location_key,
    parse_location_key,
    period_bounds,
    periods,
)


def test_periods_step_by_month_or_quarter():
    first, last = pd.Timestamp("2024-05-20"), pd.Timestamp("2024-08-02")
    assert periods(first, last, "month") == ["2024-05", "2024-06", "2024-07", "2024-08"]
    assert periods(first, last, "quarter") == ["2024-Q2", "2024-Q3"]
    assert period_bounds("2024-Q2") == (pd.Timestamp("2024-04-01"), pd.Timestamp("2024-06-30"))


def test_a_place_key_reads_back_and_falls_in_its_grid_square():
    key = location_key(49.9935, 36.2304)
    assert key == "49.99,36.23"
    assert parse_location_key(key) == (49.99, 36.23)
    assert parse_location_key("north,south") is None
    assert grid_square(key) == "50.0,36.0"


def test_parsing_a_place_key_does_not_import_plotly():
    code = (
        "import sys; from dashboard.core.places import parse_location_key;"
        " parse_location_key('1.00,2.00'); print('plotly' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
