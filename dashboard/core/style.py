"""Colours, the intensity colour scale and the chart font: one palette for every view."""

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
SPARK = "#444"  # sparklines
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
FONT = dict(family="Noto Sans, Noto Sans CJK KR, sans-serif")
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


def intensity_colour(intensity: float) -> str:
    """The palette's colour for an intensity, for marks drawn one by one (lines, edges)."""
    position = (intensity - INTENSITY_MIN) / (INTENSITY_MAX - INTENSITY_MIN)
    return sample_colorscale(INTENSITY_SCALE, [position])[0]
