"""Render the README tables from the schema and the filter keys, so docs cannot drift from code."""

from dashboard.core.filters import FILTER_KEYS
from dashboard.core.schema import Schema, Table
from dashboard.core.url_state import EXTRA_KEYS


def _markdown(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def export_table(schema: Schema) -> str:
    """The export columns and their meanings, as a markdown table."""
    return _markdown(("Column", "Meaning"), [(f"`{k}`", v) for k, v in schema.export.items()])


def filter_keys_table() -> str:
    """Every URL key: the filter keys (also export flags), then the keys of views and links."""
    rows = [
        (f"`{k.key}`", f"`--{k.key}`", ("yes" if k.repeatable else "no"), k.help)
        for k in FILTER_KEYS
    ]
    rows += [(f"`{key}`", "–", "no", meaning) for key, meaning in EXTRA_KEYS.items()]
    return _markdown(("URL key", "Export flag", "Repeatable", "Meaning"), rows)


def columns_table(table: Table) -> str:
    """One data file's columns (type, required, description), as a markdown table."""
    rows = [
        (
            f"`{c.name}`",
            c.type + (" list" if c.is_list else ""),
            "yes" if c.required else "no",
            c.description + (f" One of: {c.allowed} vocabulary." if c.allowed else ""),
        )
        for c in table.columns
    ]
    return _markdown(("Column", "Type", "Required", "Meaning"), rows)


def _pair(source: str, target: str) -> str:
    return "–".join(sorted((source, target)))


def coverage_tables(events, sources) -> str:
    """Counts per pair and per year, and the outlets used, for data/README.md."""
    pairs = events.apply(lambda r: _pair(r["source_country"], r["target_country"]), axis=1)
    pair_rows = [(p, str(n)) for p, n in pairs.value_counts().sort_index().items()]
    years = events["span_start"].dt.year
    year_rows = [(str(y), str(n)) for y, n in years.value_counts().sort_index().items()]
    cited = {s for ids in events["source_ids"] for s in ids}
    used = sources[sources["id"].isin(cited)]
    outlets = used["publisher"].value_counts()
    outlet_rows = [
        (name, str(n)) for name, n in sorted(outlets.items(), key=lambda x: x[0].lower())
    ]
    return "\n\n".join(
        [
            f"{len(events)} events, {len(cited)} sources.",
            _markdown(("Pair", "Events"), pair_rows),
            _markdown(("Year", "Events"), year_rows),
            _markdown(("Outlet", "Pages cited"), outlet_rows),
        ]
    )


# The intensity rubric: data/README.md and the About page both render this one list.
RUBRIC = (
    (10, "mutual-defence treaty or alliance signed, ratified or entering into force"),
    (
        8,
        "troops, weapons or munitions sent to help the other; basic-relations treaty; "
        "diplomatic relations established",
    ),
    (7, "summit or state visit of heads of state or government"),
    (6, "other formal agreement signed; large aid package delivered or pledged"),
    (5, "foreign- or defence-minister visit or talks"),
    (4, "non-lethal or humanitarian aid; shielding the other at the UN"),
    (3, "leaders' phone call; vice-minister or envoy visit; public statement of support"),
    (2, "working-level consultations; congratulatory messages"),
    (1, "minor cooperative gesture"),
    (0, "neutral"),
    (-1, "expression of concern"),
    (-2, "public criticism, demand, rejection of a proposal"),
    (-3, "summoning an ambassador; formal protest; accusation of breaking law or resolutions"),
    (-4, "warning or threat of consequences; vote against at the UN"),
    (-5, "sanctions, export controls, expelling diplomats"),
    (-6, "severing diplomatic relations; show of force or missile test aimed at the other"),
    (-7, "seizure, detention, coercion; annexation claims"),
    (
        -8,
        "limited armed attack (strikes, shelling, sinking, border clash); troops fighting the "
        "other",
    ),
    (-9, "annexation of territory; large offensive"),
    (-10, "full-scale invasion or war"),
)


def rubric_table() -> str:
    """The intensity rubric as a markdown table."""
    return _markdown(("Score", "Typical act"), [(f"{s:+d}" if s else "0", t) for s, t in RUBRIC])
