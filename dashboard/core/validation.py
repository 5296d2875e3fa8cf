"""Check the data tables against schema.yaml and each other; every problem is one sentence.

Rules work on whole columns (see cells.py) and build sentences only for the cells that break
them; a rule broken in more than MAX_LISTED places lists that many and says how many more.
Here: each cell against its column, and references between tables; rules.py has the rest.
"""

import math
import re
import unicodedata
from collections.abc import Callable
from functools import partial
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.core.cells import (
    ColumnValues,
    among,
    blank,
    in_parallel,
    parse_spans,
    split_list,
    value_counts,
)
from dashboard.core.dates import parse_day, parse_partial_date
from dashboard.core.files import ROW
from dashboard.core.rules import (
    EventSpans,
    actor_problems,
    at,
    capped,
    date_problems,
    day_span,
    event_rule_problems,
    event_spans,
    kind_problems,
    ordered,
    source_date_problems,
    where,
)
from dashboard.core.schema import Column, Schema, Table

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}")
_ISO3 = re.compile(r"[A-Z]{3}")
_BOOLEANS = ("true", "false")
# Values these match certainly pass _value_problem; Arrow checks them all at once, and only
# the values they miss go to _value_problem, which says exactly what is wrong.
_SURELY = {
    "slug": r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "id": r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*|[A-Z][A-Z0-9]{1,9})$",
    "iso3": r"^[A-Z]{3}$",
    "integer": r"^[+-]?[0-9]{1,15}$",
    "float": r"^[+-]?(?:[0-9]{1,15}(?:\.[0-9]{0,15})?|\.[0-9]{1,15})$",
    "url": r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][!-~]*)?$",
}


def _show(values: list[str], limit: int = 8) -> str:
    shown = ", ".join(values[:limit])
    return shown + (", …" if len(values) > limit else "")


def _value_problem(value: str, column: Column, schema: Schema) -> str | None:
    """Return why one non-empty value breaks its column's type or vocabulary, or None."""
    kind = column.type
    if kind == "slug" and not _SLUG.fullmatch(value):
        return f"'{value}' is not a slug (lowercase letters, digits and '-')"
    if kind == "id" and not (_SLUG.fullmatch(value) or _CODE.fullmatch(value)):
        return f"'{value}' is not an actor id (an upper-case code or a lowercase slug)"
    if kind == "iso3" and not _ISO3.fullmatch(value):
        return f"'{value}' is not an ISO 3166-1 alpha-3 code (three upper-case letters)"
    if kind in ("integer", "float"):
        if kind == "integer" and not re.fullmatch(r"[+-]?\d+", value):
            return f"'{value}' is not a whole number"
        try:
            number = float(value)
        except ValueError:
            return f"'{value}' is not a number"
        if not math.isfinite(number):
            return f"'{value}' is not a finite number"
        if column.min is not None and not column.min <= number <= column.max:
            return f"{value} is out of range ({column.min:g} to {column.max:g})"
    if kind == "boolean" and value not in _BOOLEANS:
        return f"'{value}' is not true or false"
    if kind == "url":
        # urlsplit drops tabs and line breaks, so a URL with a Markdown line hidden after a
        # break would pass: no whitespace or control character may be in a URL at all.
        odd = next((c for c in value if c.isspace() or unicodedata.category(c)[0] == "C"), None)
        if odd is not None:
            return f"{value!r} is not an http(s) URL: it holds the character {odd!r}"
        try:
            parts = urlsplit(value)
        except ValueError:  # e.g. an unclosed '[' in the host: not a URL at all
            return f"'{value}' is not an http(s) URL"
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return f"'{value}' is not an http(s) URL"
    if kind in ("date", "partial_date"):
        try:
            (parse_day if kind == "date" else parse_partial_date)(value)
        except ValueError as err:
            return str(err)
    if column.allowed:
        allowed = list(schema.vocabularies[column.allowed])
        if value not in allowed:
            return f"'{value}' is not one of {_show(allowed, 20)}"
    return None


def _surely_valid(values: pa.Array, column: Column, schema: Schema) -> np.ndarray:
    """True for the values that certainly pass _value_problem; False means: ask it."""
    ok = pa.array(np.ones(len(values), dtype=bool))
    if column.type in _SURELY:
        ok = pc.match_substring_regex(values, _SURELY[column.type])
    if column.type in ("integer", "float") and column.min is not None:
        number = pc.cast(pc.if_else(ok, values, "0"), pa.float64())
        within = pc.and_(pc.greater_equal(number, column.min), pc.less_equal(number, column.max))
        ok = pc.and_(ok, within)
    if column.type == "boolean":
        ok = pc.is_in(values, value_set=pa.array(_BOOLEANS))
    if column.type in ("date", "partial_date"):
        parse = day_span if column.type == "date" else parse_partial_date
        ok = pa.array(~np.isnat(parse_spans(parse, values).first))
    if column.allowed:
        allowed = pa.array(list(schema.vocabularies[column.allowed]))
        ok = pc.and_(ok, pc.is_in(values, value_set=allowed))
    return ok.to_numpy(zero_copy_only=False)


def _suspects(values: pa.Array, column: Column, schema: Schema) -> np.ndarray:
    """Indices of the values that may break their column's type or vocabulary."""
    if len(pc.unique(values.slice(0, 10_000))) < 1_000:
        # Few distinct values (types, actors, dates): check each distinct value once.
        encoded = pc.dictionary_encode(values)
        doubtful = ~_surely_valid(encoded.dictionary, column, schema)
        return np.flatnonzero(doubtful[encoded.indices.to_numpy(zero_copy_only=False)])
    return np.flatnonzero(~_surely_valid(values, column, schema))


def _value_problems(
    values: pa.Array, column: Column, schema: Schema
) -> tuple[np.ndarray, list[str]]:
    """Indices of the values that break their column's type or vocabulary, and why."""
    suspects = _suspects(values, column, schema)
    memo: dict[str, str | None] = {}
    whys = [
        memo[v] if v in memo else memo.setdefault(v, _value_problem(v, column, schema))
        for v in values.take(suspects).to_pylist()
    ]
    found = [i for i, why in enumerate(whys) if why]
    return suspects[found], [whys[i] for i in found]


def _cell_problems(
    frame: pd.DataFrame, table: Table, column: Column, schema: Schema, cells: ColumnValues
) -> list[str]:
    """Required cells left empty and values that break the type or vocabulary, in row order."""
    rows = frame[ROW].to_numpy()
    if column.type == "text" and not (column.allowed or column.is_list):
        empty = np.flatnonzero(blank(frame[column.name])) if column.required else []
        positions, bad, whys = np.array([], dtype=np.int64), np.array([], dtype=np.int64), []
    else:
        values, positions = cells(table, column)
        counts = value_counts(positions, len(frame))
        empty = np.flatnonzero(counts == 0) if column.required else []
        bad, whys = _value_problems(values, column, schema)
    missing = [f"{where(table, rows[p], column.name)}: is empty but required." for p in empty]
    broken = [
        f"{where(table, rows[p], column.name)}: {why}."
        for p, why in zip(positions[bad], whys, strict=True)
    ]
    merged = ordered((empty, np.zeros(len(empty)), missing), (positions[bad], bad, broken))
    return capped(merged, f"{table.file}, {column.name}")


def _duplicate_problems(frame: pd.DataFrame, table: Table, column: Column) -> list[str]:
    """Non-empty cells equal to an earlier cell of a unique column."""
    cells = frame[column.name]
    again = cells.duplicated().to_numpy()
    repeated = np.flatnonzero(again & (cells != "").to_numpy())
    if not len(repeated):
        return []
    rows, values = frame[ROW].to_numpy(), at(cells, repeated)
    firsts = np.flatnonzero(~again & cells.isin(values).to_numpy())
    first_row = dict(zip(at(cells, firsts), rows[firsts], strict=True))
    messages = [
        f"{where(table, row, column.name)}: '{cell}' is a duplicate (also row {first_row[cell]})."
        for row, cell in zip(rows[repeated], values, strict=True)
    ]
    return capped(messages, f"{table.file}, {column.name}")


def _column_jobs(
    frame: pd.DataFrame, table: Table, schema: Schema, cells: ColumnValues
) -> list[Callable[[], list[str]]]:
    """The checks of each column of one table, in column order, ready to run."""
    jobs: list[Callable[[], list[str]]] = []
    for column in table.columns:
        jobs.append(partial(_cell_problems, frame, table, column, schema, cells))
        if column.unique:
            jobs.append(partial(_duplicate_problems, frame, table, column))
    return jobs


def column_problems(
    frame: pd.DataFrame, table: Table, schema: Schema, cells: ColumnValues | None = None
) -> list[str]:
    """Every cell that breaks its column's type, vocabulary, requiredness or uniqueness."""
    jobs = _column_jobs(frame, table, schema, cells or ColumnValues({table.name: frame}))
    return [p for job in jobs for p in job()]


def _reference_problems(
    tables: dict[str, pd.DataFrame], schema: Schema, cells: ColumnValues
) -> list[str]:
    """Values of `ref` columns that are not an id of the table they refer to."""
    problems: list[str] = []
    for name, table in schema.tables.items():
        rows = tables[name][ROW].to_numpy()
        for column in (c for c in table.columns if c.ref):
            values, positions = cells(table, column)
            unknown = np.flatnonzero(~among(values, tables[column.ref]["id"]))
            target = schema.tables[column.ref].file
            messages = [
                f"{where(table, rows[p], column.name)}: '{v}' is not an id in {target}."
                for p, v in zip(positions[unknown], values.take(unknown).to_pylist(), strict=True)
            ]
            problems += capped(messages, f"{table.file}, {column.name}")
    return problems


def validate(
    tables: dict[str, pd.DataFrame], schema: Schema, spans: EventSpans | None = None
) -> list[str]:
    """Return every problem in the text tables as a sentence naming file, row and field."""
    cells = ColumnValues(tables)
    spans = spans or event_spans(tables["events"])  # the caller may have read them already
    events, sources, actors = (schema.tables[n] for n in ("events", "sources", "actors"))
    jobs = [
        job for n, t in schema.tables.items() for job in _column_jobs(tables[n], t, schema, cells)
    ]
    jobs += [
        partial(_reference_problems, tables, schema, cells),
        partial(date_problems, tables["events"], events, spans),
        partial(event_rule_problems, tables, schema, spans, cells),
        partial(source_date_problems, tables["sources"], sources),
        partial(actor_problems, tables["actors"], actors),
        partial(kind_problems, tables["kinds"], schema.tables["kinds"], schema),
    ]
    return [p for found in in_parallel(*jobs) for p in found]


def likely_duplicates(events: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs of prepared events on the same date, country pair and type whose notes don't tell
    them apart (neither event's notes names the other's id)."""
    pair = [
        tuple(sorted(p))
        for p in zip(events["source_country"], events["target_country"], strict=True)
    ]
    keyed = events.assign(_pair=pair)
    found = []
    for _, group in keyed.groupby(["date", "_pair", "event_type"], sort=True):
        records = group[["id", "notes"]].to_dict("records")
        for i, first in enumerate(records):
            for second in records[i + 1 :]:
                if first["id"] not in second["notes"] and second["id"] not in first["notes"]:
                    found.append((first["id"], second["id"]))
    return found


# Korean names put the family name first ("Yoon Suk Yeol" is "Yoon"); others put it last. A
# family name of two letters ("No", "Oh") is also an English word, so it alone does not count.
_FAMILY_NAME_FIRST = {"KOR", "PRK"}
_WORD = re.compile(r"\w+")


def _words(text: str) -> str:
    """Case-folded words, hyphens read as spaces, padded so a name matches only whole words."""
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


def _ways_to_name(person: dict) -> list[str]:
    """The person's name, each alias, and the family name alone, as _words spells them."""
    name = person["name"].split()
    family = name[0] if person["country"] in _FAMILY_NAME_FIRST else name[-1]
    spellings = [person["name"], *split_list(person["aliases"]), family if len(family) > 2 else ""]
    return [w for w in map(_words, spellings) if w.strip()]


def people_not_named(events: pd.DataFrame, actors: pd.DataFrame) -> list[tuple[str, str]]:
    """(event id, person id) for each person an event lists whom its title, summary and notes
    never name (by name, alias or family name), so a reader cannot tell what they did."""
    ways = {rec["id"]: _ways_to_name(rec) for rec in actors.to_dict("records")}
    found = []
    for rec in events[["id", "people", "title", "summary", "notes"]].to_dict("records"):
        text = _words(" ".join([rec["title"], rec["summary"], rec["notes"]]))
        found += [
            (rec["id"], p) for p in rec["people"] if not any(w in text for w in ways.get(p, []))
        ]
    return found
