"""The export's flat rows: exactly the schema's export columns, lists joined with spaces."""

import json

import pandas as pd
from factories import SOURCES, write_folder

from dashboard.core.dataset import load_dataset
from dashboard.core.export import export_frame, to_csv_text, to_json_text
from dashboard.core.schema import load_schema


def _rows(tmp_path):
    dataset = load_dataset(write_folder(tmp_path / "data"))
    return export_frame(dataset.events, load_schema()).set_index("id", drop=False)


def test_export_frame_has_exactly_the_schema_export_columns(tmp_path):
    assert list(_rows(tmp_path).columns) == list(load_schema().export)


def test_export_frame_writes_month_precision_dates_as_year_and_month(tmp_path):
    assert _rows(tmp_path).loc["treaty-1961", "date"] == "1961-07"


def test_export_frame_flattens_urls_people_and_countries(tmp_path):
    row = _rows(tmp_path).loc["kor-summons-envoy"]
    assert row["source_urls"] == SOURCES[0]["url"]
    assert row["people"] == "georgy-zinoviev"
    assert (row["source_country"], row["target_country"]) == ("KOR", "RUS")
    assert row["quad_class"] == "verbal_conflict"
    assert row["key"] == "true"


def test_export_frame_gives_the_soviet_union_the_country_code_of_russia(tmp_path):
    assert _rows(tmp_path).loc["treaty-1961", "source_country"] == "RUS"


def test_csv_and_json_carry_the_same_rows(tmp_path):
    rows = _rows(tmp_path)
    from_csv = pd.read_csv(
        __import__("io").StringIO(to_csv_text(rows)), dtype=str, keep_default_na=False
    )
    from_json = json.loads(to_json_text(rows))
    assert list(from_csv["id"]) == [r["id"] for r in from_json] == list(rows["id"])
    assert from_json[0]["intensity"] == int(from_csv["intensity"][0])


def test_export_frame_of_no_events_still_has_the_header(tmp_path):
    rows = export_frame(pd.DataFrame(), load_schema())
    assert to_csv_text(rows).strip() == ",".join(load_schema().export)


def test_csv_cells_that_a_spreadsheet_would_run_get_a_leading_quote_and_json_keeps_them(
    tmp_path,
):
    """OWASP's advice for CSV injection: a text cell starting with =, +, -, @, tab or carriage
    return gets a leading '; numbers stay numbers; the JSON export keeps the exact text."""
    from factories import SUMMONS

    # (A bare carriage return cannot be written in a data file: neutralise_formula's test.)
    starts = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tx"]
    events = [
        dict(SUMMONS, id=f"formula-{i}", title=text, summary=f"safe {text}")
        for i, text in enumerate(starts)
    ]
    rows = export_frame(
        load_dataset(write_folder(tmp_path / "data", events=events)).events, load_schema()
    )
    from_csv = pd.read_csv(
        __import__("io").StringIO(to_csv_text(rows)), dtype=str, keep_default_na=False
    )
    titles = dict(zip(from_csv["id"], from_csv["title"], strict=True))
    assert [titles[f"formula-{i}"] for i in range(len(starts))] == [f"'{t}" for t in starts]
    # A cell that only holds such a character later is left alone, and so is a number.
    assert all(s.startswith("safe ") for s in from_csv["summary"])
    assert set(from_csv["intensity"]) == {str(SUMMONS["intensity"])}
    from_json = {r["id"]: r["title"] for r in json.loads(to_json_text(rows))}
    assert [from_json[f"formula-{i}"] for i in range(len(starts))] == starts


def test_neutralise_formula_quotes_each_start_owasp_names_and_leaves_numbers():
    from dashboard.core.export import neutralise_formula

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise_formula(f"{start}1") == f"'{start}1"
    assert neutralise_formula(-3) == -3 and neutralise_formula("a-b") == "a-b"
