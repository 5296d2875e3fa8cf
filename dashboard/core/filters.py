"""Narrow the event table to what the user asked for; one definition for app, URL and export.

Each filter key is one `FilterKey`: its URL parameter (also the widget key and the export flag),
how a value is parsed and checked, which curated rows and which GDELT rows it keeps, how it is
said in words, and how it travels between the Filters object and its widget.
"""

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from dashboard.core.countries import PAIR_SEPARATOR, pair_key, split_pair
from dashboard.core.dates import is_day, parse_day
from dashboard.core.gdelt import LABEL as GDELT_LABEL
from dashboard.core.gdelt import LAYER as GDELT

INTENSITY_RANGE = (-10, 10)
MAX_QUERY_LENGTH = 200
# The window a link without `from` opens: the full-scale invasion of Ukraine, since which
# the data is densest (more than half of the events). A fixed day, so that such a link means
# the same next year; `from=all` (or `from=`, as the date field writes it) is every date.
DEFAULT_FROM = date(2022, 2, 24)
ALL_DATES = "all"


@dataclass(frozen=True)
class Filters:
    """What the user is looking at. Each field has one URL parameter (see FILTER_KEYS)."""

    date_from: date | None = DEFAULT_FROM  # None: from the first event
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


Mask = np.ndarray
Links = pd.DataFrame | None


def _keep_all(value: object) -> object:
    return value


@dataclass(frozen=True)
class FilterKey:
    """One filter: URL parameter, widget key and export flag (`key`), and all it means."""

    key: str
    attr: str  # the Filters field
    repeatable: bool
    help: str
    # One raw value -> the parsed value; raises ValueError saying why it is ignored.
    parse: Callable[[str, Vocabulary], object]
    # Curated rows kept by a set value (None: not a row filter, as the layer switch).
    mask: Callable[[pd.DataFrame, Any, Links], Mask] | None
    # GDELT rows kept by a set value; None with `gdelt_missing`: GDELT has no counterpart.
    gdelt_mask: Callable[[pd.DataFrame, Any], Mask] | None = None
    gdelt_missing: str = ""
    # The filter in words, from all Filters and the actors' names (a range is said once, by
    # its first key).
    words: Callable[[Filters, Mapping[str, str]], str] | None = None
    # Widget value <-> Filters value (a widget holds lists, a joined pair, full-range sliders).
    to_widget: Callable[[Any], Any] = _keep_all
    from_widget: Callable[[Any], Any] = _keep_all
    free_text: bool = False  # the first value, cleaned and cut to MAX_QUERY_LENGTH
    default: Any = None  # the Filters default: what a link without this key means
    # The word for None when None is not the default (`from=all`); a blank value means it too.
    everything: str = ""

    def value(self, filters: Filters) -> Any:
        """This key's value in `filters`."""
        return getattr(filters, self.attr)

    def is_set(self, filters: Filters) -> bool:
        """Whether `filters` sets this key (an unset key matches everything)."""
        return self.value(filters) not in (None, (), "")

    def differs(self, filters: Filters) -> bool:
        """Whether a key with a default of its own (the start date) is set to another value,
        including None (every date), than a link without it means."""
        return bool(self.everything) and self.value(filters) != self.default

    def encode(self, value: Any) -> list[str]:
        """The URL values of a value: ids only, lists as repeated keys."""
        if value is None and self.everything:
            return [self.everything]
        if self.repeatable:
            return [str(v) for v in value]
        shown = self.to_widget(value)
        return [shown.isoformat() if isinstance(shown, date) else str(shown)]


def labels_in(labels: np.ndarray, members: np.ndarray) -> np.ndarray:
    """For each (non-negative integer) label, is it among `members`? One mark array, no hashing."""
    marks = np.zeros(max(int(labels.max(initial=-1)), int(members.max(initial=-1))) + 1, bool)
    marks[members] = True
    return marks[labels]


# --- parsing one raw value ---------------------------------------------------------------


def _parse_date(value: str, vocab: Vocabulary) -> date:
    if not is_day(value.strip()):
        raise ValueError("is not a date of the form YYYY-MM-DD")
    try:
        return parse_day(value.strip())
    except ValueError:
        raise ValueError("is not a real calendar day") from None


def _parse_start(value: str, vocab: Vocabulary) -> date | None:
    if value.strip().casefold() == ALL_DATES:
        return None
    try:
        return _parse_date(value, vocab)
    except ValueError as err:
        raise ValueError(f"{err} (or '{ALL_DATES}')") from None


def _parse_actor(value: str, vocab: Vocabulary) -> str:
    if value in vocab.actor_ids or value in vocab.countries:
        return value
    raise ValueError("is not a known country code or actor id")


def _parse_pair(value: str, vocab: Vocabulary) -> tuple[str, ...]:
    parts = split_pair(value)
    if len(parts) != 2 or not all(p in vocab.countries for p in parts) or parts[0] == parts[1]:
        raise ValueError(f"is not two different country codes joined by '{PAIR_SEPARATOR}'")
    return split_pair(pair_key(*parts))


def _parse_intensity(value: str, vocab: Vocabulary) -> int:
    if not re.fullmatch(r"[+-]?\d{1,3}", value.strip(), re.ASCII):  # int() takes "٣"
        raise ValueError("is not a whole number")
    number = int(value)
    if not INTENSITY_RANGE[0] <= number <= INTENSITY_RANGE[1]:
        raise ValueError(f"is outside {INTENSITY_RANGE[0]} to {INTENSITY_RANGE[1]}")
    return number


def _parse_layer(value: str, vocab: Vocabulary) -> str:
    if value in vocab.layers:
        return value
    if value == GDELT:
        raise ValueError(f"is not loaded (start with --{GDELT} FOLDER)")
    raise ValueError(f"is not a layer (the one extra layer is {GDELT})")


def _parse_member(field: str) -> Callable[[str, Vocabulary], str]:
    def parse(value: str, vocab: Vocabulary) -> str:
        allowed = getattr(vocab, field)
        if value in allowed:
            return value
        raise ValueError(f"is not one of {', '.join(sorted(allowed))}")

    return parse


def _clean_text(value: str) -> str:
    """Drop control characters and surrounding blanks from a free-text parameter."""
    return "".join(c for c in value if unicodedata.category(c)[0] != "C").strip()


# --- which rows a value keeps -------------------------------------------------------------


def _involves_any(events: pd.DataFrame, wanted: tuple[str, ...], links: Links) -> Mask:
    """Events involving any wanted actor or country. With the load's `links` (one row per
    event and involved id) this is one isin over ids, not a Python call per event."""
    if links is not None:
        actor = links["actor"]
        codes = actor.cat.categories.get_indexer(list(wanted))
        hit = np.isin(actor.cat.codes.to_numpy(), codes[codes >= 0])
        rows = links["row"].to_numpy()[hit]
        return labels_in(events.index.to_numpy(), rows)
    wanted_set = frozenset(wanted)
    by_actor = events["actor_ids"].map(lambda ids: not wanted_set.isdisjoint(ids))
    by_country = events["countries"].map(lambda cs: not wanted_set.isdisjoint(cs))
    return (by_actor | by_country).to_numpy()


def _matches_pair(events: pd.DataFrame, pair: tuple[str, str], links: Links = None) -> Mask:
    if "pair" in events.columns:  # prepared at load: one comparison of category codes
        return (events["pair"] == pair_key(*pair)).to_numpy()
    a, b = pair
    src, tgt = events["source_country"], events["target_country"]
    return (((src == a) & (tgt == b)) | ((src == b) & (tgt == a))).to_numpy()


def _in(column: str) -> Callable[[pd.DataFrame, Any, Links], Mask]:
    return lambda events, values, links=None: events[column].isin(values).to_numpy()


def _compare(column: str, keep: Callable) -> Callable[[pd.DataFrame, Any, Links], Mask]:
    return lambda events, value, links=None: keep(events[column], value).to_numpy()


def _contains_text(events: pd.DataFrame, q: str, links: Links) -> Mask:
    return events["search_text"].str.contains(q.casefold(), regex=False).to_numpy(dtype=bool)


def _gdelt_countries(events: pd.DataFrame, wanted: tuple[str, ...]) -> Mask:
    wanted_list = list(wanted)
    src, tgt = events["source_country"], events["target_country"]
    return (src.isin(wanted_list) | tgt.isin(wanted_list)).to_numpy()


# --- in words -------------------------------------------------------------------------------


def _date_words(f: Filters, names: Mapping[str, str]) -> str:
    if not (f.date_from or f.date_to):
        return ""
    start = f.date_from.isoformat() if f.date_from else "the first event"
    end = f.date_to.isoformat() if f.date_to else "the last event"
    return f"from {start} to {end}"


def _intensity_words(f: Filters, names: Mapping[str, str]) -> str:
    if f.imin is None and f.imax is None:
        return ""
    low = f.imin if f.imin is not None else INTENSITY_RANGE[0]
    high = f.imax if f.imax is not None else INTENSITY_RANGE[1]
    return f"with intensity {low:+d} to {high:+d}"


def _joined(
    attr: str, head: str, joiner: str = " or ", shown=None
) -> Callable[[Filters, Mapping[str, str]], str]:
    """Words for a list of values; ids are said by name (`shown` words other values)."""

    def words(f: Filters, names: Mapping[str, str]) -> str:
        values = getattr(f, attr)
        say = shown or (lambda v: names.get(v, v))
        return head + joiner.join(say(v) for v in values) if values else ""

    return words


def _tuple(values: Any) -> tuple:
    return tuple(values or ())


def _slider_end(end: int) -> Callable[[int | None], int | None]:
    """A slider at the end of the range means 'unset'."""
    return lambda value: None if value is None or value == end else value


_INTENSITY_HELP = f"intensity, {INTENSITY_RANGE[0]} to {INTENSITY_RANGE[1]}"

# The single list of filter keys. URL parameters, widget keys and export flags are these names.
FILTER_KEYS: tuple[FilterKey, ...] = (
    FilterKey(
        "from",
        "date_from",
        False,
        f"first day, YYYY-MM-DD (inclusive), or '{ALL_DATES}'; without it {DEFAULT_FROM}",
        _parse_start,
        _compare("span_end", lambda col, v: col >= pd.Timestamp(v)),
        gdelt_mask=lambda g, v: (g["day"] >= pd.Timestamp(v)).to_numpy(),
        words=_date_words,
        default=DEFAULT_FROM,
        everything=ALL_DATES,
    ),
    FilterKey(
        "to",
        "date_to",
        False,
        "last day, YYYY-MM-DD (inclusive)",
        _parse_date,
        _compare("span_start", lambda col, v: col <= pd.Timestamp(v)),
        gdelt_mask=lambda g, v: (g["day"] <= pd.Timestamp(v)).to_numpy(),
    ),
    FilterKey(
        "actor",
        "actors",
        True,
        "ISO3 country code or actor id; repeat to OR",
        _parse_actor,
        _involves_any,
        gdelt_mask=_gdelt_countries,
        words=_joined("actors", "involving "),
        to_widget=list,
        from_widget=_tuple,
    ),
    FilterKey(
        "pair",
        "pair",
        False,
        f"two ISO3 codes joined by '{PAIR_SEPARATOR}', unordered (KOR{PAIR_SEPARATOR}RUS)",
        _parse_pair,
        _matches_pair,
        gdelt_mask=lambda g, v: _matches_pair(g, v),
        words=_joined("pair", "between ", " and "),
        to_widget=lambda v: PAIR_SEPARATOR.join(v) if v else None,
        from_widget=lambda v: split_pair(v) if v else None,
    ),
    FilterKey(
        "type",
        "types",
        True,
        "PLOVER event type; repeat to OR",
        _parse_member("event_types"),
        _in("event_type"),
        gdelt_mask=lambda g, v: g["plover_type"].isin(v).to_numpy(),
        words=_joined("types", "of type ", shown=str),
        to_widget=list,
        from_widget=_tuple,
    ),
    FilterKey(
        "quad",
        "quads",
        True,
        "quad class; repeat to OR",
        _parse_member("quads"),
        _in("quad_class"),
        gdelt_mask=lambda g, v: g["plover_quad"].isin(v).to_numpy(),
        words=_joined("quads", "in ", shown=lambda q: q.replace("_", " ")),
        to_widget=list,
        from_widget=_tuple,
    ),
    FilterKey(
        "imin",
        "imin",
        False,
        f"lowest {_INTENSITY_HELP}",
        _parse_intensity,
        _compare("intensity", lambda col, v: col >= v),
        gdelt_missing="intensity (GDELT has the Goldstein score instead)",
        words=_intensity_words,
        from_widget=_slider_end(INTENSITY_RANGE[0]),
    ),
    FilterKey(
        "imax",
        "imax",
        False,
        f"highest {_INTENSITY_HELP}",
        _parse_intensity,
        _compare("intensity", lambda col, v: col <= v),
        gdelt_missing="intensity (GDELT has the Goldstein score instead)",
        from_widget=_slider_end(INTENSITY_RANGE[1]),
    ),
    FilterKey(
        "status",
        "statuses",
        True,
        "confirmed, alleged or denied; repeat to OR",
        _parse_member("statuses"),
        _in("status"),
        gdelt_missing="status",
        words=_joined("statuses", "status ", shown=str),
        to_widget=list,
        from_widget=_tuple,
    ),
    FilterKey(
        "q",
        "q",
        False,
        "text in titles, summaries, people and their aliases",
        lambda value, vocab: _clean_text(value),
        _contains_text,
        gdelt_missing="search text",
        words=lambda f, names: f"matching “{f.q}”" if f.q else "",
        from_widget=lambda v: (v or "").strip(),
        free_text=True,
    ),
    FilterKey(
        "layer",
        "layers",
        True,
        f"extra layer beside the curated events: {GDELT} (automated)",
        _parse_layer,
        None,
        to_widget=list,
        from_widget=_tuple,
    ),
)
BY_KEY: Mapping[str, FilterKey] = {spec.key: spec for spec in FILTER_KEYS}
RANGES = (("from", "to", "date"), ("imin", "imax", "intensity"))


def filter_mask(events: pd.DataFrame, filters: Filters, links: Links = None) -> Mask:
    """One boolean per event: does it match every set field? (An unset field matches all.)

    Counting needs only this mask; views take rows from it when they need them. `links`
    (Dataset.links) makes the actor filter fast; the answer is the same without it."""
    keep = np.ones(len(events), dtype=bool)
    for spec in FILTER_KEYS:
        if spec.mask is not None and spec.is_set(filters):
            keep &= spec.mask(events, spec.value(filters), links)
    return keep


def apply_filters(events: pd.DataFrame, filters: Filters, links: Links = None) -> pd.DataFrame:
    """Return the events that match every set field; an unset field matches all."""
    if not any(spec.mask is not None and spec.is_set(filters) for spec in FILTER_KEYS):
        return events
    return events[filter_mask(events, filters, links)]


def layer_on(filters: Filters) -> bool:
    """True when the filters ask for the GDELT layer."""
    return GDELT in filters.layers


def gdelt_mask(events: pd.DataFrame, filters: Filters) -> Mask:
    """The GDELT rows that match the filters GDELT has: dates, countries, pair, type, quad."""
    keep = np.ones(len(events), dtype=bool)
    for spec in FILTER_KEYS:
        if spec.gdelt_mask is not None and spec.is_set(filters):
            keep &= spec.gdelt_mask(events, spec.value(filters))
    return keep


def not_applied(filters: Filters) -> list[str]:
    """The set filters that the GDELT layer ignores, in words (once each)."""
    out: list[str] = []
    for spec in FILTER_KEYS:
        if spec.gdelt_missing and spec.is_set(filters) and spec.gdelt_missing not in out:
            out.append(spec.gdelt_missing)
    return out


def _shown(value: str) -> str:
    value = _clean_text(value)
    return repr(value[:40] + ("…" if len(value) > 40 else ""))


def _parse_text(values: list[str], notices: list[str]) -> str:
    text = _clean_text(values[0])
    if len(text) > MAX_QUERY_LENGTH:
        notices.append(f"q: cut to its first {MAX_QUERY_LENGTH} characters.")
        text = text[:MAX_QUERY_LENGTH]
    return text


def first_only(key: str, values: Sequence[str], notices: list[str]) -> list[str]:
    """A key that takes one value, given more than once: the first counts, and it says so."""
    if len(values) > 1:
        notices.append(f"{key}: given {len(values)} times; used the first value only.")
    return list(values[:1])


def parse_params(
    params: Mapping[str, Sequence[str]], vocab: Vocabulary
) -> tuple[Filters, list[str]]:
    """Turn raw parameters (URL or CLI) into Filters, with one notice per value it ignored."""
    values: dict[str, object] = {}
    notices: list[str] = []
    for spec in FILTER_KEYS:
        given = [v for v in params.get(spec.key, []) if v.strip() != ""]
        if not given:
            if spec.everything and spec.key in params:  # `from=`: the date field cleared
                values[spec.attr] = None
            continue
        if not spec.repeatable:
            given = first_only(spec.key, given, notices)
        if spec.free_text:
            values[spec.attr] = _parse_text(given, notices)
            continue
        parsed = []
        for value in given:
            try:
                parsed.append(spec.parse(value, vocab))
            except ValueError as err:
                notices.append(f"{spec.key}: {_shown(value)} {err}; ignored.")
        if parsed:
            unique = tuple(dict.fromkeys(parsed))
            values[spec.attr] = unique if spec.repeatable else unique[0]
    end = values.get("date_to")
    if "date_from" not in values and end is not None and end < DEFAULT_FROM:
        notices.append(
            f"from: not given, and the default start {DEFAULT_FROM} is after to={end}; used"
            f" every date (from={ALL_DATES})."
        )
        values["date_from"] = None
    for low_key, high_key, name in RANGES:
        low, high = BY_KEY[low_key].attr, BY_KEY[high_key].attr
        if (
            values.get(low) is not None
            and values.get(high) is not None
            and values[low] > values[high]
        ):
            notices.append(
                f"{name} range: {values[low]} is after {values[high]}; both ends ignored."
            )
            del values[low], values[high]
    return Filters(**values), notices


def to_params(filters: Filters) -> dict[str, list[str]]:
    """Encode Filters as parameters: ids only, lists as repeated keys; unset keys are left
    out, but the start date is always written (`from=all` for every date), so that a link
    says its window whatever the default."""
    return {
        spec.key: spec.encode(spec.value(filters))
        for spec in FILTER_KEYS
        if spec.is_set(filters) or spec.differs(filters)
    }


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


def describe(filters: Filters, names: Mapping[str, str] | None = None) -> str:
    """The filters in words, for the count line, snapshots and embeds; actors and countries
    are said by their names when `names` (id -> name) is given."""
    names = names or {}
    parts = [text for spec in FILTER_KEYS if spec.words and (text := spec.words(filters, names))]
    text = "All events" if not parts else "Events " + ", ".join(parts)
    return text + (f"; with the {GDELT_LABEL} layer" if layer_on(filters) else "")
