"""Render the README tables from the schema and the filter keys, so docs cannot drift from code."""

from dashboard.core.countries import PAIR_SEPARATOR, pair_keys
from dashboard.core.filters import FILTER_KEYS
from dashboard.core.schema import Schema, Table
from dashboard.core.sourcing import cited_sources, sourcing_lines, sourcing_report
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


# data/README.md has always written a pair in the coverage table as KOR–PRK (an en dash).
COVERAGE_DASH = "–"


def coverage_tables(events, sources) -> str:
    """Counts per pair and year, the outlets used and the sourcing checks, for data/README.md."""
    pairs = pair_keys(events).astype(str).str.replace(PAIR_SEPARATOR, COVERAGE_DASH)
    pair_rows = [(p, str(n)) for p, n in pairs.value_counts().sort_index().items()]
    years = events["span_start"].dt.year
    year_rows = [(str(y), str(n)) for y, n in years.value_counts().sort_index().items()]
    cited = cited_sources(events)
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
            _markdown(
                ("Sourcing check", "Count"), sourcing_lines(sourcing_report(events, sources))
            ),
        ]
    )


def quad_types_table(schema: Schema) -> str:
    """Each quad class with its PLOVER event types (schema vocabularies), as a markdown table."""
    rows = [(quad, ", ".join(types)) for quad, types in schema.types_by_quad().items()]
    return _markdown(("Quad class", "PLOVER event types"), rows)


def quads_in_words(schema: Schema) -> str:
    """The quad classes and their event types in one phrase, as the About page says them."""
    labels = schema.vocabularies["quad_class"]
    parts = [
        f"{labels[quad].lower()} ({', '.join(types)})"
        for quad, types in schema.types_by_quad().items()
    ]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _score(score: int) -> str:
    return f"{score:+d}" if score else "0"


def rubric_table(schema: Schema) -> str:
    """The intensity rubric (schema.yaml `rubric`) as a markdown table."""
    return _markdown(("Score", "Typical act"), [(_score(s), t) for s, t in schema.rubric.items()])


def schema_tables(schema: Schema) -> str:
    """Every data/README.md table drawn from the schema, in README order (before the coverage)."""
    parts = [
        f"## Event types and quad classes\n\n{quad_types_table(schema)}\n",
        f"## Intensity rubric\n\n{rubric_table(schema)}\n",
    ]
    parts += [
        f"### `{table.file}`\n\n{table.description}\n\n{columns_table(table)}\n"
        for table in schema.tables.values()
    ]
    return "\n".join(parts)
