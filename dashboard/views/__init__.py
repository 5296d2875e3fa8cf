"""Streamlit pages. Each places what dashboard.core builds; none reads files."""
