"""A standalone HTML snapshot of a view: chart, events with sources, filters, link, version.

It opens from disk with no server and no internet: plotly.js, the map topology and vis-network
are inlined, and every string from the data is escaped.
"""

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly
import plotly.graph_objects as go

from dashboard.core.text import script_safe

STATIC = Path(__file__).resolve().parents[1] / "static"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
TOPOLOGY = STATIC / "topojson"  # world_50m.json and world_110m.json
VIS_JS = STATIC / "vis" / "vis-network.min.js"


@dataclass(frozen=True)
class SnapshotParts:
    """What a page puts in its snapshot, built only when the snapshot is downloaded."""

    figure: Callable[[], go.Figure] | None = None
    network_html: Callable[[], str] | None = None


@lru_cache(maxsize=4)
def _asset(path: Path) -> str:
    # Inlined into <script>: a literal "</script" inside would end the element early.
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


def _link(url: str, label: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(label)}</a>'


def _events_table(rows: pd.DataFrame) -> str:
    head = (
        "<tr><th>Date</th><th>Event</th><th>Pair</th><th>Type</th><th>Intensity</th>"
        "<th>Status</th><th>Place</th><th>Sources</th></tr>"
    )
    body = []
    for rec in rows.to_dict("records"):
        links = " ".join(
            _link(url, f"[{i}]") for i, url in enumerate(str(rec["source_urls"]).split(), 1)
        )
        cells = [
            html.escape(str(rec["date"])),
            f"<b>{html.escape(str(rec['title']))}</b><br>{html.escape(str(rec['summary']))}",
            html.escape(f"{rec['source_country']}–{rec['target_country']}"),
            html.escape(str(rec["event_type"])),
            html.escape(f"{int(rec['intensity']):+d}"),
            html.escape(str(rec["status"])),
            html.escape(str(rec["location_name"])),
            links,
        ]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<table>{head}{''.join(body)}</table>"


def _chart(figure: go.Figure | None, network_html: str | None) -> str:
    if figure is not None:
        uses_geo = any(t.type == "scattergeo" for t in figure.data)
        geo = ""
        if uses_geo:
            scale = (figure.to_dict()["layout"].get("geo") or {}).get("resolution", 110)
            name = f"world_{int(scale)}m"
            topo = script_safe(_asset(TOPOLOGY / f"{name}.json"))
            geo = f"<script>window.PlotlyGeoAssets = {{topojson: {{{name}: {topo}}}}};</script>"
        spec = script_safe(figure.to_json())
        return (
            f"<script>{_asset(PLOTLY_JS)}</script>{geo}<div id='chart'></div><script>"
            f"const spec = {spec};"
            "Plotly.newPlot('chart', spec.data, spec.layout, {displaylogo: false});</script>"
        )
    if network_html is not None:
        inlined = network_html.replace(
            '<script src="app/static/vis/vis-network.min.js"></script>',
            f"<script>{_asset(VIS_JS)}</script>",
        ).replace('<link rel="stylesheet" href="app/static/vis/vis-network.css">', "")
        return f"<iframe title='Network' srcdoc=\"{html.escape(inlined, quote=True)}\"></iframe>"
    return ""


def snapshot_html(
    *,
    page: str,
    description: str,
    rows: pd.DataFrame,
    total: int,
    link: str,
    version: str,
    figure: go.Figure | None = None,
    network_html: str | None = None,
) -> str:
    """The snapshot page. `rows` are export rows (schema export columns) of the events shown."""
    title = f"Four Capitals: {page}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="color-scheme" content="light">
<style>
body {{ font-family: "Noto Sans", "Noto Sans CJK KR", sans-serif; margin: 24px; color: #222;
        background: #fff; }}
table {{ border-collapse: collapse; font-size: 13px; }}
td, th {{ border-top: 1px solid #ddd; padding: 4px 8px; vertical-align: top; text-align: left; }}
iframe {{ width: 100%; height: 680px; border: 0; }}
.meta {{ color: #555; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p><b>Showing {len(rows)} of {total} events.</b> {html.escape(description)}.</p>
<p class="meta">Link: {_link(link, link)}<br>Data version {html.escape(version)}; snapshot
made {date.today().isoformat()}. Every event below cites the pages it was verified on.</p>
{_chart(figure, network_html)}
<h2>Events</h2>
{_events_table(rows)}
</body></html>
"""
