"""Load a data folder: read every table, validate it, and prepare the events for filtering."""

import ctypes
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.core.cells import (
    Spans,
    cell_values,
    distinct,
    factorize,
    grouped,
    in_parallel,
    mapped,
    objects,
    ragged,
    split_cells,
    split_list,
    text_array,
)
from dashboard.core.countries import pair_key
from dashboard.core.files import ROW, file_problem, parquet_name, read_table
from dashboard.core.rules import event_days, event_spans
from dashboard.core.schema import Schema, load_schema
from dashboard.core.validation import column_problems, validate


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
    # One row per event and actor it involves (its actor_ids and countries): `row` is the
    # event's index label in `events`, `actor` an actor id or country code.
    links: pd.DataFrame = field(default_factory=lambda: _links([], [], []), repr=False)


def _hash_file(digest: "hashlib._Hash", path: Path) -> None:
    """Feed the file to the digest a megabyte at a time (a Parquet file may be large)."""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)


def data_version(folder: Path, schema: Schema | None = None) -> str:
    """Return a short content hash of the folder's data files: the dataset version in links."""
    schema = schema or load_schema()
    digest = hashlib.sha256()
    tables = sorted(schema.tables.values(), key=lambda t: t.file)
    for table in tables:
        path = Path(folder) / table.file
        digest.update(table.file.encode())
        if file_problem(folder, path) is None:  # a link out of the folder is not read
            _hash_file(digest, path)
        else:
            digest.update(b"<missing>")
    # Parquet files come last, so a folder of CSV files keeps the version it always had.
    for table in tables:
        path = Path(folder) / parquet_name(table)
        if os.path.lexists(path) and file_problem(folder, path) is None:
            digest.update(path.name.encode())
            _hash_file(digest, path)
    return digest.hexdigest()[:10]


def folder_fingerprint(folder: Path, schema: Schema | None = None) -> tuple:
    """Return a cheap key that changes when any data file changes (for caching the load)."""
    schema = schema or load_schema()
    stats = []
    for table in schema.tables.values():
        for name in (table.file, parquet_name(table)):
            path = Path(folder) / name
            st = path.stat() if path.is_file() else None
            stats.append((name, st.st_size, st.st_mtime_ns) if st else (name,))
    return (str(Path(folder).resolve()), tuple(stats))


def _sort_order(first: np.ndarray, ids: pd.Series) -> np.ndarray | None:
    """Positions that sort by first day, then id (stably); None when already in that order."""
    text = text_array(ids)
    ahead = text.slice(0, max(len(text) - 1, 0))
    ascending = pc.less_equal(ahead, text.slice(1)).to_numpy(zero_copy_only=False)
    if np.all((first[1:] > first[:-1]) | ((first[1:] == first[:-1]) & ascending)):
        return None
    keys = pd.DataFrame({"first": first, "id": ids.to_numpy()})
    return keys.sort_values(["first", "id"], kind="stable").index.to_numpy()


def _sorted_text(
    events: pd.DataFrame, days: Spans | None
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The text table in load order (first day, then id) and each event's first and last day."""
    first, last = days or event_days(events)
    order = _sort_order(first, events["id"])
    text = events.drop(columns=[ROW])
    if order is not None:
        text, first, last = text.take(order), first[order], last[order]
    return text.reset_index(drop=True), first, last


def _number(cells: pd.Series, kind: type) -> pd.Series:
    """cells.astype(kind), parsed by Arrow when it can (the same numbers, far faster)."""
    try:
        arrow = pa.int64() if kind is int else pa.float64()
        return pd.Series(pc.cast(text_array(cells), arrow).to_numpy(), index=cells.index)
    except pa.ArrowInvalid:  # e.g. blanks around a number, which Python accepts
        return cells.astype(kind)


def _lists(cells: pd.Series, *lookups: dict[str, str]) -> list[np.ndarray]:
    """Each cell as the tuple of its values, then as tuples of lookup[value] for each lookup."""
    # Built once per distinct cell and shared by its rows; one Python string per distinct value.
    codes, uniques = distinct(cells)
    offsets, values = split_cells(uniques)
    value_codes, names = distinct(values)
    names = names.to_pylist()
    found = [names] + [[lookup[v] for v in names] for lookup in lookups]
    return [grouped(offsets, objects(flat)[value_codes])[codes] for flat in found]


# search_text is built this many rows at a time, so its scratch copies stay small.
SEARCH_CHUNK = 1 << 17


def _casefold(text: pa.Array) -> pa.Array:
    """str.casefold() of each value: Arrow lowers ASCII text, Python folds the rest."""
    other = pc.invert(pc.string_is_ascii(text))
    if not pc.any(other).as_py():
        return pc.ascii_lower(text)
    folded = [t.casefold() for t in text.filter(other).to_pylist()]
    return pc.replace_with_mask(pc.ascii_lower(text), other, pa.array(folded, pa.large_string()))


def _search_text(events: pd.DataFrame, actors: pd.DataFrame) -> pd.Series:
    """Title, summary, and each person's name and aliases, case-folded, for the `q` filter."""
    names = {
        rec["id"]: " ".join([rec["name"], *split_list(rec["aliases"])])
        for rec in actors.to_dict("records")
    }
    codes, uniques = distinct(events["people"])
    offsets, people = split_cells(uniques)
    named = objects([f" {names.get(p, p)}" for p in people.to_pylist()])
    extra = pa.array(grouped(offsets, named, "".join), pa.large_string()).take(pa.array(codes))
    title, summary = text_array(events["title"]), text_array(events["summary"])
    space, nothing = (pa.scalar(t, pa.large_string()) for t in (" ", ""))
    chunks = []
    for start in range(0, len(events), SEARCH_CHUNK):
        title_, summary_, extra_ = (p.slice(start, SEARCH_CHUNK) for p in (title, summary, extra))
        joined = pc.binary_join_element_wise(title_, space, summary_, extra_, nothing)
        chunks.append(_casefold(joined))
    return pd.Series(pa.chunked_array(chunks, pa.large_string()), index=events.index, dtype=str)


def _links(rows: np.ndarray | list, members: np.ndarray | list, actors: list) -> pd.DataFrame:
    """The links frame: event row labels, and Categorical actors coded into `actors`."""
    codes = np.asarray(members, dtype=np.int64)
    actor = pd.Categorical.from_codes(codes, pd.Index(actors, dtype=str))
    return pd.DataFrame({"row": np.asarray(rows, dtype=np.int64), "actor": actor}, copy=False)


INVOLVEMENT = ("source_actor", "target_actor", "other_actors", "people")


def _members(combos: list[tuple]) -> tuple[np.ndarray, pa.Array]:
    """Which involvement each actor id belongs to, and the ids, grouped by involvement."""
    source, target, others, people = (
        pa.array([combo[i] for combo in combos], pa.large_string()) for i in range(4)
    )
    other_values, other_at = cell_values(others, is_list=True)
    people_values, people_at = cell_values(people, is_list=True)
    everyone = np.arange(len(combos))
    owner = np.concatenate([everyone, everyone, other_at, people_at])
    order = np.argsort(owner, kind="stable")
    ids = pa.concat_arrays([source, target, other_values, people_values]).take(pa.array(order))
    return owner[order], ids


def _country_sets(offsets: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Each involvement's set of (non-empty) countries; equal sets are one shared object."""
    shared: dict[frozenset, frozenset] = {}

    def country_set(codes: tuple[str, ...]) -> frozenset:
        found = frozenset(codes) - {""}
        return shared.setdefault(found, found)

    return grouped(offsets, places, country_set)


def _involvement(
    text: pd.DataFrame, country: dict[str, str]
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """actor_ids, countries and links of the events, built once per distinct involvement."""
    # An involvement is a source, target, other actors and people: far fewer than events.
    codes, combos = factorize(*(text[c] for c in INVOLVEMENT))
    owner, ids = _members(combos)
    id_codes, names = distinct(ids)  # one Python string per actor, shared by every set
    names = names.to_pylist()
    places = [country.get(a) or "" for a in names]
    offsets = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=len(combos)))])
    actor_ids = grouped(offsets, objects(names)[id_codes], frozenset)
    countries = _country_sets(offsets, objects(places)[id_codes])
    links = _combo_links(codes, owner, id_codes, names, places)
    return actor_ids[codes], countries[codes], links


def _combo_links(
    codes: np.ndarray, owner: np.ndarray, id_codes: np.ndarray, names: list[str], places: list[str]
) -> pd.DataFrame:
    """Links from each combination's actors and their countries, repeated for its events."""
    actors = sorted({*names, *places} - {""})
    position = {a: i for i, a in enumerate(actors)}
    as_actor = np.array([position[n] for n in names], dtype=np.int64)
    as_place = np.array([position.get(p, -1) for p in places], dtype=np.int64)
    member = np.concatenate([as_actor[id_codes], as_place[id_codes]])
    owners = np.concatenate([owner, owner])[member >= 0]
    key = np.sort(owners * len(actors) + member[member >= 0])  # by owner, then actor
    key = key[np.append(True, key[1:] != key[:-1])[: len(key)]]  # each pair once
    member_owner, member = np.divmod(key, max(len(actors), 1))
    sizes = np.bincount(member_owner, minlength=int(codes.max()) + 1 if len(codes) else 0)
    event, item = ragged((np.cumsum(sizes) - sizes)[codes], sizes[codes])
    return _links(event, member[item], actors)


def _pairs(source: pd.Series, target: pd.Series) -> pd.Categorical:
    """The pair key of each event's source and target country, as a categorical."""
    codes, combos = factorize(source, target)
    named = pd.Categorical([pair_key(*combo) for combo in combos])
    return pd.Categorical.from_codes(named.codes[codes], named.categories)


def _prepare(
    events: pd.DataFrame,
    actors: pd.DataFrame,
    sources: pd.DataFrame,
    schema: Schema,
    days: Spans | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Type the validated text table, add the columns filters and views use, and return the
    prepared events with their links (`days`: their event_days)."""
    text, first, last = _sorted_text(events, days)
    out = text.copy(deep=False)
    for column in schema.tables["events"].columns:
        if column.is_list and column.name != "source_ids":
            (out[column.name],) = _lists(text[column.name])
    url = dict(zip(sources["id"].tolist(), sources["url"].tolist(), strict=True))
    out["source_ids"], urls = _lists(text["source_ids"], url)
    out["intensity"] = _number(out["intensity"], int)
    out["latitude"] = _number(out["latitude"], float)
    out["longitude"] = _number(out["longitude"], float)
    out["key"] = out["key"] == "true"
    out["quad_class"] = mapped(out["event_type"], schema.vocabularies["event_type"])
    country = dict(zip(actors["id"].tolist(), actors["country"].tolist(), strict=True))
    out["source_country"] = mapped(out["source_actor"], country)
    out["target_country"] = mapped(out["target_actor"], country)
    out["span_start"] = first.astype("datetime64[s]")
    out["span_end"] = last.astype("datetime64[s]")
    out["actor_ids"], out["countries"], links = _involvement(text, country)
    out["search_text"] = _search_text(text, actors)
    out["source_urls"] = urls
    out["pair"] = _pairs(out["source_country"], out["target_country"])
    return out, links


def _trim_heap() -> None:
    """Hand the C heap's freed memory back to the OS (glibc's malloc_trim; elsewhere nothing)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc (macOS, musl) or not POSIX
        pass


@contextmanager
def _system_memory() -> Iterator[None]:
    """Let Arrow allocate from the C heap during a load, then hand its scratch memory back."""
    # At a million events mimalloc (Arrow's default allocator) and the C heap would otherwise
    # keep some 350 MB of the load's freed scratch memory from the OS.
    before = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(before)
        _trim_heap()


def _read_tables(folder: Path, schema: Schema) -> tuple[dict[str, pd.DataFrame], list[str], Schema]:
    """Every table as text, the file problems, and the schema naming each table's file read."""
    # A table read from Parquet is named by it in problems: "events.parquet row 3, ...".
    jobs = (partial(read_table, folder, table) for table in schema.tables.values())
    read = dict(zip(schema.tables, in_parallel(*jobs), strict=True))  # CSVs beside the Parquet
    problems = [p for t in read.values() for p in t.problems]
    named = replace(
        schema,
        tables={k: replace(t, file=read[k].file or t.file) for k, t in schema.tables.items()},
    )
    # Cross-table rules would only echo a broken file; check the readable tables alone.
    if problems:
        problems += [
            p
            for name, table in named.tables.items()
            if not read[name].problems
            for p in column_problems(read[name].frame, table, named)
        ]
    return {name: t.frame for name, t in read.items()}, problems, named


def _load(folder: Path, schema: Schema) -> Dataset:
    """load_dataset of an existing folder."""
    tables, problems, named = _read_tables(folder, schema)
    spans = None
    if not problems:
        spans = event_spans(tables["events"])  # read once: for the rules and the prepared days
        problems = validate(tables, named, spans)
    version = data_version(folder, schema)
    actors, sources = tables["actors"], tables["sources"]
    if problems:
        return Dataset(folder, version, tuple(problems), pd.DataFrame(), actors, sources, tables)
    events = tables["events"]
    _trim_heap()  # validation's scratch memory: back to the OS before preparing
    prepared, links = _prepare(events, actors, sources, schema, event_days(events, spans))
    tables["events"] = events[["id", ROW]]  # the prepared events hold every other column
    return Dataset(folder, version, (), prepared, actors, sources, tables, links)


def load_dataset(folder: Path, schema: Schema | None = None) -> Dataset:
    """Read and validate every table of `folder`; report all problems at once, never raise."""
    schema = schema or load_schema()
    folder = Path(folder)
    if not folder.is_dir():
        problems = (f"{folder}: the data folder does not exist.",)
        return Dataset(folder, "", problems, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), {})
    with _system_memory():
        return _load(folder, schema)
