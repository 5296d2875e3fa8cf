"""Read GDELT 2.0 event exports and saved BigQuery results into rows, naming malformed lines.

An export has 61 tab-separated columns and no header, plain (`.CSV`) or in a `.zip`. Every
column is read as text, so CAMEO "010" stays "010". A malformed line is counted and named (file,
line, reason) and never stops the import; a file that is not GDELT at all raises NotGdeltError.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from py_gdelt.lookups.cameo import CAMEOCodes
from py_gdelt.lookups.countries import Countries
from py_gdelt.parsers.events import EventsParser

from dashboard.core.countries import COUNTRIES
from dashboard.core.gdelt import plover

MAX_MALFORMED_LISTED = 1000
SNIFF_LINES = 100
CHUNK_LINES = 200_000
GDELT_COLUMNS: dict[str, int] = EventsParser.V2_COLUMNS
FIELD_COUNT = len(GDELT_COLUMNS)

# The GDELT columns the output is made of, renamed to the output's names.
RENAMES = {
    "GLOBALEVENTID": "event_id",
    "SQLDATE": "date",
    "Actor1CountryCode": "source_country",
    "Actor2CountryCode": "target_country",
    "Actor1Name": "source_name",
    "Actor2Name": "target_name",
    "EventCode": "cameo_code",
    "EventRootCode": "cameo_root",
    "GoldsteinScale": "goldstein",
    "QuadClass": "gdelt_quad",
    "ActionGeo_Fullname": "location_name",
    "ActionGeo_CountryCode": "location_fips",
    "ActionGeo_Lat": "lat",
    "ActionGeo_Long": "lon",
    "ActionGeo_FeatureID": "feature_id",
    "NumMentions": "num_mentions",
    "NumSources": "num_sources",
    "NumArticles": "num_articles",
    "AvgTone": "avg_tone",
    "SOURCEURL": "source_url",
    "DATEADDED": "date_added",
}
NEEDED = tuple(RENAMES)
# py_gdelt's BigQuery source reads events_partitioned, filtered on _PARTITIONTIME (the day GDELT
# added a row); we want the event's own day (SQLDATE), so the query reads the plain table and
# selects only the columns the import uses, which is what BigQuery bills by.
BIGQUERY_TABLE = "gdelt-bq.gdeltv2.events"
# A test checks that the SELECT list is exactly NEEDED. Parameters: @from_date, @to_date as
# INT64 YYYYMMDD (SQLDATE is an integer column there).
_IN_FOUR = ", ".join(f"'{code}'" for code in COUNTRIES)
# The IN lists are our own constant ids, never user input.
BIGQUERY_SQL = f"""\
SELECT GLOBALEVENTID, SQLDATE, Actor1CountryCode, Actor2CountryCode, Actor1Name, Actor2Name,
  EventCode, EventRootCode, GoldsteinScale, QuadClass, ActionGeo_FullName, ActionGeo_CountryCode,
  ActionGeo_Lat, ActionGeo_Long, ActionGeo_FeatureID, NumMentions, NumSources, NumArticles,
  AvgTone, SOURCEURL, DATEADDED
FROM `gdelt-bq.gdeltv2.events`
WHERE Actor1CountryCode IN ({_IN_FOUR})
  AND Actor2CountryCode IN ({_IN_FOUR})
  AND Actor1CountryCode != Actor2CountryCode
  AND SQLDATE BETWEEN @from_date AND @to_date
"""  # noqa: S608


class GdeltImportError(Exception):
    """An import that cannot go on; its message is one sentence for the user."""


class NotGdeltError(GdeltImportError):
    """A file that is not a GDELT 2.0 event export (or not a saved BigQuery result)."""


@dataclass
class Batch:
    """Rows read from one or more inputs: the well-formed ones (GDELT names, as text), the rest."""

    inputs: list[dict]  # per file: name, bytes, rows_read, malformed
    rows: pd.DataFrame  # the NEEDED columns, `file` (an index into inputs) and `line` (1-based)
    malformed: list[dict] = field(default_factory=list)


@dataclass
class _Lines:
    """One export split into its lines: the 61-field ones and the (number, fields) of the rest."""

    path: Path
    good: list[str]
    numbers: list[int]
    bad: list[tuple[int, int]]


@lru_cache(maxsize=1)
def _cameo() -> CAMEOCodes:
    return CAMEOCodes()


def is_cameo_code(code: str) -> bool:
    """A CAMEO event code: in gdelt-py's table, or else listed exactly in PLOVER's mapping
    table, which has codes gdelt-py lacks (183, non-military bombing; 1213)."""
    return code in _cameo() or code in plover.load_table()


def cameo_name(code: str) -> str:
    """The code's name: gdelt-py's, else the description in PLOVER's table."""
    return _cameo()[code].name if code in _cameo() else plover.load_names().get(code, "")


@lru_cache(maxsize=1)
def _countries() -> Countries:
    return Countries()


def read_export(path: Path) -> Batch:
    """Read one GDELT 2.0 event export (`.CSV` or `.zip`); raise NotGdeltError if it is not one."""
    return _batch([_split_export(Path(path))])


def read_exports(paths: Iterable[Path]) -> Iterator[Batch]:
    """Read exports a few at a time, about CHUNK_LINES lines per batch (one parse, one check).
    A file that is not GDELT does not stop the reading of the others: once all are read, one
    NotGdeltError names every unusable file and why, and the files that were fine."""
    pending: list[_Lines] = []
    fine: list[str] = []
    unusable: list[str] = []
    for path in paths:
        try:
            pending.append(_split_export(Path(path)))
        except NotGdeltError as error:
            unusable.append(str(error))
            continue
        fine.append(Path(path).name)
        if sum(len(piece.good) for piece in pending) >= CHUNK_LINES:
            yield _batch(pending)
            pending = []
    if pending:
        yield _batch(pending)
    if len(unusable) == 1 and not fine:
        raise NotGdeltError(unusable[0])
    if unusable:
        raise NotGdeltError(
            f"{len(unusable)} of {len(unusable) + len(fine)} files cannot be imported: "
            + "; ".join(unusable)
            + (f". The files that were fine: {', '.join(fine)}" if fine else "")
            + ". Nothing was written: remove or replace the unusable files and run again."
        )


def _split_export(path: Path) -> _Lines:
    """The file's non-empty lines, split by field count; raise NotGdeltError if it is not GDELT.
    A plain export named .zip is read (the magic bytes decide); a file named .zip that is
    neither a zip nor an export says first that it is not a zip."""
    try:
        return _split_lines(path)
    except NotGdeltError as error:
        if path.suffix.lower() != ".zip" or not path.is_file() or _is_zip(path):
            raise
        why = str(error).split(": ", 1)[-1]
        raise NotGdeltError(
            f"{path} is not a GDELT 2.0 event export: it is named .zip but is not a zip file"
            f" (no zip signature), and as text {why}"
        ) from None


def _split_lines(path: Path) -> _Lines:
    lines = _decode(path, _read_bytes(path)).replace("\r\n", "\n").split("\n")
    split = _Lines(path, [], [], [])
    for number, line in enumerate(lines, 1):
        if not line:
            continue
        tabs = line.count("\t")
        if tabs == FIELD_COUNT - 1:
            split.good.append(line)
            split.numbers.append(number)
        else:
            split.bad.append((number, tabs + 1))
    _sniff(path, split.numbers, split.bad)
    return split


def _batch(pieces: list[_Lines]) -> Batch:
    """Parse the well-formed lines of several files at once, then check their fields."""
    rows = _parse_lines([line for piece in pieces for line in piece.good])
    rows["file"] = np.repeat(np.arange(len(pieces)), [len(piece.good) for piece in pieces])
    rows["line"] = [number for piece in pieces for number in piece.numbers]
    inputs = [
        {
            "name": piece.path.name,
            "bytes": piece.path.stat().st_size,
            "rows_read": len(piece.good) + len(piece.bad),
            "malformed": len(piece.bad),
        }
        for piece in pieces
    ]
    why = f"tab-separated fields, expected {FIELD_COUNT}"
    malformed = [
        (i, number, f"has {count} {why}")
        for i, piece in enumerate(pieces)
        for number, count in piece.bad
    ]
    return _checked(inputs, rows, malformed)


ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def _is_zip(path: Path) -> bool:
    """Whether the file starts with a zip signature (its name does not decide)."""
    with path.open("rb") as handle:
        return handle.read(4) in ZIP_MAGIC


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, or the one `.CSV` inside it when its magic bytes say zip."""
    if not path.is_file():
        found = "a folder" if path.is_dir() else "no such file"
        raise NotGdeltError(f"{path} is not a GDELT 2.0 event export: {found}")
    if not _is_zip(path):
        return path.read_bytes()
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if len(names) != 1:
                held = ", ".join(archive.namelist()) or "nothing"
                raise NotGdeltError(
                    f"{path} is not a GDELT 2.0 event export: the zip should hold one .CSV file, "
                    f"it holds {held}"
                )
            return archive.read(names[0])
    except zipfile.BadZipFile as error:
        raise NotGdeltError(f"{path} is not a GDELT 2.0 event export: {error}") from None


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 text; a file that starts binary or undecodable is not GDELT."""
    head = data[:65536]
    if b"\x00" in head:
        offset = head.index(b"\x00")
        raise NotGdeltError(
            f"{path} is not a GDELT 2.0 event export: it is binary (a NUL byte at offset {offset})"
        )
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # a character cut at the end of the head is fine
            raise NotGdeltError(
                f"{path} is not a GDELT 2.0 event export: it is not UTF-8 text "
                f"(byte 0x{head[error.start]:02x} at offset {error.start})"
            ) from None
    return data.decode("utf-8", errors="replace")


def _sniff(path: Path, numbers: list[int], bad: list[tuple[int, int]]) -> None:
    """Raise NotGdeltError unless one of the first SNIFF_LINES non-empty lines has 61 fields."""
    if not numbers and not bad:
        raise NotGdeltError(f"{path} is not a GDELT 2.0 event export: it is empty")
    bad_before = sum(1 for number, _ in bad[:SNIFF_LINES] if not numbers or number < numbers[0])
    if numbers and bad_before < SNIFF_LINES:
        return
    number, count = bad[0]
    none_of = f"; none of the first {bad_before} lines has {FIELD_COUNT}" if bad_before > 1 else ""
    raise NotGdeltError(
        f"{path} is not a GDELT 2.0 event export: line {number} has {count} tab-separated "
        f"field{'' if count == 1 else 's'}, expected {FIELD_COUNT}{none_of}"
    )


def _parse_lines(lines: list[str]) -> pd.DataFrame:
    """The needed columns of well-formed lines, every value as text ("010" stays "010")."""
    if not lines:
        return pd.DataFrame({name: pd.Series([], dtype=str) for name in NEEDED})
    return pd.read_csv(
        io.StringIO("\n".join(lines)),
        sep="\t",
        header=None,
        names=list(GDELT_COLUMNS),
        usecols=list(NEEDED),
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        quoting=csv.QUOTE_NONE,
        skip_blank_lines=False,
    )[list(NEEDED)]


def _field_reasons(rows: pd.DataFrame) -> pd.Series:
    """Per row, the first field that is wrong ("" when none): vectorised, one check at a time."""
    reasons = pd.Series("", index=rows.index, dtype=object)
    date = rows["SQLDATE"]
    real_day = pd.to_datetime(date, format="%Y%m%d", errors="coerce").notna()
    goldstein = rows["GoldsteinScale"]
    known_codes = [code for code in rows["EventCode"].unique() if is_cameo_code(code)]
    checks = [
        ("GLOBALEVENTID", ~rows["GLOBALEVENTID"].str.fullmatch(r"\d+"), "is not a number"),
        ("SQLDATE", ~(date.str.fullmatch(r"\d{8}") & real_day), "is not a date YYYYMMDD"),
        ("EventCode", ~rows["EventCode"].isin(known_codes), "is not a CAMEO code"),
        ("GoldsteinScale", (goldstein != "") & _not_number(goldstein), "is not a number"),
        ("NumMentions", ~rows["NumMentions"].str.fullmatch(r"\d+"), "is not a whole number"),
        ("NumSources", ~rows["NumSources"].str.fullmatch(r"\d+"), "is not a whole number"),
        ("NumArticles", ~rows["NumArticles"].str.fullmatch(r"\d+"), "is not a whole number"),
        ("QuadClass", ~rows["QuadClass"].str.fullmatch(r"[1-4]"), "is not one of 1, 2, 3, 4"),
    ]
    for column, wrong, why in checks:
        new = wrong.to_numpy(dtype=bool) & (reasons == "").to_numpy()
        if new.any():
            values = rows.loc[new, column].map(repr).to_numpy(dtype=object)
            reasons[new] = column + " " + values + " " + why
    return reasons


def _not_number(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").isna()


def _checked(inputs: list[dict], rows: pd.DataFrame, malformed: list[tuple]) -> Batch:
    """A batch of the rows whose fields are right; each wrong one is counted and named."""
    reasons = _field_reasons(rows)
    wrong = (reasons != "").to_numpy()
    files, lines = rows["file"].to_numpy()[wrong], rows["line"].to_numpy()[wrong]
    malformed += zip(files.tolist(), lines.tolist(), reasons[wrong].tolist(), strict=True)
    for index, count in enumerate(np.bincount(files, minlength=len(inputs))):
        inputs[index]["malformed"] += int(count)
    listed = [
        {"file": inputs[i]["name"], "line": int(number), "reason": reason}
        for i, number, reason in sorted(malformed)[:MAX_MALFORMED_LISTED]
    ]
    return Batch(inputs, rows[~wrong].reset_index(drop=True), listed)


def read_bigquery_result(path: Path) -> Batch:
    """Read a saved result of BIGQUERY_SQL: CSV with a header row, JSON lines or a JSON array."""
    path = Path(path)
    text = _decode(path, _read_bytes(path))
    if not text.strip():
        raise NotGdeltError(f"{path} is not a saved BigQuery result: it is empty")
    by_lower = {name.lower(): name for name in GDELT_COLUMNS}
    if text.lstrip().startswith(("{", "[")):
        records, numbers = _json_records(path, text)
        frame = pd.DataFrame.from_records(records)
    else:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        numbers = list(range(2, len(frame) + 2))
    frame = frame.rename(columns=lambda c: by_lower.get(str(c).strip().lower(), c))
    missing = [name for name in NEEDED if name not in frame.columns]
    if missing:
        raise NotGdeltError(
            f"{path} is not a saved BigQuery result of {BIGQUERY_TABLE}: "
            f"it has no column {', '.join(missing)}"
        )
    rows = frame[list(NEEDED)].astype(str).reset_index(drop=True)
    rows["file"], rows["line"] = 0, numbers
    size = path.stat().st_size
    item = {"name": path.name, "bytes": size, "rows_read": len(rows), "malformed": 0}
    return _checked([item], rows, [])


def _json_records(path: Path, text: str) -> tuple[list[dict], list[int]]:
    """One dict per record (JSON lines, or one JSON array), every value as text (null as "")."""
    try:
        if text.lstrip().startswith("["):
            raw = json.loads(text)
            numbers = list(range(1, len(raw) + 1))  # a record's place in the array
        else:
            numbered = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
            raw = [json.loads(line) for _, line in numbered]
            numbers = [n for n, _ in numbered]
    except json.JSONDecodeError as error:
        raise NotGdeltError(f"{path} is not a saved BigQuery result: {error}") from None
    if not all(isinstance(record, dict) for record in raw):
        raise NotGdeltError(f"{path} is not a saved BigQuery result: a record is not an object")
    records = [{k: "" if v is None else str(v) for k, v in record.items()} for record in raw]
    return records, numbers
