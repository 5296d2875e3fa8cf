"""The palette: dark-theme swaps, text contrast (WCAG) and colours told apart without red-green."""

import itertools

import pytest

from dashboard.core.style import (
    CHART_TEXT,
    COOPERATIVE,
    COUNT_MARK,
    DARK_COLOURS,
    GDELT_COLOUR,
    HOSTILE,
    INK,
    OUTLINE,
    PAGE,
    PAIR_COLOURS,
    TEXT,
    recolour,
)

# Machado, Oliveira and Fernandes (2009), severity 1: linear-RGB matrices.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
}  # fmt: skip


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(colour: str) -> float:
    r, g, b = (_linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _seen(colour: str, kind: str) -> tuple[float, ...]:
    linear = [_linear(c) for c in _rgb(colour)]
    return tuple(sum(m * v for m, v in zip(row, linear, strict=True)) for row in CVD[kind])


def test_text_reads_on_both_themes_pages():
    for theme in ("light", "dark"):
        assert contrast(TEXT[theme], PAGE[theme]) >= 7
    # Axis labels and legends of every chart.
    assert contrast(CHART_TEXT, PAGE["light"]) >= 4.5
    assert contrast(DARK_COLOURS[CHART_TEXT], PAGE["dark"]) >= 4.5
    # Labels and lines drawn in INK (the rolling mean, names in focus): text contrast, 4.5:1.
    assert contrast(INK, PAGE["light"]) >= 4.5
    assert contrast(DARK_COLOURS[INK], PAGE["dark"]) >= 4.5


@pytest.mark.parametrize("mark", [COUNT_MARK, OUTLINE])
def test_marks_stand_out_from_both_pages(mark):
    """Non-text marks (count ticks, outlines) need 3:1 (WCAG 1.4.11); the sparklines are drawn
    in the page's own text colour."""
    assert contrast(mark, PAGE["light"]) >= 3
    assert contrast(DARK_COLOURS[mark], PAGE["dark"]) >= 3


def test_dark_theme_swaps_the_page_colours_of_a_figure_and_light_keeps_them():
    import plotly.graph_objects as go

    figure = go.Figure(
        data=[dict(type="scatter", x=[1, 2], y=[1, 2], line=dict(color=INK))],
        layout=dict(yaxis=dict(zerolinecolor=COUNT_MARK)),
    )
    for light in (recolour(figure, "light"), recolour(figure, None)):
        assert light.data[0].line.color == INK
        assert light.layout.xaxis.tickfont.color == CHART_TEXT
    dark = recolour(figure, "dark")
    assert dark.data[0].line.color == DARK_COLOURS[INK]
    assert dark.layout.yaxis.zerolinecolor == DARK_COLOURS[COUNT_MARK]
    assert dark.layout.yaxis.tickfont.color == DARK_COLOURS[CHART_TEXT]
    assert figure.data[0].line.color == INK  # the figure given is not changed
    assert figure.layout.xaxis.tickfont.color is None


def test_colours_that_mean_different_things_stay_apart_for_red_green_colour_blindness():
    """Simulated protanopia and deuteranopia: hostile vs cooperative, and the six pair
    colours of the automated layer and its own colour, stay apart (linear RGB distance)."""

    def gap(a: str, b: str, kind: str) -> float:
        seen_a, seen_b = _seen(a, kind), _seen(b, kind)
        return sum((x - y) ** 2 for x, y in zip(seen_a, seen_b, strict=True)) ** 0.5

    # The measure tells a pair known to be confused: plotly's default orange and green.
    assert gap("#ff7f0e", "#2ca02c", "protanopia") < 0.14
    groups = [(HOSTILE, COOPERATIVE), (*PAIR_COLOURS, GDELT_COLOUR)]
    for kind in CVD:
        for group in groups:
            for a, b in itertools.combinations(group, 2):
                assert gap(a, b, kind) > 0.14, (kind, a, b, round(gap(a, b, kind), 3))


def test_every_axis_legend_and_colour_bar_gets_the_chart_text_colour():
    import plotly.graph_objects as go

    figure = go.Figure(
        data=[dict(type="scatter", x=[1], y=[2], marker=dict(coloraxis="coloraxis"))],
        layout=dict(xaxis=dict(title=None), yaxis2=dict(title="Events"), coloraxis=dict(cmin=-1)),
    )
    themed = recolour(figure, "dark").to_dict()["layout"]
    colour = DARK_COLOURS[CHART_TEXT]
    assert themed["xaxis"]["tickfont"]["color"] == colour
    assert themed["yaxis2"]["title"] == {"text": "Events", "font": {"color": colour}}
    assert themed["coloraxis"]["colorbar"]["tickfont"]["color"] == colour
    assert themed["legend"]["font"]["color"] == colour
