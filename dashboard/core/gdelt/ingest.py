"""Import GDELT 2.0 events among the four capitals: read, keep, map CAMEO to PLOVER, fold, write.

Inputs are GDELT 2.0 event exports (61 tab-separated columns, no header; plain `.CSV` or a
`.zip` holding one) or a saved BigQuery result (`read_bigquery_result`). A malformed line is
counted, skipped and named (file, line, reason); a file that is not GDELT at all raises
`NotGdeltError`. The output is the folder contract.py defines: `<out>/gdelt_events.parquet`
(columns: contract.PARQUET_SCHEMA) and `<out>/manifest.json`.

Fold key: rows with the same date, source_country, target_country, cameo_code and place are
reports of one event. The place is ActionGeo_FeatureID; where that is empty, the action's
latitude and longitude rounded to 2 decimals; where those are empty too, ActionGeo_Fullname.
A folded event keeps the smallest GLOBALEVENTID's row (id, URL, names, place), sums mentions,
sources and articles, averages Goldstein and tone, and counts its rows in `reports`.
"""

import itertools
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.core.countries import COUNTRIES
from dashboard.core.gdelt import plover
from dashboard.core.gdelt.contract import (
    FORMAT,
    GDELT_FILE,
    MANIFEST_FILE,
    NUMBER_COLUMNS,
    PARQUET_SCHEMA,
)
from dashboard.core.gdelt.read import (
    MAX_MALFORMED_LISTED,
    NEEDED,
    RENAMES,
    Batch,
    GdeltImportError,
    _cameo,
    _countries,
    cameo_name,
    read_bigquery_result,
    read_exports,
)

FOLD_KEY = ("date", "source_country", "target_country", "cameo_code", "place")
PLACE_RULE = "place = feature_id, else lat,lon rounded to 2 decimals, else location_name"


def keep_pairs(
    rows: pd.DataFrame, with_countries: Iterable[str] = ()
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Rows between two different countries of the four (or one of them and a `with` country)."""
    source, target = rows["Actor1CountryCode"], rows["Actor2CountryCode"]
    extra = sorted(set(with_countries))
    missing = (source == "") | (target == "")
    same = ~missing & (source == target)
    in_four = source.isin(COUNTRIES), target.isin(COUNTRIES)
    wanted = (in_four[0] & in_four[1]) | (in_four[0] & target.isin(extra))
    wanted |= source.isin(extra) & in_four[1]
    keep = wanted & ~missing & ~same
    dropped = {
        "missing_country": int(missing.sum()),
        "same_country": int(same.sum()),
        "not_a_pair_of_interest": int((~keep & ~missing & ~same).sum()),
    }
    return rows[keep.to_numpy()], dropped


def to_events(kept: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Output rows, one per kept GDELT row, with the CAMEO, PLOVER, Goldstein and place columns."""
    events = kept[list(NEEDED)].rename(columns=RENAMES).reset_index(drop=True)
    codes = events["cameo_code"]
    mapped = {code: plover.plover_for(code) for code in codes.unique()}
    events["cameo_name"] = codes.map({c: cameo_name(c) for c in mapped})
    events["plover_type"] = codes.map({c: r.plover_type for c, r in mapped.items()})
    events["plover_quad"] = codes.map({c: r.quad for c, r in mapped.items()})
    events["plover_rule"] = codes.map({c: r.rule for c, r in mapped.items()})
    from_table = (events["goldstein"] == "").to_numpy()
    # A code gdelt-py lacks has no Goldstein score here: its rows keep GDELT's own, or none.
    table = {
        c: getattr(_cameo().get_goldstein(c), "value", np.nan) if c in _cameo() else np.nan
        for c in mapped
    }
    goldstein = pd.to_numeric(events["goldstein"].where(~from_table), errors="coerce")
    events["goldstein"] = goldstein.where(~from_table, codes.map(table))
    events["date"] = events["date"].str.replace(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", regex=True)
    fips = events["location_fips"]
    iso3 = {f: (_countries().fips_to_iso3(f) or "") if f else "" for f in fips.unique()}
    events["location_country"] = fips.map(iso3)
    for column in ("lat", "lon", "avg_tone"):  # empty where GDELT has no value
        events[column] = pd.to_numeric(events[column], errors="coerce")
    events["reports"] = 1
    for column in NUMBER_COLUMNS:
        events[column] = events[column].astype(PARQUET_SCHEMA.field(column).type.to_pandas_dtype())
    stats = {
        "goldstein_from_table": int(from_table.sum()),
        "unmapped_codes": _code_counts(events, "unmapped"),
        "parent_mapped_codes": _code_counts(events, "parent"),
    }
    return events, stats


def _code_counts(events: pd.DataFrame, rule: str) -> dict[str, int]:
    counts = events.loc[events["plover_rule"] == rule, "cameo_code"].value_counts()
    return {str(code): int(n) for code, n in sorted(counts.items())}


def _places(events: pd.DataFrame) -> pd.Series:
    """The fold's place: feature id, else "lat,lon" to 2 decimals, else the location name."""
    has_spot = events["lat"].notna() & events["lon"].notna()
    spots = [f"{a:.2f},{b:.2f}" for a, b in zip(events["lat"], events["lon"], strict=True)]
    spot = pd.Series(spots, index=events.index, dtype=object).where(has_spot, "")
    feature = events["feature_id"].astype(object)
    place = feature.where(feature != "", spot)
    return place.where(place != "", events["location_name"].astype(object))


def fold_reports(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event (see FOLD_KEY in the module docstring), sorted by date then event_id."""
    place = _places(events)
    order = events.assign(place=place, number=events["event_id"].astype("int64"))
    order = order.sort_values("number", kind="stable")
    groups = order.groupby(list(FOLD_KEY), sort=False)
    totals = groups.agg(
        num_mentions=("num_mentions", "sum"),
        num_sources=("num_sources", "sum"),
        num_articles=("num_articles", "sum"),
        goldstein=("goldstein", "mean"),
        avg_tone=("avg_tone", "mean"),
        reports=("reports", "sum"),
    )
    folded = order.drop_duplicates(list(FOLD_KEY), keep="first").reset_index(drop=True)
    # groupby(sort=False) lists groups in order of first appearance, as drop_duplicates keeps them.
    for column in totals.columns:
        folded[column] = totals[column].to_numpy()
    folded = folded.sort_values(["date", "number"], kind="stable").reset_index(drop=True)
    return folded[PARQUET_SCHEMA.names]


def import_gdelt(
    out: Path,
    exports: Sequence[Path] = (),
    bigquery_results: Sequence[Path] = (),
    with_countries: Sequence[str] = (),
    command: str = "",
) -> dict:
    """Read every input, keep, map and fold its rows, write the Parquet and manifest; return it."""
    out = Path(out)
    inputs = [Path(p) for p in (*exports, *bigquery_results)]
    for path in inputs:
        if path.parent.resolve() == out.resolve():
            raise GdeltImportError(f"--out {out} is the folder of the input {path}; pick another")
    saved = (read_bigquery_result(path) for path in bigquery_results)
    batches, kept, dropped = [], [], {}
    for batch in itertools.chain(read_exports(exports), saved):
        rows, reasons = keep_pairs(batch.rows, with_countries)
        batch.rows = rows.iloc[:0]  # only the kept rows stay in memory
        batches.append(batch)
        kept.append(rows)
        dropped = {k: dropped.get(k, 0) + n for k, n in reasons.items()}
    every = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame(columns=list(NEEDED))
    events, stats = to_events(every)
    folded = fold_reports(events)
    manifest = build_manifest(batches, len(events), folded, dropped, stats, with_countries, command)
    write_outputs(out, folded, manifest)
    return manifest


def build_manifest(
    batches: list[Batch],
    rows_kept: int,
    folded: pd.DataFrame,
    dropped: dict[str, int],
    stats: dict,
    with_countries: Sequence[str],
    command: str,
) -> dict:
    """What was imported, from what, by which command, and what was dropped, folded or unmapped."""
    malformed = [p for batch in batches for p in batch.malformed][:MAX_MALFORMED_LISTED]
    inputs = [item for batch in batches for item in batch.inputs]
    totals = {
        "rows_read": sum(item["rows_read"] for item in inputs),
        "rows_malformed": sum(item["malformed"] for item in inputs),
        "rows_kept": rows_kept,
        "rows_folded": rows_kept - len(folded),
        "rows_dropped": sum(dropped.values()),
        "rows_dropped_by_reason": dropped,
        "events_written": len(folded),
        "goldstein_from_table": stats["goldstein_from_table"],
    }
    return {
        "format": FORMAT,
        "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tool": {"name": "four-capitals", "version": _version(), "command": command},
        "countries": list(COUNTRIES),
        "with_countries": sorted(set(with_countries)),
        "inputs": inputs,
        "totals": totals,
        "malformed_lines": malformed,
        "unmapped_codes": stats["unmapped_codes"],
        "parent_mapped_codes": stats["parent_mapped_codes"],
        "fold_key": [*FOLD_KEY[:-1], PLACE_RULE],
        "plover_mapping": {
            "file": plover.TABLE_PATH.name,
            "source": plover.SOURCE_URL,
            "commit": plover.SOURCE_COMMIT,
        },
    }


def _version() -> str:
    try:
        return metadata.version("four-capitals")
    except metadata.PackageNotFoundError:
        return "unknown"


def write_outputs(out: Path, events: pd.DataFrame, manifest: dict) -> tuple[Path, Path]:
    """Write the Parquet, then the manifest, each through a temporary file renamed into place."""
    out.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(events, schema=PARQUET_SCHEMA, preserve_index=False)
    events_path, manifest_path = out / GDELT_FILE, out / MANIFEST_FILE
    pq.write_table(table, out / f".{GDELT_FILE}.tmp")
    (out / f".{GDELT_FILE}.tmp").replace(events_path)
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (out / f".{MANIFEST_FILE}.tmp").write_text(text, encoding="utf-8")
    (out / f".{MANIFEST_FILE}.tmp").replace(manifest_path)
    return events_path, manifest_path
