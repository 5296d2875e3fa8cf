"""The map: event locations, the lines between capitals of active pairs, playback periods."""

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.core.countries import COUNTRIES, pair_keys, pair_label, split_pair
from dashboard.core.places import location_key, parse_location_key, period_bounds
from dashboard.core.style import COLORAXIS, FONT, KEY_STAR, MAP, OUTLINE, intensity_colour
from dashboard.core.text import plain_hover

# Served by our own server (server.enableStaticServing); relative, so it also works under
# --server.baseUrlPath. Without it plotly.js fetches the topology from cdn.plot.ly.
TOPOJSON_URL = "app/static/topojson/"
REGION = dict(lon=(18.0, 146.0), lat=(30.0, 64.0))


def location_points(events: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """One row per place: key, most common name, coordinates, event count, mean intensity.

    Grouped on the coordinates rounded to two decimals (numbers, not a million key strings);
    `limit` keeps the busiest places only."""
    columns = ["key", "location_name", "latitude", "longitude", "count", "mean_intensity"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    coords = [
        events["latitude"].round(2).rename("_lat"),
        events["longitude"].round(2).rename("_lon"),
    ]
    grouped = events.groupby(coords, sort=False)
    frame = grouped.agg(
        latitude=("latitude", "first"),
        longitude=("longitude", "first"),
        count=("intensity", "size"),
        mean_intensity=("intensity", "mean"),
    )
    names = events.groupby([*coords, events["location_name"]], sort=False).size()
    top_name = names.sort_values(ascending=False, kind="stable").reset_index()
    top_name = top_name.drop_duplicates(["_lat", "_lon"]).set_index(["_lat", "_lon"])
    frame["location_name"] = top_name["location_name"].reindex(frame.index)
    if limit is not None and len(frame) > limit:
        frame = frame.nlargest(limit, "count", keep="first")
    frame = frame.reset_index(drop=True)
    pairs = zip(frame["latitude"], frame["longitude"], strict=True)
    frame["key"] = [location_key(a, b) for a, b in pairs]
    return frame.sort_values("key").reset_index(drop=True)[columns]


def events_at(events: pd.DataFrame, key: str) -> pd.DataFrame:
    """The events at one place (by location key), in date order; none for a malformed key."""
    coordinates = parse_location_key(key)
    if coordinates is None:
        return events.iloc[0:0]
    lat, lon = coordinates
    near = events[
        ((events["latitude"] - lat).abs() < 0.01) & ((events["longitude"] - lon).abs() < 0.01)
    ]
    keys = [location_key(a, b) for a, b in zip(near["latitude"], near["longitude"], strict=True)]
    return near[[k == key for k in keys]]


def capitals(actors: pd.DataFrame) -> pd.DataFrame:
    """The four capitals: country id and name, capital name and coordinates."""
    rows = actors[actors["id"].isin(COUNTRIES)].set_index("id").loc[list(COUNTRIES)]
    return pd.DataFrame(
        {
            "country": list(COUNTRIES),
            "name": rows["name"].to_list(),
            "capital": rows["capital"].to_list(),
            "latitude": rows["latitude"].astype(float).to_list(),
            "longitude": rows["longitude"].astype(float).to_list(),
        }
    )


def pair_lines(events: pd.DataFrame, caps: pd.DataFrame) -> pd.DataFrame:
    """One row per active pair: its label, the two capitals' coordinates, events, mean intensity."""
    columns = ["pair", "label", "lat_a", "lon_a", "lat_b", "lon_b", "count", "mean_intensity"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    stats = events.groupby(pair_keys(events))["intensity"].agg(["size", "mean"])
    where = caps.set_index("country")
    names = where["name"].to_dict()
    rows = []
    for pair, (count, mean) in stats.iterrows():
        a, b = split_pair(pair)
        rows.append(
            (
                pair,
                pair_label(pair, names),
                where.loc[a, "latitude"],
                where.loc[a, "longitude"],
                where.loc[b, "latitude"],
                where.loc[b, "longitude"],
                int(count),
                float(mean),
            )
        )
    return pd.DataFrame(rows, columns=columns)


def in_period(events: pd.DataFrame, period: str) -> pd.DataFrame:
    """Events whose span overlaps the frame."""
    start, end = period_bounds(period)
    return events[(events["span_start"] <= end) & (events["span_end"] >= start)]


def map_figure(
    points: pd.DataFrame, lines: pd.DataFrame, caps: pd.DataFrame, extra: Sequence[dict] = ()
) -> go.Figure:
    """Capitals, pair lines (colour = mean intensity, width = events) and sized event markers;
    `extra` traces (the GDELT layer's) go underneath the curated marks."""
    data = list(extra)
    top = max(lines["count"].max(), 1) if not lines.empty else 1
    for rec in lines.to_dict("records"):
        data.append(
            dict(
                type="scattergeo",
                mode="lines",
                lat=[rec["lat_a"], rec["lat_b"]],
                lon=[rec["lon_a"], rec["lon_b"]],
                line=dict(
                    width=1.5 + 8.5 * rec["count"] / top,
                    color=intensity_colour(rec["mean_intensity"]),
                ),
                name=f"{rec['pair']}: {rec['count']} events, mean {rec['mean_intensity']:+.1f}",
                hoverinfo="text",
                text=(
                    f"{rec['label']}: {rec['count']} events, "
                    f"mean intensity {rec['mean_intensity']:+.1f}"
                ),
                showlegend=False,
            )
        )
    if not points.empty:
        biggest = max(points["count"].max(), 1)
        data.append(
            dict(
                type="scattergeo",
                mode="markers",
                lat=points["latitude"],
                lon=points["longitude"],
                customdata=points["key"],
                marker=dict(
                    size=[8 + 22 * math.sqrt(c / biggest) for c in points["count"]],
                    color=points["mean_intensity"],
                    coloraxis="coloraxis",
                    line=dict(width=1, color=OUTLINE),
                    opacity=0.85,
                ),
                hovertext=[
                    f"{plain_hover(n)}: {c} event{'s' if c != 1 else ''}, mean {m:+.1f}"
                    for n, c, m in zip(
                        points["location_name"],
                        points["count"],
                        points["mean_intensity"],
                        strict=True,
                    )
                ],
                hoverinfo="text",
                name="Event locations",
                showlegend=False,
            )
        )
    data.append(
        dict(
            type="scattergeo",
            mode="markers+text",
            lat=caps["latitude"],
            lon=caps["longitude"],
            text=caps["capital"],
            textposition="top center",
            marker=dict(symbol="star", size=13, color=KEY_STAR, line=dict(width=1, color=OUTLINE)),
            hoverinfo="text",
            hovertext=[f"{c} ({k})" for c, k in zip(caps["capital"], caps["country"], strict=True)],
            name="Capitals",
            showlegend=False,
        )
    )
    layout = dict(
        height=560,
        margin=dict(l=0, r=0, t=10, b=80),
        font=FONT,
        coloraxis=COLORAXIS,
        geo=dict(
            projection=dict(type="mercator"),
            lonaxis=dict(range=list(REGION["lon"])),
            lataxis=dict(range=list(REGION["lat"])),
            resolution=50,
            showcountries=True,
            countrycolor=MAP["countrycolor"],
            showland=True,
            landcolor=MAP["landcolor"],
            showocean=True,
            oceancolor=MAP["oceancolor"],
            showlakes=True,
            lakecolor=MAP["lakecolor"],
            showcoastlines=True,
            coastlinecolor=MAP["coastlinecolor"],
        ),
    )
    return go.Figure(data=data, layout=layout, _validate=False)  # validated in the tests
