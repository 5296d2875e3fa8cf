"""The floor for a page with a chart: empty_app.py's title and pair selectbox, a count line and
ONE Plotly chart that changes with the pair, and nothing else.

bench/page_times.py loads it and changes its pair like every page of the dashboard, so a page's
first load and redraw in Chromium can be read against what Streamlit and Plotly cost at least
(Streamlit's frontend, the websocket, the lazily loaded Plotly bundle, one chart drawn).
"""

import plotly.graph_objects as go
import streamlit as st

from dashboard.core.countries import PAIRS

TITLE = "Empty app with one chart"  # the tab's title too: the measurement checks which app it is

st.set_page_config(page_title=TITLE)
st.title(TITLE)
pair = st.selectbox("Pair", PAIRS, index=None, key="pair", bind="query-params", placeholder="Any")
shown = [p for p in PAIRS if pair in (None, p)]
# The same words as the dashboard's count line, which the measurement waits for.
st.markdown(f"**Showing {len(shown)} of {len(PAIRS)} pairs**")
figure = go.Figure(
    go.Bar(
        x=list(PAIRS),
        y=list(range(1, len(PAIRS) + 1)),
        marker_color=["#d62728" if p in shown else "#cccccc" for p in PAIRS],
    )
)
figure.update_layout(height=320, margin={"t": 10, "b": 10, "l": 10, "r": 10})
st.plotly_chart(figure, key="chart")
