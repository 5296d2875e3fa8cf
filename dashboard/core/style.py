"""Colours, the intensity colour scale and the chart font: one palette for every view."""

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

INTENSITY_MIN, INTENSITY_MAX = -10, 10
# Red = hostile, blue = cooperative (a colour-blind-safe diverging pair), with a mid grey rather
# than white at 0 so that neutral and hollow markers stay visible on a white background.
INTENSITY_SCALE = [
    [0.0, "#67001f"],
    [0.25, "#d6604d"],
    [0.5, "#a8a8a8"],
    [0.75, "#4393c3"],
    [1.0, "#053061"],
]
HOSTILE, COOPERATIVE = "#b2182b", "#2166ac"  # the index's bars below and above zero
NEUTRAL_MARK = "#8c8c8c"  # legend samples of the status symbols
KEY_STAR = "#f2b701"  # key events on the index and the capitals on the map
OUTLINE = "#333"  # around markers
INK = "#222"  # the rolling mean, labels in focus
COUNT_MARK = "#777"  # events-per-month ticks
UNLIT_TEXT = "#aaa"  # labels outside the focus
COUNTRY_NODE = "#4a6b8a"  # network nodes in focus
UNLIT = "#d5d5d5"  # network nodes and edges outside the focus
GDELT_COLOUR = "#7a5195"  # the automated layer's own colour, with dashes, in every view
# Okabe–Ito colours (colour-blind safe, yellow left out), one per pair in the GDELT charts;
# apart from the red–blue intensity scale, which stays reserved for the curated events.
PAIR_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7")
MAP = dict(
    countrycolor="#8a8a8a",
    landcolor="#f1efe9",
    oceancolor="#e3edf5",
    lakecolor="#e3edf5",
    coastlinecolor="#9a9a9a",
)
CHART_TEXT = "#4a4d57"  # axis labels and legends: 4.5:1 or more on white (Streamlit's is lighter)
FONT = dict(family="Noto Sans, Noto Sans CJK KR, sans-serif", color=CHART_TEXT)
# A horizontal colour bar under the plot leaves the full width to time, also on a phone.
COLORAXIS = dict(
    colorscale=INTENSITY_SCALE,
    cmin=INTENSITY_MIN,
    cmax=INTENSITY_MAX,
    colorbar=dict(
        title=dict(text="Intensity", side="right"),
        tickvals=[INTENSITY_MIN, 0, INTENSITY_MAX],
        ticktext=[f"{INTENSITY_MIN} hostile", "0", f"+{INTENSITY_MAX} cooperative"],
        orientation="h",
        x=0.5,
        xanchor="center",
        y=0,
        yref="container",
        yanchor="bottom",
        len=0.8,
        thickness=12,
    ),
)


# The dark theme's counterparts of the colours above that sit on the page's background (the
# intensity scale, the key star and the pair colours read on both). Streamlit 1.67's dark theme
# has a #171614 background and #fafafa text; `recolour` swaps these in a figure for dark readers.
PAGE = {"light": "#ffffff", "dark": "#171614"}
TEXT = {"light": "#31333f", "dark": "#fafafa"}
DARK_COLOURS = {
    CHART_TEXT: "#d3d5dc",
    INK: "#e8e8e8",
    OUTLINE: "#c8c8c8",
    COUNT_MARK: "#a0a0a0",
    UNLIT_TEXT: "#6f747c",
    UNLIT: "#3a3f47",
    MAP["landcolor"]: "#262a31",
    MAP["oceancolor"]: "#17212d",
    MAP["countrycolor"]: "#7d838c",
    MAP["coastlinecolor"]: "#6b7380",
}


def theme_of(value: object) -> str:
    """'dark' or 'light' (anything else, such as an unknown or missing theme, is light)."""
    return "dark" if value == "dark" else "light"


def _swap(value: object, table: dict[str, str]) -> object:
    if isinstance(value, str):
        return table.get(value.lower(), value)
    if isinstance(value, dict):
        return {k: _swap(v, table) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_swap(v, table) for v in value]
    return value


def recolour(figure: go.Figure, theme: object) -> go.Figure:
    """A copy of the figure in the theme's colours: the light palette's page colours swapped
    for dark readers, and the axes', legend's and colour bar's text in CHART_TEXT (Streamlit's
    chart theme would draw them in a grey under 4.5:1 on white)."""
    dark = theme_of(theme) == "dark"
    table = {k.lower(): v for k, v in DARK_COLOURS.items()} if dark else {}
    spec = _swap(figure.to_dict(), table)
    colour = DARK_COLOURS[CHART_TEXT] if dark else CHART_TEXT
    layout = spec.setdefault("layout", {})

    def child(part: dict, key: str) -> dict:
        """part[key] as a dict (a title given as a bare string becomes its text)."""
        value = part.get(key)
        if not isinstance(value, dict):
            value = part[key] = {"text": value} if isinstance(value, str) else {}
        return value

    def paint(part: dict, key: str) -> None:
        child(part, key)["color"] = colour

    for name in ("xaxis", "yaxis"):  # drawn only when a trace uses them
        child(layout, name)
    for name, part in layout.items():
        if name.startswith(("xaxis", "yaxis")):
            paint(part, "tickfont")
            paint(child(part, "title"), "font")
        elif name.startswith("coloraxis"):
            bar = child(part, "colorbar")
            paint(bar, "tickfont")
            paint(child(bar, "title"), "font")
    paint(child(layout, "legend"), "font")
    return go.Figure(spec, _validate=False)


def intensity_colour(intensity: float) -> str:
    """The palette's colour for an intensity, for marks drawn one by one (lines, edges)."""
    position = (intensity - INTENSITY_MIN) / (INTENSITY_MAX - INTENSITY_MIN)
    return sample_colorscale(INTENSITY_SCALE, [position])[0]
