"""Read one table of the data folder (CSV, or Parquet of strings) as text; problems as sentences."""

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.core.schema import Table

# Spreadsheet numbering: the header is row 1, so the first event is row 2, as an editor shows it.
# A Parquet file has no header row: its first event is row 1, as Parquet readers number it.
FIRST_DATA_ROW = 2
ROW = "_row"
_OTHER_DELIMITERS = {";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass(frozen=True)
class TextTable:
    """A table read as strings: every cell is text, '' when empty; ROW holds the row number."""

    frame: pd.DataFrame
    problems: tuple[str, ...]
    file: str = ""  # the file it was read from (or, when none was readable, the CSV's name)


def parquet_name(table: Table) -> str:
    """Return the name of the Parquet file that may hold `table` instead of its CSV."""
    return str(PurePosixPath(table.file).with_suffix(".parquet"))


def table_files(folder: Path, table: Table) -> list[Path]:
    """Return the names of `table` present in `folder` (its CSV, its Parquet, or both), as
    entries: a directory or a broken link by that name is present too (file_problem says
    why it cannot be read)."""
    paths = [Path(folder) / table.file, Path(folder) / parquet_name(table)]
    return [p for p in paths if os.path.lexists(p)]


def file_problem(folder: Path, path: Path) -> str | None:
    """Why a table's entry cannot be read as its file, in words; None when it can: it must
    be a regular file inside the data folder (a link is followed only to a file in it, so a
    link to a system file is never read or quoted)."""
    name = path.name
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a loop, or a link to nothing
            return f"{name}: is a symbolic link that leads nowhere (a loop or a missing target)."
        if not target.is_relative_to(Path(folder).resolve()):
            return (
                f"{name}: is a symbolic link to a file outside the data folder; it was not"
                " read (copy the file into the folder instead)."
            )
    if path.is_dir():
        return f"{name}: is a directory, not a file."
    if not path.is_file():
        return f"{name}: is not a regular file (a device or a pipe?); it was not read."
    return None


def _empty(table: Table) -> pd.DataFrame:
    return pd.DataFrame({c.name: pd.Series(dtype=str) for c in table.columns} | {ROW: []})


def _decode(raw: bytes, name: str) -> tuple[str | None, list[str]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        byte = raw[err.start : err.start + 1].hex()
        return None, [
            f"{name} line {line}: the file is not UTF-8 (byte 0x{byte} at offset {err.start});"
            " save it as UTF-8."
        ]


def _delimiter_problems(header: list[str], name: str) -> list[str]:
    if len(header) == 1:
        for delim, word in _OTHER_DELIMITERS.items():
            if delim in header[0]:
                return [
                    f"{name} row 1: the header is one column; the file seems to use the {word}"
                    " as delimiter, expected a comma."
                ]
    return []


def _header_problems(header: list[str], table: Table, name: str) -> list[str]:
    expected = [c.name for c in table.columns]
    problems = [
        f"{name}, column '{col}': missing from the header"
        f" (expected columns: {', '.join(expected)})."
        for col in expected
        if col not in header
    ]
    problems += [
        f"{name}, column '{col}': not a column of this table (a typo?)."
        for col in header
        if col not in expected
    ]
    dupes = sorted({c for c in header if header.count(c) > 1})
    problems += [f"{name}, column '{c}': appears more than once in the header." for c in dupes]
    return problems


def read_table(folder: Path, table: Table) -> TextTable:
    """Read the table's CSV or Parquet; any problem makes it empty or partial, never raises."""
    present = table_files(folder, table)
    name = table.file
    if len(present) > 1:
        both = f"both {name} and {present[1].name} exist; keep one."
        return TextTable(_empty(table), (both,), name)
    if not present:
        return TextTable(
            _empty(table), (f"{name}: the file is missing from the data folder.",), name
        )
    if (problem := file_problem(folder, present[0])) is not None:
        return TextTable(_empty(table), (problem,), name)
    if present[0].name != name:
        return _read_parquet(present[0], table)
    return _read_csv(present[0], table)


def _read_csv(path: Path, table: Table) -> TextTable:
    """Read a CSV file strictly, as text; rows count from the header's 1, as editors show them."""
    name = table.file
    text, problems = _decode(path.read_bytes(), name)
    if text is None:
        return TextTable(_empty(table), tuple(problems), name)
    if not text.strip():
        empty = f"{name}: the file is empty; expected a header row."
        return TextTable(_empty(table), (empty,), name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        problems = _delimiter_problems(header, name) or _header_problems(header, table, name)
        if problems:
            return TextTable(_empty(table), tuple(problems), name)
        rows, numbers = [], []
        for number, row in enumerate(reader, start=FIRST_DATA_ROW):
            if not row:
                continue
            if len(row) != len(header):
                problems.append(
                    f"{name} row {number}: has {len(row)} fields, expected {len(header)}"
                    " (a truncated file, or an unquoted comma?)."
                )
                continue
            rows.append(row)
            numbers.append(number)
    except csv.Error as err:
        if "field larger than field limit" in str(err):
            why = (
                f"a cell is longer than {csv.field_size_limit():,} characters, the most one"
                " cell may hold (or a quote left open made the rest of the file one cell)"
            )
        else:
            why = f"cannot be read as CSV ({err}); the file may be truncated inside a quote"
        problems.append(f"{name} line {reader.line_num}: {why}.")
        rows = []
    return TextTable(_frame(table, header if rows else [], rows, numbers), tuple(problems), name)


def _frame(
    table: Table, header: list[str], rows: list[list[str]], numbers: list[int]
) -> pd.DataFrame:
    """The rows as str columns in the schema's order, and ROW; built a column at a time."""
    if not rows:
        return _empty(table)
    cells = dict(zip(header, zip(*rows, strict=True), strict=True))
    frame = pd.DataFrame({c.name: pd.Series(cells[c.name], dtype=str) for c in table.columns})
    frame[ROW] = np.array(numbers, dtype=np.int64)
    return frame


def _index_columns(arrow: pa.Table) -> set[str]:
    """Columns pandas stored for its index (to_parquet with an index); not data columns."""
    meta = arrow.schema.pandas_metadata or {}
    return {c for c in meta.get("index_columns", []) if isinstance(c, str)}


def _type_problems(arrow: pa.Table, table: Table, name: str) -> list[str]:
    """Columns not stored as strings: the Parquet must hold each cell as its CSV text."""
    problems = []
    for column in table.columns:
        kind = arrow.schema.field(column.name).type
        if pa.types.is_dictionary(kind):
            kind = kind.value_type
        text = pa.types.is_string(kind) or pa.types.is_large_string(kind)
        if not (text or pa.types.is_string_view(kind) or pa.types.is_null(kind)):
            problems.append(
                f"{name}, column '{column.name}': stored as {kind}, expected strings"
                " (write every cell as the text it would have in the CSV)."
            )
    return problems


def _read_parquet(path: Path, table: Table) -> TextTable:
    """Read a Parquet file whose every column holds the CSV's text; rows count from 1."""
    name = path.name
    try:
        arrow = pq.ParquetFile(path).read()  # one chunk per row group: no copy to join them
        arrow.validate(full=True)  # a string that is not UTF-8 would break every check
    except (pa.ArrowException, OSError) as err:
        unread = f"{name}: cannot be read as Parquet ({err})."
        return TextTable(_empty(table), (unread,), name)
    header = [c for c in arrow.column_names if c not in _index_columns(arrow)]
    problems = _header_problems(header, table, name) or _type_problems(arrow, table, name)
    if problems:
        return TextTable(_empty(table), tuple(problems), name)
    # Cells stay in Arrow, one chunk per column (pandas' str dtype wraps them, and whole-column
    # checks need no copy): no Python object per cell.
    arrow = arrow.select([c.name for c in table.columns]).combine_chunks()
    frame = pd.DataFrame(
        {
            column_name: pd.Series(column.cast(pa.large_string()).fill_null(""), dtype=str)
            for column_name, column in zip(arrow.column_names, arrow.columns, strict=True)
        }
    )
    frame[ROW] = np.arange(1, len(frame) + 1, dtype=np.int64)
    return TextTable(frame, (), name)
