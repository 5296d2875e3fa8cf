"""The README documents every URL key, export flag and column, and gives two set-up commands."""

import ast
import re
from pathlib import Path

from dashboard.core.dataset import load_dataset
from dashboard.core.docs import (
    columns_table,
    coverage_tables,
    export_table,
    filter_keys_table,
    quad_types_table,
    rubric_table,
)
from dashboard.core.folders import BUNDLED_DATA
from dashboard.core.schema import load_schema

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DATA_README = (ROOT / "data" / "README.md").read_text(encoding="utf-8")


def test_readme_has_the_current_filter_key_table():
    assert filter_keys_table() in README


def test_readme_has_the_current_export_column_table():
    assert export_table(load_schema()) in README


def test_data_readme_has_the_current_table_of_every_data_file():
    for table in load_schema().tables.values():
        assert columns_table(table) in DATA_README, table.file


def test_readme_gives_exactly_two_set_up_commands():
    setup = README.split("## Set up", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^make \w+", setup, flags=re.M)
    assert commands == ["make run", "make test"]


def test_data_readme_has_the_current_coverage_counts():
    dataset = load_dataset(BUNDLED_DATA)
    assert coverage_tables(dataset.events, dataset.sources) in DATA_README


def _bound_and_read_keys() -> set[str]:
    """Every widget key bound to the URL, and every key the app reads from st.query_params."""
    keys = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                kw = {k.arg: k.value for k in node.keywords}
                if "bind" in kw and isinstance(kw.get("key"), ast.Constant):
                    keys.add(kw["key"].value)
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "query_params"
                and isinstance(node.slice, ast.Constant)
            ):
                keys.add(node.slice.value)
    return keys


def test_readme_documents_every_url_key_the_app_uses():
    documented = set(re.findall(r"^\| `(\w+)` \| (?:`--|–)", README, flags=re.M))
    used = _bound_and_read_keys()
    assert used, "found no URL keys in the code"
    assert used <= documented, used - documented


def _table_in_section(heading: str) -> str:
    """The markdown table lines of one `## heading` section of data/README.md."""
    section = DATA_README.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


def test_data_readme_has_exactly_the_intensity_rubric_of_the_schema():
    assert _table_in_section("Intensity rubric") == rubric_table(load_schema())


def test_data_readme_has_exactly_the_event_types_per_quad_class_of_the_schema():
    assert _table_in_section("Event types and quad classes") == quad_types_table(load_schema())


def test_readme_shows_the_bigquery_query_the_import_reads():
    from dashboard.core.gdelt.read import BIGQUERY_SQL

    assert BIGQUERY_SQL.strip() in README
