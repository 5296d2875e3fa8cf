"""The map: event locations, the lines between capitals of active pairs, playback periods."""

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.core.countries import COUNTRIES, pair_keys, pair_label, split_pair
from dashboard.core.places import location_key, parse_location_key, period_bounds
from dashboard.core.style import (
    COLORAXIS,
    COUNT_MARK,
    FONT,
    INK,
    KEY_STAR,
    MAP,
    OUTLINE,
    intensity_colour,
)
from dashboard.core.text import plain_hover

# Served by our own server (server.enableStaticServing); relative, so it also works under
# --server.baseUrlPath. Without it plotly.js fetches the topology from cdn.plot.ly.
TOPOJSON_URL = "app/static/topojson/"
# The map's regions (the `region` page control): all four capitals, the Korean peninsula with
# Seoul and Pyongyang apart, and Eastern Europe with Kyiv and Moscow.
REGIONS = {
    "all": dict(lon=(18.0, 146.0), lat=(30.0, 64.0)),
    "korea": dict(lon=(120.0, 135.0), lat=(33.0, 44.0)),
    "europe": dict(lon=(20.0, 50.0), lat=(43.0, 60.0)),
}
RESOLUTION = {"all": 110}  # plotly's 1:110m outlines for the whole region, 1:50m zoomed in
# Each pair's arc bends by its own share of the distance between its capitals (positive: to the
# left going from the first country to the second), so that the pairs sharing a far end
# (South Korea and North Korea to Russia, and to Ukraine) are drawn apart.
BEND = {
    "KOR-PRK": 0.45,
    "KOR-RUS": -0.04,
    "PRK-RUS": -0.2,
    "KOR-UKR": 0.1,
    "PRK-UKR": 0.24,
    "RUS-UKR": 0.3,
}
ARC_POINTS = 40
PLACE_SMALLEST, CAPITAL_TARGET = 9, 8  # marker sizes (px): the target must be the smaller
# Labels beside the stars, away from each other (Seoul and Pyongyang are 170 km apart).
LABEL_SIDE = {"KOR": "bottom right", "PRK": "top left", "RUS": "top center", "UKR": "bottom center"}


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
    """The capitals of the four countries that the folder has, with coordinates: country id
    and name, capital name and coordinates (a folder of two countries draws two)."""
    rows = actors[actors["id"].isin(COUNTRIES)].set_index("id")
    present = [c for c in COUNTRIES if c in rows.index]
    rows = rows.loc[present]
    lat = pd.to_numeric(rows["latitude"], errors="coerce")
    lon = pd.to_numeric(rows["longitude"], errors="coerce")
    placed = (lat.notna() & lon.notna()).to_numpy()
    return pd.DataFrame(
        {
            "country": [c for c, ok in zip(present, placed, strict=True) if ok],
            "name": rows["name"][placed].to_list(),
            "capital": rows["capital"][placed].fillna("").to_list(),
            "latitude": lat[placed].astype(float).to_list(),
            "longitude": lon[placed].astype(float).to_list(),
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
        if a not in where.index or b not in where.index:
            continue  # a country without a capital on the map: its pair has no line
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


def arc(pair: str, lat_a: float, lon_a: float, lat_b: float, lon_b: float):
    """The pair's curve between two capitals: a quadratic Bézier in degrees whose control point
    lies off the chord's middle by the pair's BEND; returns (lats, lons) and its middle point."""
    bend = BEND.get(pair, 0.2)
    mid_lat, mid_lon = (lat_a + lat_b) / 2, (lon_a + lon_b) / 2
    d_lat, d_lon = lat_b - lat_a, lon_b - lon_a
    # The chord turned by 90 degrees, scaled: the control point off the middle.
    ctrl_lat, ctrl_lon = mid_lat + bend * d_lon, mid_lon - bend * d_lat
    lats, lons = [], []
    for i in range(ARC_POINTS + 1):
        t = i / ARC_POINTS
        u = 1 - t
        lats.append(u * u * lat_a + 2 * u * t * ctrl_lat + t * t * lat_b)
        lons.append(u * u * lon_a + 2 * u * t * ctrl_lon + t * t * lon_b)
    half = ARC_POINTS // 2
    return lats, lons, (lats[half], lons[half])


def line_width(count: int, top: int) -> float:
    """A pair line's width in pixels: 1.5 for one event up to 10 for the busiest pair."""
    return round(1.5 + 8.5 * count / max(top, 1), 1)


def in_period(events: pd.DataFrame, period: str) -> pd.DataFrame:
    """Events whose span overlaps the frame."""
    start, end = period_bounds(period)
    return events[(events["span_start"] <= end) & (events["span_end"] >= start)]


def map_height(region: str, width: int) -> int:
    """The frame height (px) at which the region's Mercator box fills `width` pixels of map,
    plus the legend above and the colour bar below, so no blank band is left."""
    box = REGIONS.get(region, REGIONS["all"])

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = math.radians(box["lon"][1] - box["lon"][0])
    ratio = (y(box["lat"][1]) - y(box["lat"][0])) / lon_span
    return round(width * ratio) + 100


def map_figure(
    points: pd.DataFrame,
    lines: pd.DataFrame,
    caps: pd.DataFrame,
    extra: Sequence[dict] = (),
    region: str = "all",
    height: int = 560,
) -> go.Figure:
    """Capitals, pair lines (colour = mean intensity, width = events) and sized event markers;
    `extra` traces (the GDELT layer's) go underneath the curated marks."""
    data = list(extra)
    top = max(lines["count"].max(), 1) if not lines.empty else 1
    middles = []
    for rec in lines.to_dict("records"):
        lats, lons, middle = arc(
            rec["pair"], rec["lat_a"], rec["lon_a"], rec["lat_b"], rec["lon_b"]
        )
        colour = intensity_colour(rec["mean_intensity"])
        text = (
            f"{rec['label']}: {rec['count']} event{'s' if rec['count'] != 1 else ''},"
            f" mean intensity {rec['mean_intensity']:+.1f}"
        )
        # The line itself takes no hover (its ends would cover the capitals); a dot at its
        # middle carries the pair's numbers.
        data.append(
            dict(
                type="scattergeo",
                mode="lines",
                lat=lats,
                lon=lons,
                line=dict(width=line_width(rec["count"], top), color=colour),
                name=f"{rec['pair']}: {rec['count']} events, mean {rec['mean_intensity']:+.1f}",
                hoverinfo="skip",
                showlegend=False,
                meta=rec["pair"],
            )
        )
        middles.append((middle, colour, text, rec["pair"]))
    if middles:
        data.append(
            dict(
                type="scattergeo",
                mode="markers",
                lat=[m[0][0] for m in middles],
                lon=[m[0][1] for m in middles],
                marker=dict(
                    size=9, color=[m[1] for m in middles], line=dict(width=1, color=OUTLINE)
                ),
                hoverinfo="text",
                hovertext=[m[2] for m in middles],
                name="Pairs",
                showlegend=False,
                meta="pair-middles",
            )
        )
        # The legend for width: two samples, the thinnest and the widest line drawn.
        for count in sorted({1, int(top)}):
            data.append(
                dict(
                    type="scattergeo",
                    mode="lines",
                    lat=[None],
                    lon=[None],
                    line=dict(width=line_width(count, top), color=COUNT_MARK),
                    name=f"{count} event{'s' if count != 1 else ''} between two capitals",
                    showlegend=True,
                    hoverinfo="skip",
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
                    size=[PLACE_SMALLEST + 22 * math.sqrt(c / biggest) for c in points["count"]],
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
    keys = [location_key(a, b) for a, b in zip(caps["latitude"], caps["longitude"], strict=True)]
    data.append(
        dict(
            type="scattergeo",
            mode="markers+text",
            lat=caps["latitude"],
            lon=caps["longitude"],
            text=[plain_hover(c) for c in caps["capital"]],
            textposition=[LABEL_SIDE.get(c, "top center") for c in caps["country"]],
            textfont=dict(size=14, color=INK),
            marker=dict(symbol="star", size=15, color=KEY_STAR, line=dict(width=1, color=OUTLINE)),
            hoverinfo="skip",  # the target below takes the hover and the click
            name="Capitals",
            showlegend=False,
        )
    )
    # Plotly gives a hover to the smallest marker under the pointer, so a place drawn near a
    # capital (Gimpo beside Seoul) would take the star's click: an unseen target smaller than
    # any place circle, on top, lists the events at the capital's coordinates instead.
    data.append(
        dict(
            type="scattergeo",
            mode="markers",
            lat=caps["latitude"],
            lon=caps["longitude"],
            customdata=keys,
            marker=dict(size=CAPITAL_TARGET, color=KEY_STAR, opacity=0),
            hoverinfo="text",
            hovertext=[
                f"{plain_hover(c)}, capital of {plain_hover(n)}: click to list its events"
                for c, n in zip(caps["capital"], caps["name"], strict=True)
            ],
            name="Capital targets",
            showlegend=False,
        )
    )
    box = REGIONS.get(region, REGIONS["all"])
    layout = dict(
        height=height,
        margin=dict(l=0, r=0, t=30, b=70),
        font=FONT,
        coloraxis=dict(
            COLORAXIS, colorbar=dict(COLORAXIS["colorbar"], title=dict(text="Mean intensity"))
        ),
        legend=dict(orientation="h", x=0, xanchor="left", y=1, yanchor="bottom", yref="paper"),
        geo=dict(
            projection=dict(type="mercator"),
            lonaxis=dict(range=list(box["lon"])),
            lataxis=dict(range=list(box["lat"])),
            # The coarser outlines draw about 3x faster: enough for the whole region, while
            # the zoomed regions need the finer ones.
            resolution=RESOLUTION.get(region, 50),
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
