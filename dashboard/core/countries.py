"""The four countries: ids and order, names (read from actors.csv), pair keys and labels."""

from collections.abc import Mapping
from itertools import combinations

import pandas as pd

COUNTRIES: tuple[str, ...] = ("KOR", "PRK", "RUS", "UKR")
PAIR_SEPARATOR = "-"  # in pair keys and in the `pair` URL value ('KOR-RUS')
LABEL_SEPARATOR = " – "  # in pair labels a person reads ('South Korea – Russia')


def pair_key(a: str, b: str) -> str:
    """Two country ids as an unordered pair, alphabetically: ('RUS', 'KOR') -> 'KOR-RUS'."""
    return PAIR_SEPARATOR.join(sorted((a, b)))


def split_pair(key: str) -> tuple[str, ...]:
    """'KOR-RUS' -> ('KOR', 'RUS'); any other number of parts comes back as it is."""
    return tuple(key.split(PAIR_SEPARATOR))


PAIRS: tuple[str, ...] = tuple(pair_key(a, b) for a, b in combinations(COUNTRIES, 2))


def pair_keys(events: pd.DataFrame) -> pd.Series:
    """The pair key of each event's source and target country.

    Uses the `pair` column prepared at load when there is one (a categorical: grouping on it
    costs a fraction of building a million strings)."""
    if "pair" in events.columns:
        return events["pair"]
    src, tgt = events["source_country"].astype(str), events["target_country"].astype(str)
    first = src.where(src <= tgt, tgt)
    second = tgt.where(src <= tgt, src)
    return first + PAIR_SEPARATOR + second


def country_names(actors: pd.DataFrame) -> dict[str, str]:
    """The display name of each of the four countries, from the actors table (id if absent)."""
    named = dict(zip(actors["id"], actors["name"], strict=True)) if len(actors) else {}
    return {code: named.get(code) or code for code in COUNTRIES}


def pair_label(pair: str, names: Mapping[str, str]) -> str:
    """'KOR-RUS' -> 'South Korea – Russia', with the names of `country_names`."""
    return LABEL_SEPARATOR.join(names.get(code, code) for code in split_pair(pair))
