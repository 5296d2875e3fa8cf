"""Read one CSV file of the data folder as text, reporting each file-level problem as a sentence."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.core.schema import Table

# Spreadsheet numbering: the header is row 1, so the first event is row 2, as an editor shows it.
FIRST_DATA_ROW = 2
ROW = "_row"
_OTHER_DELIMITERS = {";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass(frozen=True)
class TextTable:
    """A table read as strings: every cell is text, '' when empty; ROW holds the row number."""

    frame: pd.DataFrame
    problems: tuple[str, ...]


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


def _header_problems(header: list[str], table: Table) -> list[str]:
    name = table.file
    if len(header) == 1:
        for delim, word in _OTHER_DELIMITERS.items():
            if delim in header[0]:
                return [
                    f"{name} row 1: the header is one column; the file seems to use the {word}"
                    " as delimiter, expected a comma."
                ]
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
    """Read folder/table.file; any problem makes the table empty or partial, never raises."""
    path = Path(folder) / table.file
    name = table.file
    if not path.is_file():
        return TextTable(_empty(table), (f"{name}: the file is missing from the data folder.",))
    text, problems = _decode(path.read_bytes(), name)
    if text is None:
        return TextTable(_empty(table), tuple(problems))
    if not text.strip():
        return TextTable(_empty(table), (f"{name}: the file is empty; expected a header row.",))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        problems = _header_problems(header, table)
        if problems:
            return TextTable(_empty(table), tuple(problems))
        rows = []
        for number, row in enumerate(reader, start=FIRST_DATA_ROW):
            if not row:
                continue
            if len(row) != len(header):
                problems.append(
                    f"{name} row {number}: has {len(row)} fields, expected {len(header)}"
                    " (a truncated file, or an unquoted comma?)."
                )
                continue
            rows.append(dict(zip(header, row, strict=True)) | {ROW: number})
    except csv.Error as err:
        problems.append(
            f"{name} line {reader.line_num}: cannot be read as CSV ({err}); the file may be"
            " truncated inside a quoted field."
        )
        rows = []
    frame = pd.DataFrame(rows, columns=[c.name for c in table.columns] + [ROW])
    frame = frame.astype({c.name: str for c in table.columns})
    return TextTable(frame, tuple(problems))
