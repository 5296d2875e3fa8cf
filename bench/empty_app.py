"""The floor for one interaction: a title and the sidebar's pair selectbox, and nothing else.

bench/run.py reruns it with the same change as the dashboard (AppTest and real Chromium), so
the dashboard's numbers can be read against what Streamlit itself costs.
"""

import streamlit as st

from dashboard.core.countries import PAIRS

st.title("Empty app")
st.selectbox("Pair", PAIRS, index=None, key="pair", bind="query-params", placeholder="Any")
