"""The URL is the state: decode a query string into what to show, with a notice per ignored part."""

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.core.filters import (
    FILTER_KEYS,
    Filters,
    Vocabulary,
    build_vocabulary,
    first_only,
    parse_params,
    to_params,
)
from dashboard.core.gdelt import ID_PREFIX as GDELT_ID
from dashboard.core.gdelt import LAYER as GDELT
from dashboard.core.gdelt import SQUARE_PREFIX as GDELT_SQUARE

VIEWS = ("overview", "timeline", "map", "network", "about", "seed")
_FRAME = re.compile(r"\d{4}-(0[1-9]|1[0-2]|Q[1-4])|all", re.ASCII)
# A place: a curated place to two decimals, or a GDELT half-degree grid square after its prefix.
_LOC = re.compile(
    r"-?\d{1,2}\.\d{2},-?\d{1,3}\.\d{2}|"
    + re.escape(GDELT_SQUARE)
    + r"-?\d{1,2}\.\d,-?\d{1,3}\.\d",
    re.ASCII,
)


@dataclass(frozen=True)
class ViewKey:
    """One page control: URL key (also its widget key), allowed values, default, help.

    `allowed` lists the values when there are few; otherwise `pattern` (with `form` in words)
    checks the shape, or `actor` asks for a known actor id."""

    key: str
    help: str  # what the key means, for the README's parameter table
    default: str | None = None
    allowed: tuple[str, ...] = ()
    tip: str | None = None  # the widget's tooltip
    pattern: re.Pattern | None = None
    form: str = ""
    actor: bool = False

    def problem(self, value: str, cat: "Catalogue") -> str | None:
        """Why a link's value cannot be used, or None when it can."""
        if self.allowed and value not in self.allowed:
            return f"is not one of {', '.join(self.allowed)}"
        if self.pattern is not None and not self.pattern.fullmatch(value):
            return f"is not of the form {self.form}"
        if self.actor and value not in cat.vocab.actor_ids | cat.vocab.countries:
            return "is not a known actor id"
        return None


# The one table of page controls: the decoder, the share link and the widgets read it.
VIEW_KEYS: tuple[ViewKey, ...] = (
    ViewKey(
        "chart",
        "timeline chart: events (default; the events in lanes) or index (the monthly"
        " relationship index per pair)",
        default="events",
        allowed=("events", "index"),
        tip="The events one by one in lanes, or the monthly relationship index of each pair.",
    ),
    ViewKey(
        "lanes",
        "timeline lanes: pair (default) or type",
        default="pair",
        allowed=("pair", "type"),
        tip="One lane per country pair, or per PLOVER event type.",
    ),
    ViewKey(
        "step",
        "map playback step: month (default) or quarter",
        default="month",
        allowed=("month", "quarter"),
    ),
    ViewKey(
        "region",
        "map region: all (default), korea (the Korean peninsula) or europe (Eastern Europe)",
        default="all",
        allowed=("all", "korea", "europe"),
        tip="Zoom to the Korean peninsula (Seoul and Pyongyang apart) or to Eastern Europe.",
    ),
    ViewKey(
        "nodes",
        "network nodes: countries (default) or all (adds people and organisations)",
        default="countries",
        allowed=("countries", "all"),
        tip="Countries only, or also the people and organisations involved.",
    ),
    ViewKey(
        "frame",
        "map frame shown: a month (2024-06) or quarter (2024-Q2) of the window; all if absent",
        default="all",
        tip="Show one month (or quarter) of the filtered window; 'all' shows the whole window.",
        pattern=_FRAME,
        form="2024-06, 2024-Q2 or all",
    ),
    ViewKey(
        "loc",
        "map place whose events are listed: coordinates to two decimals (37.57,126.98), or a"
        f" GDELT grid square ({GDELT_SQUARE}37.5,127.0)",
        pattern=_LOC,
        form="two coordinates such as 37.57,126.98",
    ),
    ViewKey(
        "focus",
        "network actor whose neighbourhood is highlighted and whose events are listed",
        actor=True,
    ),
)
VIEW: Mapping[str, ViewKey] = {spec.key: spec for spec in VIEW_KEYS}
LANES = VIEW["lanes"].allowed
EXTRA_KEYS = {
    "event": "the open event's id; an old id listed in former_ids opens its successor",
    **{spec.key: spec.help for spec in VIEW_KEYS},
    "view": "page alias (overview, timeline, map, network, about, seed): opens that page",
    "v": "data version (short content hash) in every share link; a link from other data says so",
}
# Streamlit's own parameters (embed mode) are handled by Streamlit, not by us.
STREAMLIT_KEYS = ("embed", "embed_options")


@dataclass(frozen=True)
class UrlState:
    """Everything a link can say: the filters, the open event, the timeline lanes, the page."""

    filters: Filters = Filters()
    event: str | None = None
    lanes: str = "pair"
    view: str | None = None


class IdLookup:
    """Event ids kept as one Arrow array: membership and position by a scan in C.

    A Python set of a million ids cost about 130 MB and 1.4 s to build; a lookup here costs a
    few milliseconds and happens only when a link names an event."""

    def __init__(self, ids: pd.Series) -> None:
        self._ids = pa.array(ids, type=pa.large_string())

    def position(self, value: object) -> int:
        """The id's row in the prepared events, or -1."""
        if not isinstance(value, str):
            return -1
        return pc.index(self._ids, value).as_py()

    def __contains__(self, value: object) -> bool:
        return self.position(value) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids.to_pylist())

    def __len__(self) -> int:
        return len(self._ids)


@dataclass(frozen=True)
class Catalogue:
    """What the loaded data allows in a link."""

    vocab: Vocabulary
    event_ids: IdLookup
    former_ids: Mapping[str, str]  # former id -> live id
    first_day: date
    last_day: date
    version: str = ""
    # Ids of the loaded GDELT layer's rows ('gdelt-<GLOBALEVENTID>'); an Index looks up fast.
    gdelt_ids: pd.Index = field(default_factory=lambda: pd.Index([], dtype=object))


def _clamp_dates(
    filters: Filters, given: Mapping[str, Sequence[str]], cat: Catalogue, notices: list[str]
) -> Filters:
    """Dates the link gives are moved into the data's span, with a notice (not the default)."""
    changes = {}
    for attr, key in (("date_from", "from"), ("date_to", "to")):
        value = getattr(filters, attr)
        if value is None or key not in given:
            continue
        if value < cat.first_day:
            notices.append(f"{key}: {value} is before the first event; used {cat.first_day}.")
            changes[attr] = cat.first_day
        elif value > cat.last_day:
            notices.append(f"{key}: {value} is after the last event; used {cat.last_day}.")
            changes[attr] = cat.last_day
    return replace(filters, **changes)


def _decode_event(values: list[str], cat: Catalogue, notices: list[str]) -> str | None:
    if not values:
        return None
    value = values[0].strip()
    first_only("event", values, notices)
    if value in cat.event_ids:
        return value
    if value in cat.gdelt_ids:
        return value
    if value.startswith(GDELT_ID):
        notices.append(f"event: '{value[:60]}' is not in the loaded GDELT layer; ignored.")
        return None
    if value in cat.former_ids:
        successor = cat.former_ids[value]
        notices.append(f"event: '{value[:60]}' is an old id; opened its successor '{successor}'.")
        return successor
    notices.append(f"event: '{value[:60]}' is not an event id; ignored.")
    return None


def _decode_choice(key: str, values: list[str], allowed: Sequence[str], notices: list[str]):
    if not values:
        return None
    first_only(key, values, notices)
    if values[0] in allowed:
        return values[0]
    notices.append(f"{key}: '{values[0][:40]}' is not one of {', '.join(allowed)}; ignored.")
    return None


def _check_view_keys(params: Mapping[str, Sequence[str]], cat: Catalogue, notices: list) -> None:
    """Notices for the page controls' keys; their widgets would drop a bad value silently."""
    for spec in VIEW_KEYS:
        if spec is VIEW["lanes"]:  # decoded into the state itself, with its own notice
            continue
        values = list(params.get(spec.key, []))
        first_only(spec.key, values, notices)
        value = (values or [None])[0]
        if value is not None and (why := spec.problem(value, cat)) is not None:
            notices.append(f"{spec.key}: '{value[:40]}' {why}; ignored.")


def _check_version(params: Mapping[str, Sequence[str]], cat: Catalogue, notices: list) -> None:
    """A link made with other data still opens, and says so."""
    given = (list(params.get("v", [])) or [None])[0]
    if given is not None and cat.version and given != cat.version:
        notices.append(
            f"v: this link was made with data version '{given[:20]}'; the data is now"
            f" '{cat.version}'. Events may have been corrected, added or removed since; each"
            " event's details list its corrections."
        )


def decode(params: Mapping[str, Sequence[str]], cat: Catalogue) -> tuple[UrlState, list[str]]:
    """Turn raw query parameters (lists per key) into a UrlState and notices; never raises."""
    filters, notices = parse_params(params, cat.vocab)
    if "from" not in params and "v" in params:
        # A share link (it carries `v`) made before the default window: it meant every date.
        filters = replace(filters, date_from=None)
    filters = _clamp_dates(filters, params, cat, notices)
    event = _decode_event(list(params.get("event", [])), cat, notices)
    lanes = (
        _decode_choice("lanes", list(params.get("lanes", [])), LANES, notices)
        or VIEW["lanes"].default
    )
    view = _decode_choice("view", list(params.get("view", [])), VIEWS, notices)
    _check_view_keys(params, cat, notices)
    _check_version(params, cat, notices)
    known = {k.key for k in FILTER_KEYS} | set(EXTRA_KEYS) | set(STREAMLIT_KEYS)
    for key in params:
        if key not in known:
            notices.append(f"'{key[:40]}' is not a parameter of this dashboard; ignored.")
    return UrlState(filters, event, lanes, view), notices


def encode(state: UrlState) -> dict[str, list[str]]:
    """Turn a UrlState into query parameters: ids only, defaults left out."""
    params = to_params(state.filters)
    if state.event:
        params["event"] = [state.event]
    if state.lanes != VIEW["lanes"].default:
        params["lanes"] = [state.lanes]
    if state.view:
        params["view"] = [state.view]
    return params


def build_catalogue(
    events: pd.DataFrame,
    actors: pd.DataFrame,
    vocabularies: Mapping[str, Mapping[str, str]],
    version: str = "",
    gdelt: pd.DataFrame | None = None,
) -> Catalogue:
    """Collect the ids and date bounds a link may use: prepared events, actors, GDELT layer."""
    renamed = events.loc[events["former_ids"].astype(bool).to_numpy(), ["id", "former_ids"]]
    former = {
        old: eid
        for eid, olds in zip(renamed["id"], renamed["former_ids"], strict=True)
        for old in olds
    }
    first, last = events["span_start"].min(), events["span_end"].max()
    has_gdelt = gdelt is not None and not gdelt.empty
    if has_gdelt:
        first, last = min(first, gdelt["day"].min()), max(last, gdelt["day"].max())
    return Catalogue(
        vocab=build_vocabulary(actors, vocabularies, frozenset({GDELT} if has_gdelt else ())),
        event_ids=IdLookup(events["id"]),
        former_ids=former,
        first_day=first.date(),
        last_day=last.date(),
        version=version,
        gdelt_ids=pd.Index(gdelt["id"]) if has_gdelt else pd.Index([], dtype=object),
    )
