"""Whole-column helpers mean exactly what their per-cell Python counterparts mean."""

import sys
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from dashboard.core.cells import (
    WHITESPACE,
    blank,
    cell_values,
    factorize,
    grouped,
    parse_spans,
    ragged,
    split_cells,
    split_list,
    strip,
)
from dashboard.core.dates import parse_event_date

# Cells that trip naive stripping: every kind of Unicode space, at either end, inside, alone.
AWKWARD = [
    "",
    " ",
    "KOR",
    " KOR ",
    "\u3000KOR\u2028",
    "\x1cKOR\x1f",
    "\xa0",
    "\x85|\u1680",
    "KOR|RUS",
    " KOR | | RUS ",
    "|",
    "Ж\u200b",  # a zero-width space is not whitespace for str.strip()
    "한 국\u2009",
    "\ufeffKOR",
]


def test_whitespace_is_exactly_what_str_isspace_accepts():
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert WHITESPACE == spaces


def test_strip_agrees_with_str_strip():
    assert strip(pa.array(AWKWARD, pa.large_string())).to_pylist() == [c.strip() for c in AWKWARD]


def test_strip_copies_nothing_when_nothing_needs_stripping():
    values = pa.array(["KOR", "RUS"], pa.large_string())
    assert strip(values).buffers()[2].address == values.buffers()[2].address


def test_blank_agrees_with_an_empty_str_strip():
    assert list(blank(pd.Series(AWKWARD, dtype=str))) == [not c.strip() for c in AWKWARD]


@pytest.mark.parametrize("is_list", [True, False])
def test_cell_values_agree_with_split_list_and_strip(is_list):
    values, positions = cell_values(pd.Series(AWKWARD, dtype=str), is_list)
    split = (split_list(c) if is_list else [c.strip()] for c in AWKWARD)
    expected = [(i, v) for i, cell in enumerate(split) for v in cell if v]
    assert list(zip(positions.tolist(), values.to_pylist(), strict=True)) == expected


def test_split_cells_and_grouped_make_the_tuples_split_list_makes():
    offsets, values = split_cells(pa.array(AWKWARD, pa.large_string()))
    tuples = grouped(offsets, values.to_numpy(zero_copy_only=False))
    assert list(tuples) == [tuple(split_list(c)) for c in AWKWARD]


def test_factorize_codes_each_distinct_combination_in_order_of_first_appearance():
    codes, combos = factorize(pd.Series(["a", "b", "a", "a"]), pd.Series(["1", "1", "2", "1"]))
    assert (codes.tolist(), combos) == ([0, 1, 2, 0], [("a", "1"), ("b", "1"), ("a", "2")])


def test_parse_spans_gives_first_and_last_days_and_nat_where_the_parser_refuses():
    spans = parse_spans(
        parse_event_date, pd.Series(["2024-06", "2024-02-30"]), pd.Series(["month", "day"])
    )
    assert spans.first[0] == np.datetime64(date(2024, 6, 1))
    assert spans.last[0] == np.datetime64(date(2024, 6, 30))
    assert np.isnat(spans.first[1]) and np.isnat(spans.last[1])


def test_ragged_lists_each_run_s_items():
    run, item = ragged(np.array([10, 0, 5]), np.array([2, 0, 3]))
    assert (run.tolist(), item.tolist()) == ([0, 0, 2, 2, 2], [10, 11, 5, 6, 7])
