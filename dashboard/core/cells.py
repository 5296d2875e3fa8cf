"""Whole-column work on text cells, meaning exactly what the per-cell helpers mean.

str.strip(), split_list() and the date parsers, applied to a million cells at once: Arrow does
the strings, the Python parsers run once per distinct value, never once per row.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.core.schema import LIST_SEPARATOR, Column, Table

# Exactly the characters for which str.isspace() is true: what str.strip() removes.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


class Spans(NamedTuple):
    """First and last day of each row's date; NaT where the parser refused it."""

    first: np.ndarray
    last: np.ndarray


def split_list(cell: str) -> list[str]:
    """Split a list cell on '|', dropping blanks around and between values."""
    return [v.strip() for v in cell.split(LIST_SEPARATOR) if v.strip()]


def text_array(cells: pd.Series | pa.Array) -> pa.Array:
    """The cells as one Arrow large_string array (Arrow-backed columns are not copied)."""
    if isinstance(cells, pd.Series):
        cells = pa.array(cells, type=pa.large_string(), from_pandas=True)
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    return pc.cast(cells, pa.large_string())


def _byte_table(*codes: int | range) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    for code in codes:
        table[code] = True
    return table


# UTF-8 bytes that can begin, and that can end, one of the WHITESPACE characters.
_MAY_BEGIN = _byte_table(range(9, 14), range(28, 33), 0xC2, 0xE1, 0xE2, 0xE3)
_MAY_END = _byte_table(range(9, 14), range(28, 33), range(0x80, 0xC0))


def _may_need_strip(values: pa.Array) -> np.ndarray:
    """True for values whose first or last byte could belong to whitespace (read in place)."""
    _, offsets, data = values.buffers()
    offsets = np.frombuffer(offsets, dtype=np.int64)[
        values.offset : values.offset + len(values) + 1
    ]
    if data is None or not len(data):
        return np.zeros(len(values), dtype=bool)
    data = np.frombuffer(data, dtype=np.uint8)
    start, end = offsets[:-1], offsets[1:]
    filled = end > start
    first = data[np.where(filled, start, 0)]
    last = data[np.where(filled, end - 1, 0)]
    return filled & (_MAY_BEGIN[first] | _MAY_END[last])


def strip(values: pa.Array) -> pa.Array:
    """str.strip() of each value; `values` itself (no copy) when nothing needs stripping."""
    values = text_array(values)
    suspects = _may_need_strip(values)
    if not suspects.any():
        return values
    stripped = pc.utf8_trim(values.filter(suspects), WHITESPACE)
    return pc.replace_with_mask(values, pa.array(suspects), stripped)


@lru_cache(maxsize=4)
def _counting(size: int) -> np.ndarray:
    """0, 1, ... size - 1, shared read-only by every column of that many cells."""
    numbers = np.arange(size)
    numbers.setflags(write=False)
    return numbers


def cell_values(cells: pd.Series | pa.Array, is_list: bool) -> tuple[pa.Array, np.ndarray]:
    """The cells' non-blank stripped values (split as split_list does) and each one's cell."""
    array = text_array(cells)
    if is_list:
        parts = pc.split_pattern(array, LIST_SEPARATOR)
        positions = pc.list_parent_indices(parts).to_numpy()
        values = strip(pc.list_flatten(parts))
    else:
        positions, values = _counting(len(array)), strip(array)
    keep = pc.not_equal(values, "")
    if pc.all(keep).as_py() is not False:  # no blanks (or no values): nothing to drop
        return values, positions
    return values.filter(keep), positions[keep.to_numpy(zero_copy_only=False)]


def blank(cells: pd.Series) -> np.ndarray:
    """True for each cell that is empty once stripped."""
    array = text_array(cells)
    empty = pc.equal(pc.binary_length(array), 0).to_numpy(zero_copy_only=False)
    suspects = np.flatnonzero(_may_need_strip(array))
    if len(suspects):
        stripped = pc.utf8_trim(array.take(pa.array(suspects)), WHITESPACE)
        empty[suspects] = pc.equal(stripped, "").to_numpy(zero_copy_only=False)
    return empty


def value_counts(positions: np.ndarray, size: int) -> np.ndarray:
    """How many values each of `size` cells holds, from cell_values' positions."""
    return np.bincount(positions, minlength=size)


class ColumnValues:
    """cell_values of the columns of some tables, keeping those several rules read (lists, refs)."""

    def __init__(self, tables: dict[str, pd.DataFrame]) -> None:
        self._tables, self._kept = tables, {}

    def __call__(self, table: Table, column: Column) -> tuple[pa.Array, np.ndarray]:
        key = (table.name, column.name)
        if key in self._kept:
            return self._kept[key]
        found = cell_values(self._tables[table.name][column.name], column.is_list)
        if column.is_list or column.ref:
            self._kept[key] = found
        return found


def among(values: pa.Array, ids: pd.Series) -> np.ndarray:
    """Whether each value is among the ids (hashing whichever side has fewer distinct values)."""
    ids = text_array(ids)
    wanted = pc.unique(values)
    if len(wanted) < len(ids):
        ids = pc.unique(ids.filter(pc.is_in(ids, value_set=wanted)))
    return pc.is_in(values, value_set=ids).to_numpy(zero_copy_only=False)


def distinct(cells: pd.Series | pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Each cell's code, and the distinct cells in code order."""
    encoded = pc.dictionary_encode(text_array(cells))
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary


def split_cells(cells: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """split_list of all cells as one array, and offsets: cell i holds values[offsets[i]:[i+1]]."""
    values, positions = cell_values(cells, is_list=True)
    counts = value_counts(positions, len(cells))
    return np.concatenate([[0], np.cumsum(counts)]), values


def grouped(offsets: np.ndarray, values: np.ndarray, make: Callable = tuple) -> np.ndarray:
    """make(values of cell i) for each cell i of split_cells' offsets, as an object array."""
    # Cells are taken a length at a time, so their tuples are zipped in C, not looped in Python.
    counts = np.diff(offsets)
    out = np.empty(len(counts), dtype=object)
    for length in np.flatnonzero(np.bincount(counts)).tolist():
        cells = np.flatnonzero(counts == length)
        parts = [values[offsets[cells] + j] for j in range(length)]
        made = map(make, zip(*parts, strict=True)) if length else (make(()) for _ in cells)
        out[cells] = objects(list(made))
    return out


def mapped(cells: pd.Series, mapping: dict) -> pd.Series:
    """mapping[cell] for each cell, NaN where absent (Series.map, once per distinct cell)."""
    codes, values = distinct(cells)
    found = pa.array([mapping.get(v) for v in values.to_pylist()], pa.large_string())
    return pd.Series(found.take(pa.array(codes)), index=cells.index, dtype=str)


def _codes(column: pd.Series | pa.Array) -> tuple[np.ndarray, list[str]]:
    codes, values = distinct(column)
    return codes, values.to_pylist()


def factorize(*columns: pd.Series | pa.Array) -> tuple[np.ndarray, list[tuple]]:
    """Codes of each row's combination of values, and the distinct combinations in code order."""
    codes, parts = None, []
    for column in columns:
        mine, values = _codes(column)
        mine = mine.astype(np.int64)
        codes = mine if codes is None else pd.factorize(codes * max(len(values), 1) + mine)[0]
        parts.append((mine, values))
    first = np.zeros(int(codes.max()) + 1 if len(codes) else 0, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]  # each combination's first row
    return codes, list(zip(*([v[i] for i in m[first].tolist()] for m, v in parts), strict=True))


def objects(items: list) -> np.ndarray:
    """A 1-d object array of `items` (tuples and frozensets stay single cells)."""
    return np.fromiter(items, dtype=object, count=len(items))


def per_distinct(function: Callable[..., object], *columns: pd.Series | pa.Array) -> np.ndarray:
    """function(*cells) once per distinct combination of the columns' cells, for every row."""
    codes, uniques = factorize(*columns)
    return objects([function(*args) for args in uniques])[codes]


def parse_spans(parse: Callable[..., tuple[date, date]], *columns: pd.Series | pa.Array) -> Spans:
    """Apply `parse` once per distinct combination of the columns' values, for every row."""
    codes, uniques = factorize(*columns)
    days = []
    for args in uniques:
        try:
            days.append(parse(*args))
        except ValueError:
            days.append((None, None))
    first, last = (np.array([d[i] for d in days], dtype="datetime64[D]") for i in (0, 1))
    return Spans(first[codes], last[codes])


def in_parallel(*jobs: Callable[[], object]) -> list:
    """Run the jobs on two threads and return their results in the order given."""
    # Arrow, NumPy and pandas' hashing release the GIL: a second core does help.
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(job) for job in jobs]
        return [future.result() for future in futures]


def ragged(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs of `lengths` items beginning at `starts`: each item's run and its own index."""
    run = np.repeat(np.arange(len(lengths)), lengths)
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return run, np.arange(len(run)) + shift
