"""Phones: a tap on a chart's point opens it, and the filter sidebar closes after a change.

Both are constant scripts that carry no data (`st.html` with JavaScript allowed)."""

import streamlit as st

from dashboard.core.filters import Filters
from dashboard.views.context import script_now

# On a touch screen plotly answers a tap with a tooltip and its own click event, but selects
# nothing (plotly.js#1858), so Streamlit never hears of it. A tap on a point therefore opens the
# address of what it stands for: a timeline or index point its event, a map place its list.
# The id is checked against the shapes the link decoder accepts before it goes in the address.
TAP_SELECTS = """<script>
(() => {
  if (window.fourCapitalsTapSelects) return;
  window.fourCapitalsTapSelects = true;
  const PARAMS = [
    [".st-key-timeline_chart, .st-key-index_chart", "event", /^[A-Za-z0-9_.:-]{1,200}$/],
    ["[class*=st-key-map_chart]", "loc", /^(gdelt:)?-?[0-9.]+,-?[0-9.]+$/],
  ];
  let touched = 0;
  const follow = (param, pattern) => (data) => {
    if (Date.now() - touched > 5000) return;  // a mouse click: Streamlit selects it already
    const id = data && data.points && data.points[0] && data.points[0].customdata;
    if (typeof id !== "string" || !pattern.test(id)) return;
    const url = new URL(window.location.href);
    url.searchParams.set(param, id);
    window.location.assign(url.toString());
  };
  document.addEventListener("touchstart", (event) => {
    touched = Date.now();
    if (!event.target.closest) return;
    for (const [selector, param, pattern] of PARAMS) {
      const chart = event.target.closest(selector);
      const plot = chart && chart.querySelector(".js-plotly-plot");
      if (plot && plot.on && !plot.fourCapitalsTap) {
        plot.fourCapitalsTap = true;
        plot.on("plotly_click", follow(param, pattern));
      }
    }
  }, {capture: true, passive: true});
})();
</script>"""

# The sidebar covers most of a phone's screen: after a filter changes it closes, so the reader
# sees the count change. `{run}` makes each script a new element, which runs once.
CLOSE_SIDEBAR = """<script data-run="{run}">
(() => {{
  if (window.innerWidth > 640) return;
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (!sidebar || sidebar.dataset.collapsed !== "false") return;
  const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (button) button.click();
}})();
</script>"""


def install() -> None:
    """The tap script, once per page (an invisible element)."""
    st.html(TAP_SELECTS, unsafe_allow_javascript=True)


def close_sidebar_after_change(filters: Filters) -> None:
    """On a phone, close the filter sidebar on the run after the filters changed."""
    before = st.session_state.get("_last_filters")
    now = repr(filters)
    st.session_state["_last_filters"] = now
    if before is None or before == now:
        return
    script_now(CLOSE_SIDEBAR)
