"""Narrow the event table to what the user asked for; one definition for app, URL and export."""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date

import numpy as np
import pandas as pd

from dashboard.core.dates import parse_day

INTENSITY_RANGE = (-10, 10)
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class FilterKey:
    """One filter: its URL parameter and CLI flag (`key`), its Filters field, and its meaning."""

    key: str
    attr: str
    repeatable: bool
    help: str


# The single list of filter keys. URL parameters and export flags are exactly these names.
FILTER_KEYS: tuple[FilterKey, ...] = (
    FilterKey("from", "date_from", False, "first day, YYYY-MM-DD (inclusive)"),
    FilterKey("to", "date_to", False, "last day, YYYY-MM-DD (inclusive)"),
    FilterKey("actor", "actors", True, "ISO3 country code or actor id; repeat to OR"),
    FilterKey("pair", "pair", False, "two ISO3 codes joined by '-', unordered (KOR-RUS)"),
    FilterKey("type", "types", True, "PLOVER event type; repeat to OR"),
    FilterKey("quad", "quads", True, "quad class; repeat to OR"),
    FilterKey("imin", "imin", False, "lowest intensity, -10 to 10"),
    FilterKey("imax", "imax", False, "highest intensity, -10 to 10"),
    FilterKey("status", "statuses", True, "confirmed, alleged or denied; repeat to OR"),
    FilterKey("q", "q", False, "text in titles, summaries, people and their aliases"),
    FilterKey("layer", "layers", True, "extra layer beside the curated events: gdelt (automated)"),
)


@dataclass(frozen=True)
class Filters:
    """What the user is looking at. Each field has one URL parameter (see FILTER_KEYS)."""

    date_from: date | None = None
    date_to: date | None = None
    actors: tuple[str, ...] = ()
    pair: tuple[str, str] | None = None
    types: tuple[str, ...] = ()
    quads: tuple[str, ...] = ()
    imin: int | None = None
    imax: int | None = None
    statuses: tuple[str, ...] = ()
    q: str = ""
    layers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """The values a filter may take, from the loaded data and the schema."""

    actor_ids: frozenset[str]
    countries: frozenset[str]
    event_types: frozenset[str]
    quads: frozenset[str]
    statuses: frozenset[str]
    layers: frozenset[str] = frozenset()


def labels_in(labels: np.ndarray, members: np.ndarray) -> np.ndarray:
    """For each (non-negative integer) label, is it among `members`? One mark array, no hashing."""
    marks = np.zeros(max(int(labels.max(initial=-1)), int(members.max(initial=-1))) + 1, bool)
    marks[members] = True
    return marks[labels]


def _involves_any(
    events: pd.DataFrame, wanted: tuple[str, ...], links: pd.DataFrame | None = None
) -> pd.Series:
    """Events involving any wanted actor or country. With the load's `links` (one row per
    event and involved id) this is one isin over ids, not a Python call per event."""
    if links is not None:
        actor = links["actor"]
        codes = actor.cat.categories.get_indexer(list(wanted))
        hit = np.isin(actor.cat.codes.to_numpy(), codes[codes >= 0])
        rows = links["row"].to_numpy()[hit]
        return pd.Series(labels_in(events.index.to_numpy(), rows), index=events.index)
    wanted_set = frozenset(wanted)
    by_actor = events["actor_ids"].map(lambda ids: not wanted_set.isdisjoint(ids))
    by_country = events["countries"].map(lambda cs: not wanted_set.isdisjoint(cs))
    return by_actor | by_country


def _matches_pair(events: pd.DataFrame, pair: tuple[str, str]) -> pd.Series:
    if "pair" in events.columns:  # prepared at load: one comparison of category codes
        return events["pair"] == "-".join(sorted(pair))
    a, b = pair
    src, tgt = events["source_country"], events["target_country"]
    return ((src == a) & (tgt == b)) | ((src == b) & (tgt == a))


def filter_mask(
    events: pd.DataFrame, filters: Filters, links: pd.DataFrame | None = None
) -> np.ndarray:
    """One boolean per event: does it match every set field? (An unset field matches all.)

    Counting needs only this mask; views take rows from it when they need them. `links`
    (Dataset.links) makes the actor filter fast; the answer is the same without it."""
    keep = np.ones(len(events), dtype=bool)
    if filters.date_from:
        keep &= (events["span_end"] >= pd.Timestamp(filters.date_from)).to_numpy()
    if filters.date_to:
        keep &= (events["span_start"] <= pd.Timestamp(filters.date_to)).to_numpy()
    if filters.actors:
        keep &= _involves_any(events, filters.actors, links).to_numpy()
    if filters.pair:
        keep &= _matches_pair(events, filters.pair).to_numpy()
    if filters.types:
        keep &= events["event_type"].isin(filters.types).to_numpy()
    if filters.quads:
        keep &= events["quad_class"].isin(filters.quads).to_numpy()
    if filters.imin is not None:
        keep &= (events["intensity"] >= filters.imin).to_numpy()
    if filters.imax is not None:
        keep &= (events["intensity"] <= filters.imax).to_numpy()
    if filters.statuses:
        keep &= events["status"].isin(filters.statuses).to_numpy()
    if filters.q:
        found = events["search_text"].str.contains(filters.q.casefold(), regex=False)
        keep &= found.to_numpy(dtype=bool)
    return keep


def apply_filters(
    events: pd.DataFrame, filters: Filters, links: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return the events that match every set field; an unset field matches all."""
    if filters == Filters(layers=filters.layers):  # no row filter is set
        return events
    return events[filter_mask(events, filters, links)]


def _clean_text(value: str) -> str:
    """Drop control characters and surrounding blanks from a free-text parameter."""
    return "".join(c for c in value if unicodedata.category(c)[0] != "C").strip()


def _shown(value: str) -> str:
    value = _clean_text(value)
    return repr(value[:40] + ("…" if len(value) > 40 else ""))


def _parse_one(key: str, value: str, vocab: Vocabulary) -> object:
    """Parse one value of `key`; raise ValueError with the reason it is ignored."""
    if key in ("from", "to"):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError("is not a date of the form YYYY-MM-DD")
        try:
            return parse_day(value.strip())
        except ValueError:
            raise ValueError("is not a real calendar day") from None
    if key == "actor":
        if value in vocab.actor_ids or value in vocab.countries:
            return value
        raise ValueError("is not a known country code or actor id")
    if key == "pair":
        parts = value.split("-")
        if len(parts) != 2 or not all(p in vocab.countries for p in parts) or parts[0] == parts[1]:
            raise ValueError("is not two different country codes joined by '-'")
        return tuple(sorted(parts))
    if key in ("imin", "imax"):
        if not re.fullmatch(r"[+-]?\d{1,3}", value.strip()):
            raise ValueError("is not a whole number")
        number = int(value)
        if not INTENSITY_RANGE[0] <= number <= INTENSITY_RANGE[1]:
            raise ValueError("is outside -10 to 10")
        return number
    if key == "layer":
        if value in vocab.layers:
            return value
        if value == "gdelt":
            raise ValueError("is not loaded (start with --gdelt FOLDER)")
        raise ValueError("is not a layer (the one extra layer is gdelt)")
    allowed = {"type": vocab.event_types, "quad": vocab.quads, "status": vocab.statuses}
    if key in allowed:
        if value in allowed[key]:
            return value
        raise ValueError(f"is not one of {', '.join(sorted(allowed[key]))}")
    raise AssertionError(key)


def _parse_q(values: list[str], notices: list[str]) -> str:
    text = _clean_text(values[0])
    if len(text) > MAX_QUERY_LENGTH:
        notices.append(f"q: cut to its first {MAX_QUERY_LENGTH} characters.")
        text = text[:MAX_QUERY_LENGTH]
    return text


def parse_params(
    params: Mapping[str, Sequence[str]], vocab: Vocabulary
) -> tuple[Filters, list[str]]:
    """Turn raw parameters (URL or CLI) into Filters, with one notice per value it ignored."""
    values: dict[str, object] = {}
    notices: list[str] = []
    for spec in FILTER_KEYS:
        given = [v for v in params.get(spec.key, []) if v.strip() != ""]
        if not given:
            continue
        if spec.key == "q":
            values["q"] = _parse_q(given, notices)
            continue
        if not spec.repeatable and len(given) > 1:
            notices.append(f"{spec.key}: given {len(given)} times; used the first value only.")
            given = given[:1]
        parsed = []
        for value in given:
            try:
                parsed.append(_parse_one(spec.key, value, vocab))
            except ValueError as err:
                notices.append(f"{spec.key}: {_shown(value)} {err}; ignored.")
        if parsed:
            unique = tuple(dict.fromkeys(parsed))
            values[spec.attr] = unique if spec.repeatable else unique[0]
    for low, high, name in (("date_from", "date_to", "date"), ("imin", "imax", "intensity")):
        if low in values and high in values and values[low] > values[high]:
            notices.append(
                f"{name} range: {values[low]} is after {values[high]}; both ends ignored."
            )
            del values[low], values[high]
    return Filters(**values), notices


def to_params(filters: Filters) -> dict[str, list[str]]:
    """Encode Filters as parameters: ids only, defaults left out, lists as repeated keys."""
    out: dict[str, list[str]] = {}
    for spec in FILTER_KEYS:
        value = getattr(filters, spec.attr)
        if value in (None, (), ""):
            continue
        if spec.key == "pair":
            out[spec.key] = ["-".join(value)]
        elif spec.repeatable:
            out[spec.key] = [str(v) for v in value]
        else:
            out[spec.key] = [value.isoformat() if isinstance(value, date) else str(value)]
    return out


def filter_field_names() -> list[str]:
    """Return the Filters field names, in order (for checks that FILTER_KEYS covers them)."""
    return [f.name for f in fields(Filters)]


def build_vocabulary(
    actors: pd.DataFrame,
    vocabularies: Mapping[str, Mapping[str, str]],
    layers: frozenset[str] = frozenset(),
) -> Vocabulary:
    """Collect the allowed filter values from the actors table and the schema's vocabularies."""
    return Vocabulary(
        actor_ids=frozenset(actors["id"]),
        countries=frozenset(c for c in actors["country"] if c),
        event_types=frozenset(vocabularies["event_type"]),
        quads=frozenset(vocabularies["quad_class"]),
        statuses=frozenset(vocabularies["status"]),
        layers=layers,
    )


def describe(filters: Filters) -> str:
    """The filters in words, for the count line, snapshots and embeds."""
    parts = []
    if filters.date_from or filters.date_to:
        start = filters.date_from.isoformat() if filters.date_from else "the first event"
        end = filters.date_to.isoformat() if filters.date_to else "the last event"
        parts.append(f"from {start} to {end}")
    if filters.actors:
        parts.append("involving " + " or ".join(filters.actors))
    if filters.pair:
        parts.append("between " + " and ".join(filters.pair))
    if filters.types:
        parts.append("of type " + " or ".join(filters.types))
    if filters.quads:
        parts.append("in " + " or ".join(q.replace("_", " ") for q in filters.quads))
    if filters.imin is not None or filters.imax is not None:
        low = filters.imin if filters.imin is not None else INTENSITY_RANGE[0]
        high = filters.imax if filters.imax is not None else INTENSITY_RANGE[1]
        parts.append(f"with intensity {low:+d} to {high:+d}")
    if filters.statuses:
        parts.append("status " + " or ".join(filters.statuses))
    if filters.q:
        parts.append(f"matching “{filters.q}”")
    text = "All events" if not parts else "Events " + ", ".join(parts)
    return text + ("; with the automated (GDELT) layer" if "gdelt" in filters.layers else "")
