"""The automated (GDELT) layer: read the import's Parquet, check it, filter and aggregate it.

The layer is kept apart from the curated events: its own frame, its own counts, its own marks.
Views draw only the aggregates built here, never one mark per GDELT row.
"""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.core.countries import PAIRS, pair_keys
from dashboard.core.filters import Filters, gdelt_mask
from dashboard.core.gdelt import ID_PREFIX
from dashboard.core.gdelt.contract import GDELT_FILE, MANIFEST_FILE, NUMBER_COLUMNS, TEXT_COLUMNS
from dashboard.core.places import on_grid, parse_location_key, period_bounds, square_key

MAX_LISTED_PROBLEMS = 20
GDELT_QUADS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True)
class GdeltLayer:
    """A loaded GDELT folder. `events` is empty whenever `problems` is not."""

    folder: Path
    events: pd.DataFrame
    manifest: dict = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def gdelt_fingerprint(folder: Path) -> tuple:
    """A cheap key that changes when the layer's files change (for caching the load)."""
    stats = []
    for name in (GDELT_FILE, MANIFEST_FILE):
        path = Path(folder) / name
        stat = path.stat() if path.is_file() else None
        stats.append((name, stat.st_mtime_ns, stat.st_size) if stat else (name, None, None))
    return tuple(stats)


def _empty(folder: Path, problems: list[str], manifest: dict | None = None) -> GdeltLayer:
    shown = problems[:MAX_LISTED_PROBLEMS]
    if len(problems) > MAX_LISTED_PROBLEMS:
        shown.append(f"… and {len(problems) - MAX_LISTED_PROBLEMS} more problems.")
    return GdeltLayer(Path(folder), pd.DataFrame(), manifest or {}, tuple(shown))


def _bad_rows(frame: pd.DataFrame, bad: pd.Series, column: str, why: str) -> list[str]:
    """One problem per bad row: file, row (1-based, as in the Parquet), field and value."""
    out = []
    for row in np.flatnonzero(bad.to_numpy())[:MAX_LISTED_PROBLEMS]:
        value = str(frame[column].iloc[row])[:40]
        out.append(f"{GDELT_FILE} row {row + 1}, field {column}: {value!r} {why}.")
    extra = int(bad.sum()) - len(out)
    if extra > 0:
        out.append(f"{GDELT_FILE}, field {column}: {extra} more rows like this.")
    return out


def check_gdelt(frame: pd.DataFrame) -> list[str]:
    """Every problem in the layer's table, naming the file, row and field."""
    missing = [c for c in (*TEXT_COLUMNS, *NUMBER_COLUMNS) if c not in frame.columns]
    if missing:
        return [f"{GDELT_FILE}: column {c!r} is missing." for c in missing]
    problems: list[str] = []
    days = pd.to_datetime(frame["date"].astype(str), format="%Y-%m-%d", errors="coerce")
    problems += _bad_rows(frame, days.isna(), "date", "is not a date YYYY-MM-DD")
    for column in ("source_country", "target_country"):
        bad = ~frame[column].astype(str).str.fullmatch(r"[A-Z]{3}")
        problems += _bad_rows(frame, bad, column, "is not an ISO3 country code")
    for column in NUMBER_COLUMNS:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            problems.append(f"{GDELT_FILE}, field {column}: holds text, not numbers.")
    if problems:
        return problems
    goldstein = frame["goldstein"]
    bad = goldstein.isna() | (goldstein < -10) | (goldstein > 10)
    problems += _bad_rows(frame, bad, "goldstein", "is not a Goldstein score from -10 to 10")
    problems += _bad_rows(frame, ~frame["gdelt_quad"].isin(GDELT_QUADS), "gdelt_quad", "is not 1-4")
    return problems


def prepare_gdelt(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns the filters and aggregates use, computed once at load."""
    out = frame.copy()
    for column in TEXT_COLUMNS:
        out[column] = out[column].astype(str)
    out["id"] = ID_PREFIX + out["event_id"]
    out["day"] = pd.to_datetime(out["date"], format="%Y-%m-%d")
    out["month"] = out["day"].dt.to_period("M").dt.to_timestamp()
    out["pair"] = pd.Categorical(pair_keys(out))
    for column in ("source_country", "target_country", "plover_type", "plover_quad"):
        out[column] = out[column].astype("category")
    return out.reset_index(drop=True)


def load_gdelt_layer(folder: Path) -> GdeltLayer:
    """Read and check `folder`; a broken folder gives problems and no rows, never an exception."""
    folder = Path(folder)
    path = folder / GDELT_FILE
    if not path.is_file():
        return _empty(
            folder,
            [
                f"{folder.name}/{GDELT_FILE} is missing: write it with"
                f" `python -m dashboard import-gdelt FILE... --out {folder.name}`."
            ],
        )
    manifest: dict = {}
    manifest_path = folder / MANIFEST_FILE
    if manifest_path.is_file():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            return _empty(folder, [f"{MANIFEST_FILE}: is not valid JSON ({err})."])
    try:
        frame = pd.read_parquet(path)
    except Exception as err:  # noqa: BLE001 - any unreadable file is one clear problem
        return _empty(folder, [f"{GDELT_FILE}: cannot be read as Parquet ({type(err).__name__})."])
    problems = check_gdelt(frame)
    if problems:
        return _empty(folder, problems, manifest)
    return GdeltLayer(folder, prepare_gdelt(frame), manifest if isinstance(manifest, dict) else {})


def apply_layer_filters(events: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The GDELT rows that match the filters GDELT has (each FilterKey's gdelt_mask)."""
    if events.empty:
        return events
    return events[gdelt_mask(events, filters)]


def monthly_volume(events: pd.DataFrame) -> pd.DataFrame:
    """Per pair and month: GDELT events, the reports folded into them, and mean Goldstein."""
    columns = ["pair", "month", "events", "reports", "mean_goldstein"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    grouped = events.groupby(["pair", "month"], observed=True, sort=True)
    out = grouped.agg(
        events=("goldstein", "size"),
        reports=("reports", "sum"),
        mean_goldstein=("goldstein", "mean"),
    ).reset_index()
    out["pair"] = out["pair"].astype(str)
    # Every month of the span for every pair, a month without events at 0: a line drawn over
    # the months with events only would jump across the gaps (a pair with months of zeros was
    # drawn flat at its neighbours' value). The mean of no events is empty, a gap in its line.
    months = pd.date_range(out["month"].min(), out["month"].max(), freq="MS")
    full = pd.MultiIndex.from_product([out["pair"].unique(), months], names=["pair", "month"])
    out = out.set_index(["pair", "month"]).reindex(full).reset_index()
    out[["events", "reports"]] = out[["events", "reports"]].fillna(0).astype("int64")
    return out[columns]


def pair_volume(events: pd.DataFrame) -> pd.DataFrame:
    """Per pair: GDELT events and mean Goldstein (for map lines and network edges)."""
    columns = ["pair", "events", "mean_goldstein"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    grouped = events.groupby("pair", observed=True)["goldstein"].agg(["size", "mean"])
    out = grouped.reset_index().rename(columns={"size": "events", "mean": "mean_goldstein"})
    out["pair"] = out["pair"].astype(str)
    return out[out["pair"].isin(PAIRS)][columns].reset_index(drop=True)


def place_counts(events: pd.DataFrame, limit: int = 300) -> pd.DataFrame:
    """The busiest action locations, on the half-degree grid: count, mean Goldstein and a name."""
    columns = ["key", "lat", "lon", "location_name", "events", "mean_goldstein"]
    located = events[events["lat"].notna() & events["lon"].notna()]
    if located.empty:
        return pd.DataFrame(columns=columns)
    squares = [on_grid(located["lat"]), on_grid(located["lon"])]
    grouped = located.groupby(squares, sort=False)
    out = grouped.agg(
        events=("goldstein", "size"),
        mean_goldstein=("goldstein", "mean"),
        location_name=("location_name", "first"),
    ).reset_index()
    out = out.nlargest(limit, "events")
    out["key"] = [square_key(a, b) for a, b in zip(out["lat"], out["lon"], strict=True)]
    return out[columns].reset_index(drop=True)


def events_in_square(events: pd.DataFrame, key: str) -> pd.DataFrame:
    """The GDELT rows in one grid square of place_counts (key 'lat,lon'); none for a bad key."""
    coordinates = parse_location_key(key)
    if coordinates is None:
        return events.iloc[0:0]
    lat, lon = coordinates
    located = events[events["lat"].notna() & events["lon"].notna()]
    return located[(on_grid(located["lat"]) == lat) & (on_grid(located["lon"]) == lon)]


def page_of(events: pd.DataFrame, page: int, per_page: int = 20) -> tuple[pd.DataFrame, int]:
    """The most-reported rows first, one page of them, and the number of pages."""
    pages = max(1, math.ceil(len(events) / per_page))
    page = min(max(page, 1), pages)
    ranked = events.sort_values(["num_mentions", "day"], ascending=[False, False], kind="stable")
    return ranked.iloc[(page - 1) * per_page : page * per_page], pages


def find_gdelt_event(events: pd.DataFrame, event_id: str) -> pd.Series | None:
    """The row with this `gdelt-<GLOBALEVENTID>` id, or None."""
    if events.empty or not event_id.startswith(ID_PREFIX):
        return None
    hit = events[events["id"] == event_id]
    return None if hit.empty else hit.iloc[0]


def export_gdelt_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The layer's export rows: its own columns (the import's contract) plus the pair."""
    columns = ["id", "pair", *TEXT_COLUMNS, *NUMBER_COLUMNS]
    if events.empty:
        return pd.DataFrame(columns=columns)
    out = events[columns].copy()
    for column in ("pair", "source_country", "target_country", "plover_type", "plover_quad"):
        out[column] = out[column].astype(str)
    return out.reset_index(drop=True)


def gdelt_in_period(events: pd.DataFrame, period: str) -> pd.DataFrame:
    """The rows on the days of one map frame ('2024-06' or '2024-Q2')."""
    start, end = period_bounds(period)
    return events[(events["day"] >= start) & (events["day"] <= end)]
