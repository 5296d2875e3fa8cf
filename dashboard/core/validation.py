"""Check the data tables against schema.yaml and each other; every problem is one sentence."""

import math
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pandas as pd

from dashboard.core.dates import parse_day, parse_event_date, parse_partial_date
from dashboard.core.files import ROW
from dashboard.core.schema import LIST_SEPARATOR, Column, Schema, Table

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}")
_ISO3 = re.compile(r"[A-Z]{3}")
_BOOLEANS = ("true", "false")


def split_list(cell: str) -> list[str]:
    """Split a list cell on '|', dropping blanks around and between values."""
    return [v.strip() for v in cell.split(LIST_SEPARATOR) if v.strip()]


def _where(table: Table, row: int, column: str) -> str:
    return f"{table.file} row {row}, {column}"


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
        parts = urlsplit(value)
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


def column_problems(frame: pd.DataFrame, table: Table, schema: Schema) -> Iterator[str]:
    """Yield each cell that breaks its column's type, vocabulary, requiredness or uniqueness."""
    for column in table.columns:
        cells = frame[column.name].tolist()
        for row, cell in zip(frame[ROW], cells, strict=True):
            values = split_list(cell) if column.is_list else [cell.strip()]
            values = [v for v in values if v]
            if column.required and not values:
                yield f"{_where(table, row, column.name)}: is empty but required."
            for value in values:
                problem = _value_problem(value, column, schema)
                if problem:
                    yield f"{_where(table, row, column.name)}: {problem}."
        if column.unique:
            seen: dict[str, int] = {}
            for row, cell in zip(frame[ROW], cells, strict=True):
                if cell and cell in seen:
                    yield (
                        f"{_where(table, row, column.name)}: '{cell}' is a duplicate"
                        f" (also row {seen[cell]})."
                    )
                seen.setdefault(cell, row)


def _reference_problems(tables: dict[str, pd.DataFrame], schema: Schema) -> Iterator[str]:
    for name, table in schema.tables.items():
        for column in table.columns:
            if not column.ref:
                continue
            known = set(tables[column.ref]["id"])
            target = schema.tables[column.ref].file
            frame = tables[name]
            for row, cell in zip(frame[ROW], frame[column.name], strict=True):
                values = split_list(cell) if column.is_list else [cell.strip()]
                for value in values:
                    if value and value not in known:
                        yield (
                            f"{_where(table, row, column.name)}: '{value}' is not an id in"
                            f" {target}."
                        )


def _date_problems(events: pd.DataFrame, table: Table) -> Iterator[str]:
    for rec in events.to_dict("records"):
        row, precision = rec[ROW], rec["date_precision"]
        if precision not in ("day", "month"):
            continue  # reported as a vocabulary problem
        try:
            start, _ = parse_event_date(rec["date"], precision)
        except ValueError as err:
            yield f"{_where(table, row, 'date')}: {err}."
            continue
        if rec["end_date"]:
            try:
                _, end = parse_event_date(rec["end_date"], precision)
            except ValueError as err:
                yield f"{_where(table, row, 'end_date')}: {err}."
                continue
            if end < start:
                yield (
                    f"{_where(table, row, 'end_date')}: {rec['end_date']} is before the date"
                    f" {rec['date']}."
                )


def _role_spans(roles: pd.DataFrame) -> dict[str, list[tuple]]:
    spans: dict[str, list[tuple]] = {}
    for rec in roles.to_dict("records"):
        try:
            start = parse_partial_date(rec["start_date"])[0]
            end = parse_partial_date(rec["end_date"])[1] if rec["end_date"] else None
        except ValueError:
            continue  # reported as a type problem
        spans.setdefault(rec["actor_id"], []).append((start, end))
    return spans


def _event_rule_problems(tables: dict[str, pd.DataFrame], schema: Schema) -> Iterator[str]:
    table = schema.tables["events"]
    events, actors = tables["events"], tables["actors"]
    actor_type = dict(zip(actors["id"], actors["actor_type"], strict=True))
    spans = _role_spans(tables["roles"])
    live_ids = set(events["id"])
    former_seen: dict[str, int] = {}
    for rec in events.to_dict("records"):
        row = rec[ROW]
        quad = schema.quad_of(rec["event_type"])
        if rec["quad_class"] and quad and rec["quad_class"] != quad:
            yield (
                f"{_where(table, row, 'quad_class')}: '{rec['quad_class']}' does not match"
                f" event_type {rec['event_type']}, which is {quad}."
            )
        if rec["status"] in ("alleged", "denied") and not split_list(rec["claimed_by"]):
            yield (
                f"{_where(table, row, 'claimed_by')}: an {rec['status']} event must name who"
                " claims it."
            )
        if rec["source_actor"] and rec["source_actor"] == rec["target_actor"]:
            yield f"{_where(table, row, 'target_actor')}: is the same as source_actor."
        for former in split_list(rec["former_ids"]):
            if former in live_ids:
                yield (f"{_where(table, row, 'former_ids')}: '{former}' is also a live event id.")
            elif former in former_seen:
                yield (
                    f"{_where(table, row, 'former_ids')}: '{former}' is also a former id on"
                    f" row {former_seen[former]}."
                )
            former_seen.setdefault(former, row)
        yield from _people_problems(rec, table, actor_type, spans)


def _people_problems(rec: dict, table: Table, actor_type: dict, spans: dict) -> Iterator[str]:
    row = rec[ROW]
    try:
        start, end = parse_event_date(rec["date"], rec["date_precision"])
        if rec["end_date"]:
            end = parse_event_date(rec["end_date"], rec["date_precision"])[1]
    except ValueError:
        return  # reported as a date problem
    for person in split_list(rec["people"]):
        if person not in actor_type:
            continue  # reported as a reference problem
        if actor_type[person] != "person":
            yield (
                f"{_where(table, row, 'people')}: '{person}' is a {actor_type[person]},"
                " not a person."
            )
            continue
        covered = any(s <= end and (e is None or e >= start) for s, e in spans.get(person, []))
        if not covered:
            yield (
                f"{_where(table, row, 'people')}: no role in roles.csv covers '{person}' on"
                f" {rec['date']}."
            )


def _source_date_problems(sources: pd.DataFrame, table: Table) -> Iterator[str]:
    for rec in sources.to_dict("records"):
        try:
            published = parse_partial_date(rec["published_date"])[0]
            accessed = parse_day(rec["accessed_date"])
        except ValueError:
            continue  # reported as a type problem
        if accessed < published:
            yield (
                f"{_where(table, rec[ROW], 'accessed_date')}: {rec['accessed_date']} is before"
                f" published_date {rec['published_date']}."
            )


def _actor_problems(actors: pd.DataFrame, table: Table) -> Iterator[str]:
    countries = set(actors.loc[actors["actor_type"] == "country", "country"])
    for rec in actors.to_dict("records"):
        row, kind = rec[ROW], rec["actor_type"]
        if kind in ("country", "person") and not rec["country"]:
            yield f"{_where(table, row, 'country')}: a {kind} needs its ISO3 country code."
        elif kind == "person" and rec["country"] not in countries:
            yield (
                f"{_where(table, row, 'country')}: '{rec['country']}' is not the country of any"
                " country actor."
            )
        if kind == "country" and not (rec["latitude"] and rec["longitude"]):
            yield f"{_where(table, row, 'latitude')}: a country needs its capital's coordinates."


def validate(tables: dict[str, pd.DataFrame], schema: Schema) -> list[str]:
    """Return every problem in the text tables as a sentence naming file, row and field."""
    problems: list[str] = []
    for name, table in schema.tables.items():
        problems += column_problems(tables[name], table, schema)
    problems += _reference_problems(tables, schema)
    problems += _date_problems(tables["events"], schema.tables["events"])
    problems += _event_rule_problems(tables, schema)
    problems += _source_date_problems(tables["sources"], schema.tables["sources"])
    problems += _actor_problems(tables["actors"], schema.tables["actors"])
    return problems


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
