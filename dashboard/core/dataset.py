"""Load a data folder: read every table, validate it, and prepare the events for filtering."""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.core.dates import parse_event_date
from dashboard.core.files import ROW, read_table
from dashboard.core.schema import Schema, load_schema
from dashboard.core.validation import column_problems, split_list, validate

BUNDLED_DATA = Path(__file__).resolve().parents[2] / "data"
DATA_ENV = "FOUR_CAPITALS_DATA"


@dataclass(frozen=True)
class Dataset:
    """A loaded data folder. `events` is empty whenever `problems` is not."""

    folder: Path
    version: str
    problems: tuple[str, ...]
    events: pd.DataFrame
    actors: pd.DataFrame
    sources: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(repr=False)


def resolve_data_dir(argv: Sequence[str], environ: Mapping[str, str]) -> Path:
    """Pick the data folder: `--data DIR` in argv, else $FOUR_CAPITALS_DATA, else bundled data/."""
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--data" and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--data="):
            return Path(arg.split("=", 1)[1])
    if environ.get(DATA_ENV):
        return Path(environ[DATA_ENV])
    return BUNDLED_DATA


def data_version(folder: Path, schema: Schema | None = None) -> str:
    """Return a short content hash of the folder's data files: the dataset version in links."""
    schema = schema or load_schema()
    digest = hashlib.sha256()
    for table in sorted(schema.tables.values(), key=lambda t: t.file):
        path = Path(folder) / table.file
        digest.update(table.file.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()[:10]


def folder_fingerprint(folder: Path, schema: Schema | None = None) -> tuple:
    """Return a cheap key that changes when any data file changes (for caching the load)."""
    schema = schema or load_schema()
    stats = []
    for table in schema.tables.values():
        path = Path(folder) / table.file
        st = path.stat() if path.is_file() else None
        stats.append((table.file, st.st_size, st.st_mtime_ns) if st else (table.file,))
    return (str(Path(folder).resolve()), tuple(stats))


def _as_tuples(series: pd.Series) -> pd.Series:
    return series.map(lambda cell: tuple(split_list(cell)))


def _search_text(events: pd.DataFrame, actors: pd.DataFrame) -> pd.Series:
    """Title, summary, and each person's name and aliases, case-folded, for the `q` filter."""
    names = {
        rec["id"]: " ".join([rec["name"], *split_list(rec["aliases"])])
        for rec in actors.to_dict("records")
    }
    parts = zip(events["title"], events["summary"], events["people"], strict=True)
    return pd.Series(
        [
            " ".join([title, summary, *(names.get(p, p) for p in people)]).casefold()
            for title, summary, people in parts
        ],
        index=events.index,
    )


def prepare_events(
    events: pd.DataFrame, actors: pd.DataFrame, sources: pd.DataFrame, schema: Schema
) -> pd.DataFrame:
    """Type the validated text table and add the columns filters and views use."""
    out = events.drop(columns=[ROW]).copy()
    for column in schema.tables["events"].columns:
        if column.is_list:
            out[column.name] = _as_tuples(out[column.name])
    out["intensity"] = out["intensity"].astype(int)
    out["latitude"] = out["latitude"].astype(float)
    out["longitude"] = out["longitude"].astype(float)
    out["key"] = out["key"] == "true"
    out["quad_class"] = out["event_type"].map(schema.quad_of)
    country = dict(zip(actors["id"], actors["country"], strict=True))
    out["source_country"] = out["source_actor"].map(country)
    out["target_country"] = out["target_actor"].map(country)
    spans = [
        (
            parse_event_date(d, p)[0],
            parse_event_date(e or d, p)[1],
        )
        for d, e, p in zip(out["date"], out["end_date"], out["date_precision"], strict=True)
    ]
    out["span_start"] = pd.to_datetime([s for s, _ in spans])
    out["span_end"] = pd.to_datetime([e for _, e in spans])
    involved = [
        frozenset((src, tgt, *others, *people))
        for src, tgt, others, people in zip(
            out["source_actor"],
            out["target_actor"],
            out["other_actors"],
            out["people"],
            strict=True,
        )
    ]
    out["actor_ids"] = involved
    out["countries"] = [frozenset(country[a] for a in ids if country.get(a)) for ids in involved]
    out["search_text"] = _search_text(out, actors)
    url = dict(zip(sources["id"], sources["url"], strict=True))
    out["source_urls"] = out["source_ids"].map(lambda ids: tuple(url[i] for i in ids))
    return out.sort_values(["span_start", "id"], kind="stable").reset_index(drop=True)


def load_dataset(folder: Path, schema: Schema | None = None) -> Dataset:
    """Read and validate every table of `folder`; report all problems at once, never raise."""
    schema = schema or load_schema()
    folder = Path(folder)
    if not folder.is_dir():
        problems = (f"{folder}: the data folder does not exist.",)
        return Dataset(folder, "", problems, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), {})
    read = {name: read_table(folder, table) for name, table in schema.tables.items()}
    tables = {name: t.frame for name, t in read.items()}
    problems = [p for t in read.values() for p in t.problems]
    if problems:
        # Cross-table rules would only echo a broken file; check the readable tables alone.
        problems += [
            p
            for name, table in schema.tables.items()
            if not read[name].problems
            for p in column_problems(tables[name], table, schema)
        ]
    else:
        problems = validate(tables, schema)
    version = data_version(folder, schema)
    if problems:
        empty = pd.DataFrame()
        return Dataset(
            folder, version, tuple(problems), empty, tables["actors"], tables["sources"], tables
        )
    events = prepare_events(tables["events"], tables["actors"], tables["sources"], schema)
    return Dataset(folder, version, (), events, tables["actors"], tables["sources"], tables)
