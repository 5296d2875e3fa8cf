"""The actor network: a networkx graph of who acts towards whom, and its pyvis HTML."""

import json
import math
from functools import lru_cache

import networkx as nx
import numpy as np
import pandas as pd
from pyvis.network import Network

from dashboard.core.countries import split_pair
from dashboard.core.filters import labels_in
from dashboard.core.style import (
    COUNT_MARK,
    COUNTRY_NODE,
    DARK_COLOURS,
    GDELT_COLOUR,
    INK,
    INTENSITY_SCALE,
    PAGE,
    TEXT,
    UNLIT,
    UNLIT_TEXT,
    intensity_colour,
    theme_of,
)
from dashboard.core.text import script_safe

STATIC = "app/static/vis"  # relative: the iframe's srcdoc resolves it against the app's path
HEIGHT = 560
_KIND_SHAPE = {"country": "dot", "person": "diamond", "organisation": "square"}


NODE_LIMIT = 120  # people and organisations drawn at most (the curated set has 99)


def _country_edges(events: pd.DataFrame) -> pd.DataFrame:
    """Per unordered country pair: events and summed intensity (one groupby, no row loop)."""
    src, tgt = events["source_country"].astype(str), events["target_country"].astype(str)
    first, second = src.where(src <= tgt, tgt), tgt.where(src <= tgt, src)
    grouped = events["intensity"].groupby([first.rename("a"), second.rename("b")])
    return grouped.agg(count="size", intensity_sum="sum").reset_index()


def _involvements(
    events: pd.DataFrame, links: pd.DataFrame | None
) -> tuple[pd.Categorical, np.ndarray]:
    """Every (actor, event label) pair of the events: from the load's `links` table by category
    codes (fast), or by exploding `actor_ids` when there is none."""
    if links is None:
        ids = events["actor_ids"].map(sorted).explode().dropna()
        return pd.Categorical(ids.to_numpy()), ids.index.to_numpy()
    rows = links["row"].to_numpy()
    keep = labels_in(rows, events.index.to_numpy())
    actor = links["actor"].cat
    return pd.Categorical.from_codes(actor.codes.to_numpy()[keep], actor.categories), rows[keep]


def _people_edges(
    events: pd.DataFrame, info: pd.DataFrame, links: pd.DataFrame | None
) -> pd.DataFrame:
    """Each person or organisation involved (as actor, participant or person named), joined to
    the country it acts towards: the target's if it belongs to the source's country, else the
    source's. Columns: a (categorical id), b (country), intensity, _row (event label)."""
    ids, rows = _involvements(events, links)
    kinds = pd.Series(ids.categories).map(info["actor_type"])
    wanted = (kinds.notna() & (kinds != "country")).to_numpy()[ids.codes]
    ids, rows = ids[wanted], rows[wanted]
    home = pd.Series(ids.categories).map(info["country"]).astype(object).to_numpy()[ids.codes]
    at = events.index.get_indexer(rows)
    source = events["source_country"].astype(object).to_numpy()[at]
    target = events["target_country"].astype(object).to_numpy()[at]
    frame = pd.DataFrame(
        {
            "a": ids,
            "b": np.where(home == source, target, source),
            "intensity": events["intensity"].to_numpy()[at],
            "_row": rows,
        }
    )
    return frame.drop_duplicates(["a", "_row"])


def build_actor_graph(
    events: pd.DataFrame,
    actors: pd.DataFrame,
    nodes: str = "countries",
    links: pd.DataFrame | None = None,
) -> nx.Graph:
    """Countries joined by the events between them; with nodes='all', people and organisations
    join the country they act towards (the NODE_LIMIT busiest). Edge attributes: count,
    intensity_sum. Built from grouped frames, so its cost follows pairs, not events."""
    info = actors.set_index("id")
    graph = nx.Graph()

    def add_node(node: str, count: int) -> None:
        kind = info.loc[node, "actor_type"] if node in info.index else "country"
        name = info.loc[node, "name"] if node in info.index else node
        home = info.loc[node, "country"] if node in info.index else node
        graph.add_node(node, label=name, kind=kind, count=count, home=home)

    if events.empty:
        return graph
    src, tgt = events["source_country"].astype(str), events["target_country"].astype(str)
    involved = pd.concat([src, tgt.where(tgt != src)]).dropna().value_counts()
    for node, count in involved.items():
        add_node(str(node), int(count))
    for rec in _country_edges(events).itertuples(index=False):
        graph.add_edge(rec.a, rec.b, count=int(rec.count), intensity_sum=int(rec.intensity_sum))
    if nodes != "all":
        return graph
    edges = _people_edges(events, info, links)
    per_actor = edges["a"].value_counts()
    per_actor = per_actor[per_actor > 0]
    busiest = per_actor.head(NODE_LIMIT)
    for node, count in busiest.items():
        add_node(str(node), int(count))
    kept = edges[edges["a"].isin(busiest.index)]
    grouped = kept.groupby(["a", "b"], observed=True)["intensity"].agg(["size", "sum"])
    for (a, b), (count, total) in grouped.iterrows():
        graph.add_edge(str(a), b, count=int(count), intensity_sum=int(total))
    graph.graph["people_total"] = int(len(per_actor))
    return graph


CROWDED = 12  # nodes above which labels are drawn larger
LABELLED = 16  # people and organisations named on the graph at most; the rest on hover


def graph_elements(graph: nx.Graph, focus: str | None = None) -> tuple[tuple, tuple]:
    """Hashable nodes and edges, styled: size = events, edge colour = mean intensity, width =
    events; outside the focus everything is grey. A country's focus keeps its own people and
    organisations lit with their links. Countries are always named; of the others, the
    LABELLED busiest (or, with a focus, the busiest lit ones), so that names do not collide.

    Nodes: (id, name, kind, events, size, lit, named); edges: (a, b, events, mean, width, lit).
    """
    own = {n for n, d in graph.nodes(data=True) if d.get("home") == focus and n != focus}
    near = set(graph.neighbors(focus)) | {focus} | own if focus in graph else None
    top_node = max((d["count"] for _, d in graph.nodes(data=True)), default=1)
    top_edge = max((d["count"] for _, _, d in graph.edges(data=True)), default=1)
    others = sorted(
        (
            (-d["count"], n)
            for n, d in graph.nodes(data=True)
            if d["kind"] != "country" and (near is None or n in near)
        )
    )
    named = {n for _, n in others[:LABELLED]}
    nodes = tuple(
        (
            node,
            data["label"],
            data["kind"],
            data["count"],
            round(12 + 28 * math.sqrt(data["count"] / top_node), 1),
            near is None or node in near,
            data["kind"] == "country" or node in named,
        )
        for node, data in sorted(graph.nodes(data=True))
    )
    edges = tuple(
        (
            a,
            b,
            data["count"],
            round(data["intensity_sum"] / data["count"], 2),
            round(1 + 11 * data["count"] / top_edge, 1),
            near is None or focus in (a, b) or a in own or b in own,
        )
        for a, b, data in sorted((*sorted((a, b)), d) for a, b, d in graph.edges(data=True))
    )
    return nodes, edges


def _script_json(value: object) -> str:
    return script_safe(json.dumps(value, ensure_ascii=False))


_OPTIONS = {
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "physics": {
        "solver": "forceAtlas2Based",
        "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        "forceAtlas2Based": {
            "springLength": 170,
            "avoidOverlap": 1,
            "gravitationalConstant": -90,
        },
    },
    "interaction": {"hover": True, "tooltipDelay": 120},
    "nodes": {"font": {"size": 15, "face": "Noto Sans, Noto Sans CJK KR, sans-serif"}},
    "edges": {"smooth": False},
}

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="{static}/vis-network.css">
<script src="{static}/vis-network.min.js"></script>
<style>
html {{ color-scheme: {theme}; }}
body {{ margin: 0; font-family: "Noto Sans", sans-serif; font-size: 13px; color: {text};
        background: transparent; }}
#net {{ box-sizing: border-box; width: 100%; height: {height}px; border: 1px solid {border};
        border-radius: 6px; background: {page}; }}
.legend {{ display: flex; flex-wrap: wrap; gap: 18px; align-items: center; margin: 8px 2px; }}
.bar {{ display: inline-block; vertical-align: middle; width: 180px; height: 10px;
        border-radius: 3px; background: linear-gradient(to right, {gradient}); }}
.line {{ display: inline-block; width: 40px; background: {mark}; vertical-align: middle; }}
</style></head>
<body>
<div id="net" role="img" aria-label="Network of actors: node size is the number of events; edge
colour is the mean intensity and edge width the number of events."></div>
<div class="legend">
  <span>Edge colour, mean intensity: −10 hostile <span class="bar"></span> +10 cooperative</span>
  <span>Edge width, events: <span class="line" style="height:1px"></span> 1
    <span class="line" style="height:8px"></span> {top_edge}</span>
  <span>● country ◆ person ■ organisation; size = events</span>
  {gdelt_legend}
</div>
<script>
const nodes = new vis.DataSet({nodes});
const edges = new vis.DataSet({edges});
const network = new vis.Network(document.getElementById("net"), {{nodes, edges}}, {options});
// Names that would overlap a more important one (countries, then lit, then busier nodes)
// are left to the tooltip, so that no two names collide in the starting layout.
function declutter() {{
  const kept = [], hidden = [];
  const named = nodes.get().filter((n) => n.label.trim()).sort((a, b) => b.priority - a.priority);
  for (const n of named) {{
    const s = network.body.nodes[n.id].labelModule.size;
    const box = {{l: s.left, t: s.top, r: s.left + s.width, b: s.top + s.height}};
    if (kept.some((k) => box.l < k.r && box.r > k.l && box.t < k.b && box.b > k.t)) {{
      hidden.push({{id: n.id, label: " "}});
    }} else {{
      kept.push(box);
    }}
  }}
  nodes.update(hidden);
  document.body.dataset.labels = "ready";
}}
network.once("stabilizationIterationsDone", function () {{
  network.setOptions({{physics: false}});
  network.fit();
  network.once("afterDrawing", declutter);
}});
</script>
</body></html>
"""


def gdelt_edge_elements(volume: pd.DataFrame) -> tuple:
    """Hashable GDELT edges (a, b, events, mean Goldstein, width) from pair_volume's frame."""
    if volume.empty:
        return ()
    top = math.log1p(volume["events"].max())
    return tuple(
        (*split_pair(pair), int(n), round(float(mean), 2), round(1 + 9 * math.log1p(n) / top, 1))
        for pair, n, mean in zip(
            volume["pair"], volume["events"], volume["mean_goldstein"], strict=True
        )
    )


def _add_gdelt(net: Network, present: set, gdelt_edges: tuple) -> str:
    """Dashed, curved edges in the layer's colour, apart from the curated straight ones."""
    for a, b, count, mean, width in gdelt_edges:
        for node in (a, b):
            if node not in present:
                net.add_node(node, label=node, title=node, size=12, color=COUNTRY_NODE)
                present.add(node)
        # Appended directly: pyvis's add_edge drops a second edge between the same two nodes.
        net.edges.append(
            {
                "from": a,
                "to": b,
                "width": width,
                "color": GDELT_COLOUR,
                "dashes": True,
                "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.3},
                "title": f"{a} – {b}: {count:,} automated (GDELT) events,"
                f" mean Goldstein {mean:+.1f}",
            }
        )
    if not gdelt_edges:
        return ""
    return (
        f'<span><span class="line" style="height:0;border-top:3px dashed {GDELT_COLOUR};'
        'background:none"></span> automated (GDELT) events; width = events (log scale)</span>'
    )


@lru_cache(maxsize=64)
def graph_html(
    nodes: tuple,
    edges: tuple,
    height: int = HEIGHT,
    gdelt_edges: tuple = (),
    theme: str = "light",
) -> str:
    """The network as a standalone HTML page that loads vis-network from our own server.

    pyvis builds the node and edge records; its own template is not used, because it links
    Bootstrap from a CDN in every mode and inserts `heading` unescaped. Labels and tooltips
    reach the page only as JSON (safe inside <script>) and vis-network shows them as text.
    """
    dark = theme_of(theme) == "dark"

    def ink(colour: str) -> str:
        return DARK_COLOURS.get(colour, colour) if dark else colour

    net = Network(height=f"{height}px", width="100%", directed=False)
    # A graph of many nodes is drawn zoomed out to fit: larger type keeps its names readable.
    crowded = len(nodes) > CROWDED
    for node, label, kind, count, size, lit, named in nodes:
        net.add_node(
            node,
            label=label if named else " ",
            title=f"{label} ({node}): {count} event{'s' if count != 1 else ''}",
            shape=_KIND_SHAPE.get(kind, "dot"),
            size=size,
            priority=(2 if kind == "country" else 0) * 10**6 + lit * 10**5 + count,
            color=COUNTRY_NODE if lit else ink(UNLIT),
            font={
                "size": (34 if kind == "country" else 24) if crowded else 15,
                "color": ink(INK) if lit else ink(UNLIT_TEXT),
                "strokeWidth": 3,
                "strokeColor": PAGE["dark" if dark else "light"],
            },
        )
    for a, b, count, mean, width, lit in edges:
        net.add_edge(
            a,
            b,
            value=None,
            width=width,
            color=intensity_colour(mean) if lit else ink(UNLIT),
            title=f"{a} – {b}: {count} event{'s' if count != 1 else ''}, mean {mean:+.1f}",
        )
    gdelt_legend = _add_gdelt(net, {n[0] for n in nodes}, gdelt_edges)
    gradient = ", ".join(colour for _, colour in INTENSITY_SCALE)
    top_edge = max((e[2] for e in edges), default=1)
    return _TEMPLATE.format(
        theme="dark" if dark else "light",
        text=TEXT["dark" if dark else "light"],
        page=PAGE["dark" if dark else "light"],
        border=ink(UNLIT),
        mark=ink(COUNT_MARK),
        gdelt_legend=gdelt_legend,
        static=STATIC,
        height=height,
        gradient=gradient,
        top_edge=top_edge,
        nodes=_script_json(net.nodes),
        edges=_script_json([{k: v for k, v in e.items() if v is not None} for e in net.edges]),
        options=_script_json(_OPTIONS),
    )
