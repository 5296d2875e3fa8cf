"""The reader's theme, switched in the ⋮ menu, redraws what the server coloured.

Streamlit restyles its own elements when the reader picks Light or Dark in the menu, but does
not rerun the script, so the charts' and the network's colours (chosen on the server from
st.context.theme) would stay in the old theme. A constant script compares the page's theme with
the one the last run drew in, and presses a hidden button once when they differ: the rerun
then draws in the new theme."""

import streamlit as st

from dashboard.core.style import theme_of
from dashboard.views.context import script_now

BOX = "theme_redraw_box"
HIDE = f"<style>.st-key-{BOX} {{ display: none; }}</style>"
# The theme the page is in, from the app's background (dark below luminance 0.5).
WATCH = """<script>
(() => {
  if (window.fourCapitalsThemeWatch) return;
  window.fourCapitalsThemeWatch = true;
  let pressedFor = null;
  const pageTheme = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return null;
    const rgb = (getComputedStyle(app).backgroundColor.match(/[0-9.]+/g) || []).map(Number);
    if (rgb.length < 3) return null;
    return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255 < 0.5 ? "dark" : "light";
  };
  setInterval(() => {
    const now = pageTheme();
    const drawn = window.fourCapitalsDrawnTheme;
    if (!now || !drawn || now === drawn) { pressedFor = null; return; }
    if (pressedFor === now) return;  // once per switch, whatever the server answers
    const button = document.querySelector(".st-key-BOX_KEY button");
    if (button) { pressedFor = now; button.click(); }
  }, 400);
})();
</script>""".replace("BOX_KEY", BOX)
# Per run: the theme this run drew in (one of two constant words, no data).
DRAWN = '<script data-run="{run}">window.fourCapitalsDrawnTheme = "{theme}";</script>'


def watch(drawn: str) -> None:
    """The watcher (once per page), this run's theme, and the hidden button it presses."""
    st.html(HIDE)
    st.html(WATCH, unsafe_allow_javascript=True)
    script_now(DRAWN, theme=theme_of(drawn))
    with st.container(key=BOX):
        st.button("Redraw in the reader's theme", key="theme_redraw")
