"""Plain-Python core: data, filters and figures. Never imports streamlit."""
