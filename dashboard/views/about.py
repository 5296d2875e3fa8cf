"""About: data as of when, how it is coded, where the boundaries come from, how to cite."""

import streamlit as st

from dashboard.core.docs import quads_in_words, rubric_table
from dashboard.core.schema import load_schema
from dashboard.core.text import plural
from dashboard.views import cached
from dashboard.views.context import PageContext

STATUS_RULES = """
- **confirmed**: the party that acted acknowledged it, or it is a public act (a summit, a vote, a
  statement), or strong independent evidence shows it.
- **alleged**: claimed by others (named in the details as "claimed by") and not acknowledged by
  the party that acted.
- **denied**: claimed by others and denied by the party that acted. An allegation stays alleged
  until the actor confirms it or strong independent evidence does; a change of status keeps the
  event's id and is listed under the event's corrections, with its date and source.
"""

BOUNDARIES = """
The base map is drawn from topology files served by this dashboard itself (no tile server, no
CDN): `world_50m` and `world_110m` from the npm package **plotly.js 4.1.1** (MIT licence,
copyright Plotly Technologies Inc.). Per plotly.js pull request #7393, their country, coastline
and land layers are built from **UN geospatial data** (UN Geospatial geoportal), and their ocean,
lake and river layers from Natural Earth (public domain). As with any UN-derived map, the
boundaries and names shown do not imply endorsement or acceptance by the United Nations, nor by
this project. In these files Crimea lies within Ukraine's boundary; a test checks it.

**Occupied and disputed places.** Each event is placed at the real coordinates of the place where
it happened, under the place name its sources use (for example Simferopol, Sevastopol, the Kerch
Strait, Donetsk, Kursk). A place name never implies sovereignty: the map shows the
internationally recognised boundaries, so Crimea and the occupied parts of Donetsk, Luhansk,
Zaporizhzhia and Kherson are drawn inside Ukraine and the Kursk region inside Russia, whoever
controlled them at the time. Summaries say "occupied" where the sources do.
"""


def render(ctx: PageContext) -> None:
    """Plain prose and two generated tables (counts per pair, the rubric)."""
    events = ctx.dataset.events
    sources = ctx.dataset.sources
    st.header("About Four Capitals")
    counts, first, last, cited = cached.pair_counts(ctx.dataset.version, events)
    st.markdown(
        f"**{len(events)} events** among South Korea, Russia (with the Soviet Union as its own"
        f" actor, counted as Russia), North Korea and Ukraine, dated from {first}"
        f" to {last}, checked on the {plural(cited, 'stored page')} they cite. The data is as of"
        f" **{sources['accessed_date'].max()}**, the last day a source was read. Data version"
        f" `{ctx.dataset.version}`."
    )
    # A static table: on a phone a dataframe's toolbar stays shown and covered the data version.
    st.table(counts, hide_index=True, width="content")
    st.subheader("How events are coded")
    schema = load_schema()
    intensity = schema.tables["events"].column("intensity")
    st.markdown(
        "Each event is dyadic: a source actor acts on a target actor, as in GDELT, ICEWS and"
        " POLECAT. **Event types** follow the PLOVER ontology (Open Event Data Alliance), grouped"
        f" into four quad classes: {quads_in_words(schema)}. **Intensity** runs from"
        f" {int(intensity.min):+d} (most hostile) to {int(intensity.max):+d} (most cooperative):"
    )
    st.markdown(rubric_table(schema))
    st.markdown("**Status**" + STATUS_RULES)
    st.markdown(
        "**Dates** are the local date at the place of the act. Month-precision events are drawn"
        " mid-month with hollow markers and match any date range that overlaps their month."
    )
    st.subheader("Curation density")
    st.markdown(
        "Curation is much denser from 2022 onwards than before, so monthly sums and counts"
        " partly reflect curation effort, not only the state of a relationship. Compare periods"
        " with care, and read the relationship index as a guide to what was recorded."
    )
    if not ctx.gdelt.empty:
        _gdelt_provenance(ctx)
    st.subheader("Boundaries and places")
    st.markdown(BOUNDARIES)
    st.subheader("How to cite")
    st.markdown(
        "Cite the dashboard with the link to the view you used (the address bar holds every"
        " filter) and the data version above, for example: *Four Capitals, events among Seoul,"
        f" Moscow, Pyongyang and Kyiv, data version {ctx.dataset.version}, accessed"
        " [date], [link].* To cite a single event, open it and copy the address: `?event=` with"
        " its id never changes, even when a correction changes its date or title. Always cite the"
        " event's own sources too; they are listed in its details."
    )


def _gdelt_provenance(ctx: PageContext) -> None:
    """What the loaded GDELT layer is, from its import manifest; never mixed with the above."""
    manifest = ctx.gdelt_manifest
    totals = manifest.get("totals", {}) if isinstance(manifest.get("totals"), dict) else {}
    st.subheader("The automated layer (GDELT)")
    days = ctx.gdelt["day"]
    st.markdown(
        f"This server also has **{len(ctx.gdelt):,} machine-coded GDELT 2.0 events**, from"
        f" {days.min().date()} to {days.max().date()}, shown only with `layer=gdelt` and always"
        " counted apart from the curated events. GDELT codes news reports automatically: events"
        " are not checked by us, may be duplicated or misdated, and their volume follows news"
        " attention. CAMEO codes are mapped to PLOVER with PLOVER's CAMEO2PLOVER-2021 table;"
        " the 01x and 02x codes (statements and appeals) have no PLOVER type."
    )
    facts = {
        "Imported at": manifest.get("imported_at", "not recorded"),
        "Input files": len(manifest.get("inputs", []) or []),
        "Rows read": totals.get("rows_read", "not recorded"),
        "Rows kept": totals.get("rows_kept", "not recorded"),
        "Duplicate reports folded": totals.get("rows_folded", "not recorded"),
        "Malformed lines skipped": totals.get("rows_malformed", "not recorded"),
    }
    # Plain text: the manifest is a file anyone can edit, so nothing in it is markup.
    st.text("\n".join(f"{name}: {str(value)[:80]}" for name, value in facts.items()))
