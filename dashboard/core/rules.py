"""Rules across a row's cells and across rows and tables: event dates, quad classes, claims,
kinds, former ids, people's roles, sources' dates and actors' countries; and their sentences."""

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.core.cells import (
    ColumnValues,
    Spans,
    among,
    parse_spans,
    per_distinct,
    ragged,
    split_list,
)
from dashboard.core.dates import parse_day, parse_event_date, parse_partial_date
from dashboard.core.files import ROW
from dashboard.core.schema import Schema, Table

KIND_EXCEPTION = "kind exception:"  # in notes, followed by why an event leaves its kind's coding
MAX_LISTED = 100  # problems one rule lists before it says how many more there are
Part = tuple[np.ndarray, np.ndarray, list[str]]  # row positions, order within a row, sentences
EventSpans = tuple[Spans, Spans]  # of each event's date, and of its end_date


def where(table: Table, row: int, column: str) -> str:
    """Where a problem is: file, row and column."""
    return f"{table.file} row {row}, {column}"


def at(cells: pd.Series, positions: np.ndarray) -> list:
    """The cells at these positions as Python values (only these become Python objects)."""
    return cells.iloc[positions].tolist()


def capped(problems: list[str], rule: str) -> list[str]:
    """The first MAX_LISTED problems of one rule, then one saying how many more there are."""
    if len(problems) <= MAX_LISTED:
        return problems
    more = len(problems) - MAX_LISTED
    return [*problems[:MAX_LISTED], f"{rule}: … and {more} more problems like these."]


def ordered(*parts: Part) -> list[str]:
    """The sentences of several rules by row, then rule (in argument order), then value."""
    rows = np.concatenate([np.asarray(p[0], dtype=np.int64) for p in parts])
    rank = np.concatenate([np.full(len(p[0]), i) for i, p in enumerate(parts)])
    seq = np.concatenate([np.asarray(p[1], dtype=np.int64) for p in parts])
    sentences = [s for p in parts for s in p[2]]
    return [sentences[i] for i in np.lexsort((seq, rank, rows))]


def flagged(
    flags: np.ndarray, table: Table, frame: pd.DataFrame, column: str, why: Callable[[dict], str]
) -> Part:
    """The rows whose flag is set, each with why(its cells) as the problem with `column`."""
    hits = np.flatnonzero(flags.astype(bool))
    if not len(hits):
        return hits, hits, []
    records = frame.iloc[hits].to_dict("records")
    return hits, hits, [f"{where(table, r[ROW], column)}: {why(r)}." for r in records]


def _reason(parse: Callable[..., object], text: str, *args: str) -> str:
    """Why `parse` refuses `text` (asked only about the few texts it refused)."""
    try:
        parse(text, *args)
    except ValueError as err:
        return str(err)
    return f"'{text}' is not a date"


def day_span(text: str) -> tuple[date, date]:
    """parse_day as a span: the day is its own first and last day."""
    day = parse_day(text)
    return day, day


def event_spans(events: pd.DataFrame) -> EventSpans:
    """The spans of each event's date and of its end_date, both read with its precision."""
    precision = events["date_precision"]
    return (
        parse_spans(parse_event_date, events["date"], precision),
        parse_spans(parse_event_date, events["end_date"], precision),
    )


def event_days(events: pd.DataFrame, spans: EventSpans | None = None) -> Spans:
    """First and last day each event covers (to its end_date, if any); NaT if a date is bad."""
    date, end = spans or event_spans(events)
    last = np.where((events["end_date"] != "").to_numpy(), end.last, date.last)
    bad = np.isnat(date.first) | np.isnat(last)
    nat = np.datetime64("NaT")
    return Spans(np.where(bad, nat, date.first), np.where(bad, nat, last))


def date_problems(events: pd.DataFrame, table: Table, spans: EventSpans) -> list[str]:
    """Dates that do not parse with their precision, and end dates before their dates."""
    date, end = spans
    known = events["date_precision"].isin(("day", "month")).to_numpy()
    bad_date = known & np.isnat(date.first)
    has_end = known & ~bad_date & (events["end_date"] != "").to_numpy()
    bad_end = has_end & np.isnat(end.last)
    merged = ordered(
        flagged(
            bad_date,
            table,
            events,
            "date",
            lambda r: _reason(parse_event_date, r["date"], r["date_precision"]),
        ),
        flagged(
            bad_end,
            table,
            events,
            "end_date",
            lambda r: _reason(parse_event_date, r["end_date"], r["date_precision"]),
        ),
        flagged(
            has_end & ~bad_end & (end.last < date.first),
            table,
            events,
            "end_date",
            lambda r: f"{r['end_date']} is before the date {r['date']}",
        ),
    )
    return capped(merged, f"{table.file}, dates")


def _role_spans(roles: pd.DataFrame) -> pd.DataFrame:
    """Each role whose dates parse: actor_id, first day, last day (NaT while in office)."""
    start = parse_spans(parse_partial_date, roles["start_date"]).first
    end = parse_spans(parse_partial_date, roles["end_date"]).last
    ok = ~np.isnat(start) & ((roles["end_date"] == "").to_numpy() | ~np.isnat(end))
    return pd.DataFrame({"actor_id": roles["actor_id"], "start": start, "end": end})[ok]


def _covered(people: pa.Array, days: Spans, roles: pd.DataFrame) -> np.ndarray:
    """Whether some role of each person overlaps the days given beside them."""
    codes, ids = pd.factorize(roles["actor_id"])
    code = dict(zip(ids, range(len(ids)), strict=True))
    person = per_distinct(lambda p: code.get(p, len(ids)), people).astype(np.int64)
    counts = np.bincount(codes, minlength=len(ids) + 1)  # the last group, of no one, is empty
    ref, item = ragged((np.cumsum(counts) - counts)[person], counts[person])
    role = np.argsort(codes, kind="stable")[item]
    start, end = roles["start"].to_numpy()[role], roles["end"].to_numpy()[role]
    overlaps = (start <= days.last[ref]) & (np.isnat(end) | (end >= days.first[ref]))
    return np.bincount(ref[overlaps], minlength=len(people)) > 0


def _row_parts(events: pd.DataFrame, table: Table, schema: Schema) -> list[Part]:
    """The rules that read a few cells of a row: quad class, claims, source and target."""
    quad_of = schema.quad_of
    wrong_quad = per_distinct(
        lambda given, kind: bool(given and quad_of(kind) and given != quad_of(kind)),
        events["quad_class"],
        events["event_type"],
    )
    unclaimed = per_distinct(
        lambda status, claimed: status in ("alleged", "denied") and not split_list(claimed),
        events["status"],
        events["claimed_by"],
    )
    same = per_distinct(
        lambda a, b: bool(a) and a == b, events["source_actor"], events["target_actor"]
    )
    # A claimant's own act is public to it: it cannot be alleged or denied by its own claim.
    self_claimed = per_distinct(
        lambda status, source, claimed: (
            status in ("alleged", "denied") and source in split_list(claimed)
        ),
        events["status"],
        events["source_actor"],
        events["claimed_by"],
    )
    own_claim = per_distinct(lambda a, b: bool(a) and a == b, events["id"], events["claim_of"])
    return [
        flagged(
            wrong_quad,
            table,
            events,
            "quad_class",
            lambda r: (
                f"'{r['quad_class']}' does not match event_type {r['event_type']},"
                f" which is {quad_of(r['event_type'])}"
            ),
        ),
        flagged(
            unclaimed,
            table,
            events,
            "claimed_by",
            lambda r: f"an {r['status']} event must name who claims it",
        ),
        flagged(same, table, events, "target_actor", lambda r: "is the same as source_actor"),
        flagged(
            self_claimed,
            table,
            events,
            "status",
            lambda r: (
                f"'{r['status']}' on an act of {r['source_actor']}, which is among its own"
                " claimed_by; what an actor says of its own act is confirmed (or the source"
                " actor is wrong)"
            ),
        ),
        flagged(own_claim, table, events, "claim_of", lambda r: "is the event's own id"),
    ]


def _number_or_none(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _codings(kinds: pd.DataFrame) -> dict[str, tuple[list[str], list[int | None]]]:
    """Each kind's allowed event types and intensities."""
    return {
        r["id"]: (
            split_list(r["event_type"]),
            [_number_or_none(i) for i in split_list(r["intensity"])],
        )
        for r in kinds.to_dict("records")
    }


def _kind_part(tables: dict[str, pd.DataFrame], table: Table) -> Part:
    """Events coded unlike their kind, unless their notes say why ('kind exception: ...')."""
    events, codings = tables["events"], _codings(tables["kinds"])

    def unlike(kind: str, event_type: str, intensity: str) -> bool:
        types, intensities = codings.get(kind, ([event_type], [_number_or_none(intensity)]))
        return event_type not in types or _number_or_none(intensity) not in intensities

    off = per_distinct(unlike, events["kind"], events["event_type"], events["intensity"])
    hits = np.flatnonzero(off.astype(bool))
    excused = [has_kind_exception(n) for n in at(events["notes"], hits)]
    flags = np.zeros(len(events), dtype=bool)
    flags[hits[~np.array(excused, dtype=bool)]] = True

    def why(r: dict) -> str:
        types, intensities = codings[r["kind"]]
        coded = " or ".join(types) + " " + "/".join(f"{i:+d}" for i in intensities if i is not None)
        return (
            f"'{r['kind']}' is coded {coded} in kinds.csv, but this event is {r['event_type']}"
            f" {r['intensity']}; code it so, or say why in notes ('{KIND_EXCEPTION} ...')"
        )

    return flagged(flags, table, events, "kind", why)


def has_kind_exception(notes: str) -> bool:
    """Whether notes carry a kind exception with a reason after it."""
    at_ = notes.lower().find(KIND_EXCEPTION)
    return at_ >= 0 and bool(notes[at_ + len(KIND_EXCEPTION) :].strip())


def kind_problems(kinds: pd.DataFrame, table: Table, schema: Schema) -> list[str]:
    """Kinds whose quad class does not match every event type they list."""
    wrong = per_distinct(
        lambda given, types: (
            bool(given)
            and any(schema.quad_of(t) and schema.quad_of(t) != given for t in split_list(types))
        ),
        kinds["quad_class"],
        kinds["event_type"],
    )
    _, _, problems = flagged(
        wrong,
        table,
        kinds,
        "quad_class",
        lambda r: f"'{r['quad_class']}' does not match every event_type of {r['event_type']}",
    )
    return capped(problems, f"{table.file}, quad_class")


def _former_part(events: pd.DataFrame, table: Table, cells: ColumnValues) -> Part:
    """Former ids that are live ids, or former ids of an earlier row (or earlier in the row)."""
    values, positions = cells(table, table.column("former_ids"))
    formers, live = pd.Series(values, dtype=str), among(values, events["id"])
    first = ~formers.duplicated().to_numpy()
    hits = np.flatnonzero(live | ~first)
    rows, texts = events[ROW].to_numpy(), at(formers, hits)
    firsts = np.flatnonzero(first & formers.isin(texts).to_numpy())
    first_row = dict(zip(at(formers, firsts), rows[positions[firsts]], strict=True))
    spots = [where(table, rows[positions[i]], "former_ids") for i in hits]
    return (
        positions[hits],
        hits,
        [
            f"{w}: '{t}' is also a live event id."
            if live[i]
            else f"{w}: '{t}' is also a former id on row {first_row[t]}."
            for w, t, i in zip(spots, texts, hits, strict=True)
        ],
    )


def _people_part(
    tables: dict[str, pd.DataFrame], table: Table, spans: EventSpans, cells: ColumnValues
) -> Part:
    """People who are not persons, or whom no role covers on the event's days."""
    events, actors = tables["events"], tables["actors"]
    values, positions = cells(table, table.column("people"))
    kinds = per_distinct(dict(zip(actors["id"], actors["actor_type"], strict=True)).get, values)
    days = event_days(events, spans)
    dated = ~np.isnat(days.first[positions])  # a bad date is reported as such, not here
    others = np.flatnonzero(dated & (kinds != "person") & pd.notna(kinds))
    persons = np.flatnonzero(dated & (kinds == "person"))
    beside = Spans(days.first[positions[persons]], days.last[positions[persons]])
    covered = _covered(values.take(persons), beside, _role_spans(tables["roles"]))
    hits = np.sort(np.concatenate([others, persons[~covered]]))
    rows, dates = events[ROW].to_numpy(), at(events["date"], positions[hits])
    spots = [where(table, rows[positions[i]], "people") for i in hits]
    return (
        positions[hits],
        hits,
        [
            f"{w}: '{name}' is a {kinds[i]}, not a person."
            if kinds[i] != "person"
            else f"{w}: no role in roles.csv covers '{name}' on {day}."
            for w, i, name, day in zip(
                spots, hits, values.take(hits).to_pylist(), dates, strict=True
            )
        ],
    )


def event_rule_problems(
    tables: dict[str, pd.DataFrame], schema: Schema, spans: EventSpans, cells: ColumnValues
) -> list[str]:
    """Every event rule across cells, in row order: quad, claims, actors, kind, former ids,
    people."""
    events, table = tables["events"], schema.tables["events"]
    merged = ordered(
        *_row_parts(events, table, schema),
        _kind_part(tables, table),
        _former_part(events, table, cells),
        _people_part(tables, table, spans, cells),
    )
    return capped(merged, f"{table.file}, event rules")


def source_date_problems(sources: pd.DataFrame, table: Table) -> list[str]:
    """Sources read before they were published."""
    published = parse_spans(parse_partial_date, sources["published_date"]).first
    accessed = parse_spans(day_span, sources["accessed_date"]).first
    _, _, problems = flagged(
        accessed < published,
        table,
        sources,
        "accessed_date",
        lambda r: f"{r['accessed_date']} is before published_date {r['published_date']}",
    )
    return capped(problems, f"{table.file}, accessed_date")


def actor_problems(actors: pd.DataFrame, table: Table) -> list[str]:
    """Countries and people without a country, people of no country actor, unplaced capitals."""
    kind, country = actors["actor_type"], actors["country"]
    missing = kind.isin(("country", "person")) & (country == "")
    stray = ~missing & (kind == "person") & ~country.isin(actors.loc[kind == "country", "country"])
    unplaced = (kind == "country") & ((actors["latitude"] == "") | (actors["longitude"] == ""))
    merged = ordered(
        flagged(
            missing.to_numpy(),
            table,
            actors,
            "country",
            lambda r: f"a {r['actor_type']} needs its ISO3 country code",
        ),
        flagged(
            stray.to_numpy(),
            table,
            actors,
            "country",
            lambda r: f"'{r['country']}' is not the country of any country actor",
        ),
        flagged(
            unplaced.to_numpy(),
            table,
            actors,
            "latitude",
            lambda r: "a country needs its capital's coordinates",
        ),
    )
    return capped(merged, f"{table.file}, actors")
