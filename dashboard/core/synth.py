"""Write a valid data folder of synthetic events, any size, for speed tests (never real events)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.core.countries import COUNTRIES as FOUR
from dashboard.core.files import parquet_name
from dashboard.core.schema import Schema, load_schema

COUNTRIES = (*FOUR, "SUN")  # actor codes; SUN stands for RUS before 1992
_NAMES = ("South Korea", "North Korea", "Russia", "Ukraine", "Soviet Union")
_CAPITALS = ("Seoul", 37.57, 126.98), ("Pyongyang", 39.04, 125.76), ("Moscow", 55.76, 37.62)
_CAPITALS += ("Kyiv", 50.45, 30.52), ("Moscow", 55.76, 37.62)
RUS, SUN, SUN_END = 2, 4, np.datetime64("1991-12-26")
# RUS-UKR, PRK-RUS, KOR-PRK, KOR-RUS, PRK-UKR, KOR-UKR, as indices into COUNTRIES.
PAIRS = np.array([(2, 3), (1, 2), (0, 1), (0, 2), (1, 3), (0, 3)])
# Where dates cluster: (centre, spread in days, share of events, pair shares in PAIRS order).
_BURSTS = (
    ("2014-03-01", 20, 0.08, (0.85, 0.03, 0.03, 0.03, 0.03, 0.03)),
    ("2022-02-24", 30, 0.14, (0.80, 0.04, 0.02, 0.08, 0.02, 0.04)),
    ("2024-06-19", 12, 0.07, (0.10, 0.70, 0.08, 0.08, 0.02, 0.02)),
    ("2024-10-31", 30, 0.09, (0.15, 0.35, 0.15, 0.05, 0.22, 0.08)),
)
_BACKGROUND = (0.32, 0.24, 0.18, 0.12, 0.08, 0.06)
# Before 1992 Ukraine is not a state: its pairs become the nearest others (RUS-UKR: PRK-RUS).
_SOVIET_PAIR = np.array([1, 1, 2, 3, 2, 3])
FIRST_DAY, LAST_DAY, LAST_YEAR = np.datetime64("1948-01-01"), np.datetime64("2025-12-31"), 2025
# Chance of each quad class (verbal/material cooperation, verbal/material conflict) by mood.
_QUADS = np.array([[0.08, 0.04, 0.38, 0.50], [0.45, 0.35, 0.12, 0.08], [0.15, 0.05, 0.50, 0.30]])
_MOOD = np.array([0, 1, 2, 2, 2, 2])  # RUS-UKR hostile, PRK-RUS friendly, the other pairs tense
_INTENSITY = np.array([(1, 6), (4, 10), (-6, -1), (-10, -3)])  # per quad class, inclusive
_ORGS = ("UN", "UNSC", "IAEA", "NATO", "EU", "OSCE", "ICRC", "ASEAN", "CSTO", "ICC")
_TOWNS = (  # (town, country, latitude, longitude): locations are sites scattered around these
    ("Seoul", 0, 37.57, 126.98), ("Busan", 0, 35.18, 129.08), ("Panmunjom", 0, 37.96, 126.68),
    ("Pyongyang", 1, 39.04, 125.76), ("Wonsan", 1, 39.15, 127.44), ("Rason", 1, 42.25, 130.3),
    ("Moscow", 2, 55.76, 37.62), ("Vladivostok", 2, 43.12, 131.89), ("Kursk", 2, 51.73, 36.19),
    ("Kyiv", 3, 50.45, 30.52), ("Kharkiv", 3, 49.99, 36.23), ("Odesa", 3, 46.48, 30.72),
    ("Donetsk", 3, 48.02, 37.8), ("Zaporizhzhia", 3, 47.84, 35.14), ("Lviv", 3, 49.84, 24.03),
)  # fmt: skip
SITES = 25  # per town
_VERBS = {  # how a title says each event type
    "AGREE": "agrees with", "CONSULT": "holds talks with", "SUPPORT": "backs",
    "CONCEDE": "concedes to", "COOPERATE": "works with", "AID": "sends aid to",
    "RETREAT": "pulls back from", "INVESTIGATE": "investigates", "DEMAND": "presses",
    "DISAPPROVE": "criticises", "REJECT": "rebuffs", "THREATEN": "threatens",
    "SANCTION": "sanctions", "PROTEST": "protests against", "CRIME": "is accused by",
    "MOBILIZE": "mobilises against", "COERCE": "coerces", "ASSAULT": "strikes", "FIGHT": "fights",
}  # fmt: skip
COHORT_FIRST, COHORTS = 1944, 41  # a cohort of people starts every 2 years and serves 8
_GIVEN = ("min", "ivan", "olha", "jun", "sergei", "yulia", "chol", "anna", "taras", "seo")
_FAMILY = ("kim", "petrov", "kovalenko", "park", "ri", "sokolova", "lee", "shevchenko", "choe")
SOURCE_BLOCK = 20  # consecutive events that share their first source
ACCESSED = "2026-01-15"


def _take(values: list | tuple | np.ndarray, idx: np.ndarray) -> pa.Array:
    """values[idx] as an Arrow array, without building a Python object per row."""
    return pc.take(pa.array(values), pa.array(idx))


def _text(values: np.ndarray | pd.Series | pa.Array) -> pa.Array:
    """The values as an Arrow string array (numbers written as Arrow writes them)."""
    return pc.cast(values if isinstance(values, pa.Array) else pa.array(values), pa.string())


def _join(*parts: object, sep: str = "") -> pa.Array:
    """Join strings and arrays row by row (null if any part is null)."""
    parts = [p if isinstance(p, str) else _text(p) for p in parts]
    return pc.binary_join_element_wise(*parts, sep)


def _list(*parts: pa.Array) -> pa.Array:
    """Join the non-null parts of each row with '|' ('' when none); Arrow's skip mode drops rows."""
    cell = parts[0]
    for part in parts[1:]:
        cell = pc.coalesce(_join(cell, part, sep="|"), cell, part)
    return pc.fill_null(cell, "")


def _when(mask: np.ndarray, value: object, otherwise: object = None) -> pa.Array:
    return pc.if_else(pa.array(mask), value, otherwise)


def _pick(rng: np.random.Generator, shares: np.ndarray) -> np.ndarray:
    """One category per row of `shares` (rows sum to 1), by inverse CDF."""
    cum = np.cumsum(shares, axis=1)
    return (rng.random(len(shares))[:, None] > cum[:, :-1]).sum(axis=1)


def _days_and_pairs(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Event days (bursts around key dates; recent years more often) and their pair index."""
    part = rng.choice(5, size=n, p=[1 - sum(b[2] for b in _BURSTS), *(b[2] for b in _BURSTS)])
    span = (LAST_DAY - FIRST_DAY).astype(int)
    days = FIRST_DAY + (rng.power(4, n) * span).astype(int)
    for i, (centre, spread, _, _) in enumerate(_BURSTS, start=1):
        mine = part == i
        days[mine] = np.datetime64(centre) + np.rint(rng.normal(0, spread, mine.sum())).astype(int)
    shares = np.array([_BACKGROUND, *(b[3] for b in _BURSTS)])[part]
    days, pair = np.clip(days, FIRST_DAY, LAST_DAY), _pick(rng, shares)
    return days, np.where(days < SUN_END, _SOVIET_PAIR[pair], pair)


def _people(per_cohort: int) -> pd.DataFrame:
    """People of each of the four countries, per_cohort of them starting every other year."""
    idx = np.arange(4 * COHORTS * per_cohort)
    given, family = np.array(_GIVEN)[idx % 10], np.array(_FAMILY)[idx // 10 % 9]
    names = _join(pc.utf8_capitalize(_text(given)), pc.utf8_capitalize(_text(family)), sep=" ")
    return pd.DataFrame(
        {
            "id": _join(_text(given), _text(family), _text(idx + 1), sep="-"),
            "name": names,
            "country": idx // (COHORTS * per_cohort),
            "start": COHORT_FIRST + 2 * (idx // per_cohort % COHORTS),
        }
    )


def _actors(people: pd.DataFrame) -> pd.DataFrame:
    countries = pd.DataFrame({"id": COUNTRIES, "actor_type": "country", "name": _NAMES})
    countries["country"] = [*COUNTRIES[:4], "RUS"]
    countries["capital"] = [c[0] for c in _CAPITALS]
    countries["latitude"] = [f"{c[1]:.2f}" for c in _CAPITALS]
    countries["longitude"] = [f"{c[2]:.2f}" for c in _CAPITALS]
    orgs = pd.DataFrame({"id": _ORGS, "actor_type": "organisation", "name": _ORGS})
    persons = people[["id", "name"]].assign(actor_type="person", notes="Synthetic person.")
    persons["country"] = np.array(COUNTRIES)[people["country"]]
    return pd.concat([countries, orgs, persons], ignore_index=True)


def _roles(people: pd.DataFrame) -> pd.DataFrame:
    """Two terms per person: years start to start+3, start+4 to start+7 (open if still serving)."""
    start = people["start"].to_numpy()
    office = _text(np.array(_NAMES)[people["country"]])
    first = pd.DataFrame({"actor_id": people["id"], "start_date": _text(start)})
    first["end_date"] = _join(_text(start + 3), "12-31", sep="-")
    first["role"] = _join("Synthetic deputy minister of", office, sep=" ")
    second = pd.DataFrame({"actor_id": people["id"]})
    second["start_date"] = _join(_text(start + 4), "01", sep="-")
    second["end_date"] = _when(start + 7 >= LAST_YEAR, "", _text(start + 7))
    second["role"] = _join("Synthetic minister of", office, sep=" ")
    return pd.concat([first, second]).sort_index(kind="stable").reset_index(drop=True)


def _timeline(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Days, precision and pair of each event, in the order the loader sorts them."""
    days, pair = _days_and_pairs(rng, n)
    month = rng.random(n) < 0.15
    start = np.where(month, days.astype("datetime64[M]").astype("datetime64[D]"), days)
    order = np.argsort(start, kind="stable")
    return {"day": days[order], "month": month[order], "start": start[order], "pair": pair[order]}


def _dates(rng: np.random.Generator, t: dict[str, np.ndarray]) -> dict[str, pa.Array]:
    """date, end_date (one event in ten lasts longer) and date_precision."""
    n, month = len(t["day"]), t["month"]
    day_text = _text(pa.array(t["day"]))
    end_day = np.minimum(t["day"] + rng.integers(1, 15, n), LAST_DAY)
    months = t["day"].astype("datetime64[M]") + rng.integers(1, 4, n)
    end_month = np.minimum(months, LAST_DAY.astype("datetime64[M]"))
    end_text = _when(month, _text(end_month.astype(str)), _text(pa.array(end_day)))
    return {
        "date": _when(month, pc.utf8_slice_codeunits(day_text, 0, 7), day_text),
        "end_date": _when(rng.random(n) < 0.1, end_text, ""),
        "date_precision": _when(month, "month", "day"),
    }


def _sides(rng: np.random.Generator, t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Source and target country (0-3) and actor (0-4: the USSR acts for Russia before 1992)."""
    swap = rng.random(len(t["pair"])) < 0.5
    first, second = PAIRS[t["pair"], 0], PAIRS[t["pair"], 1]
    src, tgt = np.where(swap, second, first), np.where(swap, first, second)
    soviet = t["start"] < SUN_END
    return {
        "src": src,
        "tgt": tgt,
        "src_actor": np.where(soviet & (src == RUS), SUN, src),
        "tgt_actor": np.where(soviet & (tgt == RUS), SUN, tgt),
    }


def _kinds(rng: np.random.Generator, pair: np.ndarray, schema: Schema) -> dict[str, np.ndarray]:
    """Event type and quad class (indices in schema order), and an intensity that suits them."""
    by_quad = list(schema.types_by_quad().values())
    counts = np.array([len(types) for types in by_quad])
    offsets = np.cumsum(counts) - counts
    quad = _pick(rng, _QUADS[_MOOD[pair]])
    kind = offsets[quad] + (rng.random(len(pair)) * counts[quad]).astype(int)
    low, high = _INTENSITY[quad, 0], _INTENSITY[quad, 1]
    return {"type": kind, "quad": quad, "intensity": rng.integers(low, high + 1)}


def _places() -> pd.DataFrame:
    """Sites scattered around each town: name, country and coordinates as text."""
    town = np.repeat(np.arange(len(_TOWNS)), SITES)
    site = np.tile(np.arange(1, SITES + 1), len(_TOWNS))
    angle, radius = site * 2.4, 0.02 * site  # a spiral: stable and distinct for every site
    lat = np.array([t[2] for t in _TOWNS])[town] + radius * np.sin(angle)
    lon = np.array([t[3] for t in _TOWNS])[town] + radius * np.cos(angle)
    return pd.DataFrame(
        {
            "name": _join(_take([t[0] for t in _TOWNS], town), "area", _text(site), sep=" "),
            "country": np.array([t[1] for t in _TOWNS])[town],
            "latitude": [f"{x:.2f}" for x in lat],  # a few hundred sites: Python is fine here
            "longitude": [f"{x:.2f}" for x in lon],
        }
    )


def _locations(rng: np.random.Generator, sides: dict, kinds: dict) -> dict[str, pa.Array]:
    """A site in the target's country (or the source's); Russia's strikes land in Ukraine."""
    n, places = len(sides["src"]), _places()
    country = np.where(rng.random(n) < 0.6, sides["tgt"], sides["src"])
    country = np.where(
        (kinds["quad"] == 3) & (sides["src"] == RUS) & (sides["tgt"] == 3), 3, country
    )
    first = places.groupby("country").cumcount().eq(0).to_numpy().nonzero()[0]
    sizes = np.diff([*first, len(places)])
    site = first[country] + (rng.random(n) * sizes[country]).astype(int)
    return {
        c: pc.take(pa.array(places[c]), pa.array(site)) for c in ("name", "latitude", "longitude")
    }


def _involved(rng: np.random.Generator, t: dict, sides: dict, people: pd.DataFrame) -> dict:
    """people (a serving official of the source, sometimes also of the target) and other_actors."""
    n, per_cohort = len(t["start"]), len(people) // (4 * COHORTS)
    year = t["start"].astype("datetime64[Y]").astype(int) + 1970
    ids = pa.array(people["id"])

    def official(country: np.ndarray) -> pa.Array:
        # A cohort starting 0 to 7 years before the event's year is serving on its day.
        cohort = np.clip((year - COHORT_FIRST) // 2 - rng.integers(0, 4, n), 0, COHORTS - 1)
        person = (country * COHORTS + cohort) * per_cohort + rng.integers(0, per_cohort, n)
        return pc.take(ids, pa.array(person))

    draw = rng.random(n)
    first, second = (
        _when(draw < 0.35, official(sides["src"])),
        _when(draw < 0.1, official(sides["tgt"])),
    )
    org = rng.integers(0, len(_ORGS), n)
    other = (org + rng.integers(1, len(_ORGS), n)) % len(_ORGS)
    draw = rng.random(n)
    orgs = _when(draw < 0.12, _take(_ORGS, org)), _when(draw < 0.03, _take(_ORGS, other))
    return {"people": _list(first, second), "other_actors": _list(*orgs)}


def _source_ids(rng: np.random.Generator, n: int) -> pa.Array:
    """A first source shared by a block of events in date order; some cite one or two more."""
    first, count = np.arange(n) // SOURCE_BLOCK, -(-n // SOURCE_BLOCK)
    draw = rng.random(n)
    second = _when(draw < 0.30, _text((first + rng.integers(1, 50, n)) % count))
    third = _when(draw < 0.05, _text((first + rng.integers(50, 100, n)) % count))
    return _list(
        *(_join("synthetic-source", part, sep="-") for part in (_text(first), second, third))
    )


def _sources(starts: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Obviously synthetic pages, published on the day their block of events starts."""
    count = len(starts)
    number = _text(np.arange(count))
    day = _text(pa.array(starts))
    draw = rng.random(count)
    published = _when(draw < 0.9, day, _when(draw < 0.97, pc.utf8_slice_codeunits(day, 0, 7), ""))
    return pd.DataFrame(
        {
            "id": _join("synthetic-source", number, sep="-"),
            "publisher": "Synthetic data",
            "title": _join("Synthetic source", number, sep=" "),
            "url": _join("https://synthetic.invalid/", number),
            "published_date": published,
            "accessed_date": ACCESSED,
        }
    )


def _labels(sides: dict, kinds: dict, place: dict, ids: pa.Array, schema: Schema) -> dict:
    """The columns that name things: actors, type, title, summary and place."""
    types = [t for quad in schema.types_by_quad().values() for t in quad]
    title = _join(
        _take(_NAMES, sides["src_actor"]),
        _take([_VERBS[t] for t in types], kinds["type"]),
        _take(_NAMES, sides["tgt_actor"]),
        sep=" ",
    )
    return {
        "source_actor": _take(COUNTRIES, sides["src_actor"]),
        "target_actor": _take(COUNTRIES, sides["tgt_actor"]),
        "event_type": _take(types, kinds["type"]),
        "title": title,
        "summary": _join("Synthetic event ", ids, ": ", title, " near ", place["name"], "."),
        "location_name": place["name"],
        "latitude": place["latitude"],
        "longitude": place["longitude"],
    }


def _events(rng: np.random.Generator, t: dict, people: pd.DataFrame, schema: Schema) -> dict:
    """Every column of events, as Arrow text, for the sorted timeline `t`."""
    n = len(t["day"])
    sides, kinds = _sides(rng, t), _kinds(rng, t["pair"], schema)
    place = _locations(rng, sides, kinds)
    ids = _join("synthetic", pc.utf8_lpad(_text(np.arange(1, n + 1)), len(str(n)), "0"), sep="-")
    quads = _take(list(schema.vocabularies["quad_class"]), kinds["quad"])
    status = rng.choice(3, n, p=[0.8, 0.12, 0.08])  # in the schema's order: confirmed first
    draw = rng.random((4, n))
    return (
        _dates(rng, t)
        | _involved(rng, t, sides, people)
        | _labels(sides, kinds, place, ids, schema)
        | {
            "id": ids,
            "quad_class": _when(draw[0] < 0.5, quads, ""),
            "intensity": _text(kinds["intensity"]),
            "status": _take(list(schema.vocabularies["status"]), status),
            "claimed_by": _when(status > 0, _take(COUNTRIES, sides["tgt_actor"]), ""),
            "key": _when(draw[1] < 0.003, "true", "false"),
            "source_ids": _source_ids(rng, n),
            "notes": _when(draw[2] < 0.05, "Synthetic note: the day is approximate.", ""),
            "former_ids": _when(draw[3] < 0.002, _join(ids, "draft", sep="-"), ""),
            # Synthetic events follow no kind of act and claim no other event.
            "kind": pa.repeat(pa.scalar(""), len(ids)),
            "claim_of": pa.repeat(pa.scalar(""), len(ids)),
        }
    )


def _corrections(rng: np.random.Generator, events: dict) -> pd.DataFrame:
    """One intensity correction per 10 000 events, citing the event's first source."""
    n = len(events["id"])
    picked = np.sort(rng.choice(n, min(n, max(1, n // 10_000)), replace=False))
    intensity = pc.cast(events["intensity"], pa.int64()).to_numpy()[picked]
    return pd.DataFrame(
        {
            "event_id": pc.take(events["id"], pa.array(picked)),
            "correction_date": ACCESSED,
            "field": "intensity",
            "old_value": _text(np.where(intensity > -10, intensity - 1, intensity + 1)),
            "new_value": _text(intensity),
            "reason": "Synthetic correction: the intensity was revised.",
            "source_id": _join("synthetic-source", _text(picked // SOURCE_BLOCK), sep="-"),
        }
    )


def write_synthetic_folder(out: Path, events: int, seed: int = 0) -> Path:
    """Write a valid data folder of `events` synthetic events (events.parquet); return it."""
    schema, out = load_schema(), Path(out)
    stale = out / schema.tables["events"].file
    if stale.exists():
        raise FileExistsError(
            f"{stale} exists; synth writes events.parquet, and a data folder holds only one"
            " of the two: choose another folder"
        )
    rng = np.random.default_rng(seed)
    people = _people(int(np.clip(events // 5000, 2, 20)))
    t = _timeline(rng, events)
    columns = _events(rng, t, people, schema)
    tables = {
        "actors": _actors(people),
        "roles": _roles(people),
        "sources": _sources(t["start"][::SOURCE_BLOCK], rng),
        "corrections": _corrections(rng, columns) if events else pd.DataFrame(),
        "kinds": pd.DataFrame(),  # an empty table: no synthetic event names a kind
    }
    out.mkdir(parents=True, exist_ok=True)
    names = [c.name for c in schema.tables["events"].columns]
    arrow = pa.table({c: pc.cast(columns[c], pa.string()) for c in names})
    pq.write_table(arrow, out / parquet_name(schema.tables["events"]))
    for name, frame in tables.items():
        table = schema.tables[name]
        frame = frame.reindex(columns=[c.name for c in table.columns], fill_value="")
        frame.to_csv(out / table.file, index=False, lineterminator="\n")
    return out
