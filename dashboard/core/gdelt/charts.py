"""Figures and map marks for the automated (GDELT) layer, drawn from its aggregates only."""

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.core.countries import pair_label, split_pair
from dashboard.core.gdelt import SQUARE_PREFIX
from dashboard.core.style import FONT, GDELT_COLOUR, PAIR_COLOURS
from dashboard.core.text import plain_hover

BEND_DEGREES = 1.5


def _pair_colour(pair: str, pairs: list[str]) -> str:
    return PAIR_COLOURS[pairs.index(pair) % len(PAIR_COLOURS)]


def gdelt_context_figure(
    monthly: pd.DataFrame, pairs: list[str], names: Mapping[str, str]
) -> go.Figure:
    """Two panels sharing time: GDELT events per month and pair, and their mean Goldstein."""
    data: list[dict] = []
    for pair in pairs:
        mine = monthly[monthly["pair"] == pair]
        colour = _pair_colour(pair, pairs)
        # Markers too: a pair with one month of events is a point, not an invisible line.
        common = dict(
            type="scatter", mode="lines+markers", x=mine["month"], legendgroup=pair,
            marker=dict(color=colour, size=5),
        )  # fmt: skip
        data.append(
            common
            | dict(
                y=mine["events"],
                yaxis="y",
                name=pair_label(pair, names),
                line=dict(color=colour, width=2),
                customdata=mine["reports"],
                hovertemplate=f"{pair}, %{{x|%b %Y}}: %{{y:,}} events"
                " (%{customdata:,} reports)<extra></extra>",
            )
        )
        data.append(
            common
            | dict(
                y=mine["mean_goldstein"],
                yaxis="y2",
                name=pair_label(pair, names),
                showlegend=False,
                line=dict(color=colour, width=1.5, dash="dot"),
                hovertemplate=f"{pair}, %{{x|%b %Y}}: mean Goldstein %{{y:+.2f}}<extra></extra>",
            )
        )
    layout = dict(
        height=460,
        margin=dict(l=10, r=10, t=70, b=10),
        font=FONT,
        hovermode="closest",
        legend=dict(orientation="h", yref="container", yanchor="top", y=0.99, x=0),
        xaxis=dict(type="date", anchor="y2"),
        yaxis=dict(domain=[0.45, 1], title=dict(text="Events per month"), rangemode="tozero"),
        yaxis2=dict(
            domain=[0, 0.36],
            title=dict(text="Mean Goldstein"),
            range=[-10, 10],
            zeroline=True,
            zerolinecolor="#999",
        ),
    )
    return go.Figure(data=data, layout=layout, _validate=False)  # validated in the tests


def _bent(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> tuple[list, list]:
    """A line with its midpoint pushed sideways, so it runs beside the curated straight line."""
    mid_lat, mid_lon = (lat_a + lat_b) / 2, (lon_a + lon_b) / 2
    d_lat, d_lon = lat_b - lat_a, lon_b - lon_a
    norm = math.hypot(d_lat, d_lon) or 1.0
    bend_lat, bend_lon = (
        mid_lat - BEND_DEGREES * d_lon / norm,
        mid_lon + BEND_DEGREES * d_lat / norm,
    )
    return [lat_a, bend_lat, lat_b], [lon_a, bend_lon, lon_b]


def gdelt_map_traces(volume: pd.DataFrame, places: pd.DataFrame, caps: pd.DataFrame) -> list:
    """Dashed, bent pair lines (width = events, log scale) and hollow squares for the places."""
    where = caps.set_index("country")
    names = where["name"].to_dict()
    traces: list[dict] = []
    top = math.log1p(volume["events"].max()) if not volume.empty else 1.0
    for pair, count, mean in zip(
        volume["pair"], volume["events"], volume["mean_goldstein"], strict=True
    ):
        a, b = split_pair(pair)
        lat, lon = _bent(
            *where.loc[a, ["latitude", "longitude"]], *where.loc[b, ["latitude", "longitude"]]
        )
        text = (
            f"{pair_label(pair, names)}: {count:,} automated (GDELT) events,"
            f" mean Goldstein {mean:+.1f}"
        )
        traces.append(
            dict(
                type="scattergeo",
                mode="lines",
                lat=lat,
                lon=lon,
                line=dict(width=1 + 4 * math.log1p(count) / top, color=GDELT_COLOUR, dash="dash"),
                hoverinfo="text",
                text=text,
                name=text,
                showlegend=False,
            )
        )
    if not places.empty:
        biggest = max(places["events"].max(), 1)
        traces.append(
            dict(
                type="scattergeo",
                mode="markers",
                lat=places["lat"],
                lon=places["lon"],
                customdata=[SQUARE_PREFIX + k for k in places["key"]],
                marker=dict(
                    symbol="square-open",
                    size=[6 + 20 * math.sqrt(n / biggest) for n in places["events"]],
                    color=GDELT_COLOUR,
                    line=dict(width=2, color=GDELT_COLOUR),
                ),
                hovertext=[
                    f"{plain_hover(name) or 'Unnamed place'}: {n:,} GDELT events,"
                    f" mean Goldstein {m:+.1f}"
                    for name, n, m in zip(
                        places["location_name"],
                        places["events"],
                        places["mean_goldstein"],
                        strict=True,
                    )
                ],
                hoverinfo="text",
                name="Automated (GDELT) places",
                showlegend=False,
            )
        )
    return traces
