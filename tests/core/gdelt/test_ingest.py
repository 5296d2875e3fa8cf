"""The GDELT import: exports read as text, bad lines named, pairs kept, reports folded."""

import json
import zipfile

import pandas as pd
import pyarrow.parquet as pq
import pytest
from gdelt_samples import (
    BROKEN,
    ROWS,
    write_bigquery_csv,
    write_export,
    zip_export,
)

from dashboard.core.gdelt.contract import GDELT_FILE, MANIFEST_FILE, PARQUET_SCHEMA
from dashboard.core.gdelt.ingest import (
    fold_reports,
    import_gdelt,
    keep_pairs,
    to_events,
)
from dashboard.core.gdelt.read import (
    BIGQUERY_SQL,
    BIGQUERY_TABLE,
    NEEDED,
    GdeltImportError,
    NotGdeltError,
    read_bigquery_result,
    read_export,
    read_exports,
)

STAMP = "20240619094500"


def _export(tmp_path, rows=None, name=f"{STAMP}.export.CSV"):
    rows = list(ROWS.values()) if rows is None else rows
    return write_export(tmp_path / "in" / name, rows)


def _events(path):
    kept, _ = keep_pairs(read_export(path).rows)
    return to_events(kept)


def test_read_export_keeps_codes_as_text_so_010_and_10_differ(tmp_path):
    rows = read_export(_export(tmp_path)).rows.set_index("GLOBALEVENTID")
    assert rows.loc["1003", "EventCode"] == "010"
    assert rows.loc["1004", "EventCode"] == "10"
    assert rows.loc["1001", "EventCode"] == "0314"
    assert rows.loc["1006", "GoldsteinScale"] == ""


def test_read_export_decides_zip_by_magic_bytes_not_by_the_name(tmp_path):
    plain = _export(tmp_path)
    zipped = zip_export(plain, tmp_path / "looks-plain.CSV")
    text_named_zip = plain.rename(tmp_path / "in" / "really-text.zip")
    expected = list(ROWS.values())
    assert len(read_export(zipped).rows) == len(expected)
    assert len(read_export(text_named_zip).rows) == len(expected)


def test_read_export_counts_and_names_each_malformed_line_and_goes_on(tmp_path):
    lines = [ROWS["kor_prk"], *(line for line, _ in BROKEN.values()), ROWS["rus_ukr_fight"]]
    batch = read_export(_export(tmp_path, lines))
    assert batch.inputs[0]["rows_read"] == len(lines)
    assert list(batch.rows["GLOBALEVENTID"]) == ["1001", "1002"]
    assert batch.inputs[0]["malformed"] == len(BROKEN)
    assert batch.malformed == [
        {"file": f"{STAMP}.export.CSV", "line": n, "reason": reason}
        for n, (_, reason) in enumerate(BROKEN.values(), start=2)
    ]


def test_read_exports_checks_several_files_in_one_batch_and_counts_each_file(tmp_path):
    first = _export(tmp_path, [ROWS["kor_prk"], BROKEN["bad_date"][0]], name="a.CSV")
    second = _export(tmp_path, [BROKEN["too_few_fields"][0], ROWS["rus_ukr_fight"]], name="b.CSV")
    [batch] = read_exports([first, second])
    assert [(i["name"], i["rows_read"], i["malformed"]) for i in batch.inputs] == [
        ("a.CSV", 2, 1),
        ("b.CSV", 2, 1),
    ]
    assert [(p["file"], p["line"]) for p in batch.malformed] == [("a.CSV", 2), ("b.CSV", 1)]
    assert list(batch.rows["GLOBALEVENTID"]) == ["1001", "1002"]
    assert list(batch.rows["line"]) == [1, 2]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("EventCode", "999", "EventCode '999' is not a CAMEO code"),
        ("GoldsteinScale", "high", "GoldsteinScale 'high' is not a number"),
        ("NumSources", "", "NumSources '' is not a whole number"),
        ("NumArticles", "2.5", "NumArticles '2.5' is not a whole number"),
        ("QuadClass", "7", "QuadClass '7' is not one of 1, 2, 3, 4"),
        ("QuadClass", "x", "QuadClass 'x' is not one of 1, 2, 3, 4"),
        ("SQLDATE", "2024061", "SQLDATE '2024061' is not a date YYYYMMDD"),
        ("GLOBALEVENTID", "abc", "GLOBALEVENTID 'abc' is not a number"),
    ],
)
def test_each_field_check_names_the_field_and_the_value(tmp_path, field, value, reason):
    batch = read_export(_export(tmp_path, [ROWS["kor_prk"], {**ROWS["kor_usa"], field: value}]))
    assert [p["reason"] for p in batch.malformed] == [reason]
    assert batch.malformed[0]["line"] == 2


def test_a_file_whose_first_line_is_broken_but_later_lines_are_gdelt_is_read(tmp_path):
    batch = read_export(_export(tmp_path, ["just a header line", ROWS["kor_prk"]]))
    assert batch.inputs[0]["malformed"] == 1 and len(batch.rows) == 1


def _zip_without_csv(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return path


@pytest.mark.parametrize(
    ("make", "found"),
    [
        (
            lambda p: p.write_text("a\tb\tc\n" * 3),
            "line 1 has 3 tab-separated fields, expected 61; none of the first 3 lines has 61",
        ),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), "it is binary"),
        (lambda p: p.write_bytes(b"caf\xe9\tbar\n"), "it is not UTF-8 text (byte 0xe9"),
        (lambda p: p.write_text(""), "it is empty"),
        (_zip_without_csv, "the zip should hold one .CSV file, it holds readme.txt"),
        (lambda p: p.write_bytes(b"PK\x03\x04 truncated"), "File is not a zip file"),
        (lambda p: None, "no such file"),
    ],
)
def test_a_file_that_is_not_gdelt_raises_one_clear_error_naming_it(tmp_path, make, found):
    path = tmp_path / "x.csv"
    make(path)
    with pytest.raises(NotGdeltError) as raised:
        read_export(path)
    message = str(raised.value)
    assert message.startswith(f"{path} is not a GDELT 2.0 event export: ")
    assert found in message and "\n" not in message


def test_keep_pairs_keeps_two_different_countries_of_the_four_and_counts_the_rest(tmp_path):
    kept, dropped = keep_pairs(read_export(_export(tmp_path)).rows)
    assert sorted(kept["GLOBALEVENTID"]) == sorted(
        ROWS[k]["GLOBALEVENTID"] for k in ROWS if k not in ("kor_kor", "kor_usa", "kor_nobody")
    )
    assert dropped == {"missing_country": 1, "same_country": 1, "not_a_pair_of_interest": 1}


def test_keep_pairs_with_a_country_also_keeps_its_pairs_with_the_four(tmp_path):
    kept, dropped = keep_pairs(read_export(_export(tmp_path)).rows, ["USA"])
    assert "1011" in set(kept["GLOBALEVENTID"])
    assert dropped["not_a_pair_of_interest"] == 0


def test_to_events_maps_cameo_to_plover_and_counts_parent_and_unmapped_codes(tmp_path):
    events, stats = _events(_export(tmp_path))
    by_id = events.set_index("event_id")
    assert tuple(by_id.loc["1001", ["plover_type", "plover_quad", "plover_rule"]]) == (
        "AGREE",
        "verbal_cooperation",
        "exact",
    )
    assert tuple(by_id.loc["1005", ["plover_type", "plover_rule"]]) == ("MOBILIZE", "parent")
    assert tuple(by_id.loc["1003", ["plover_type", "plover_quad", "plover_rule"]]) == (
        "",
        "",
        "unmapped",
    )
    assert by_id.loc["1004", "plover_type"] == "DEMAND"
    assert stats["unmapped_codes"] == {"010": 1}
    assert stats["parent_mapped_codes"] == {"155": 1}


def test_to_events_takes_goldstein_from_the_table_only_when_the_cell_is_empty(tmp_path):
    events, stats = _events(_export(tmp_path))
    by_id = events.set_index("event_id")
    assert by_id.loc["1006", "goldstein"] == 2.5  # CAMEO 036 in py_gdelt's Goldstein table
    assert by_id.loc["1002", "goldstein"] == -10.0
    assert stats["goldstein_from_table"] == 1


def test_to_events_names_the_code_and_turns_fips_places_into_iso3(tmp_path):
    by_id = _events(_export(tmp_path))[0].set_index("event_id")
    assert by_id.loc["1003", "cameo_name"] == "Make statement, not specified below"
    assert tuple(by_id.loc["1002", ["location_fips", "location_country"]]) == ("UP", "UKR")
    assert tuple(by_id.loc["1001", ["location_fips", "location_country"]]) == ("KS", "KOR")
    assert by_id.loc["1001", "date"] == "2024-06-19"
    assert pd.isna(by_id.loc["1007", "lat"]) and by_id.loc["1007", "location_country"] == ""


def test_fold_reports_folds_two_reports_of_one_event_into_the_smaller_id(tmp_path):
    events, _ = _events(_export(tmp_path))
    folded = fold_reports(events).set_index("event_id")
    first, again = ROWS["kor_prk"], ROWS["kor_prk_again"]
    assert "1009" not in folded.index
    one = folded.loc["1001"]
    assert one["reports"] == 2
    assert one["source_url"] == first["SOURCEURL"]
    assert one["num_mentions"] == int(first["NumMentions"]) + int(again["NumMentions"])
    assert one["num_sources"] == int(first["NumSources"]) + int(again["NumSources"])
    assert one["avg_tone"] == (float(first["AvgTone"]) + float(again["AvgTone"])) / 2
    assert len(folded) == len(events) - 1


def test_fold_reports_keeps_codes_010_10_and_190_at_one_place_apart(tmp_path):
    folded = fold_reports(_events(_export(tmp_path))[0]).set_index("event_id")
    assert {"1002", "1003", "1004"} <= set(folded.index)


@pytest.mark.parametrize(
    ("place_a", "place_b", "events"),
    [
        ({"ActionGeo_FeatureID": "F1"}, {"ActionGeo_FeatureID": "F1", "ActionGeo_Lat": "1"}, 1),
        ({"ActionGeo_FeatureID": "F1"}, {"ActionGeo_FeatureID": "F2"}, 2),
        ({"ActionGeo_Lat": "37.561"}, {"ActionGeo_Lat": "37.564"}, 1),
        ({"ActionGeo_Lat": "37.561"}, {"ActionGeo_Lat": "37.571"}, 2),
        ({"ActionGeo_Lat": "", "ActionGeo_Fullname": "Seoul"}, {"ActionGeo_Lat": ""}, 1),
        ({"ActionGeo_Lat": "", "ActionGeo_Fullname": "Busan"}, {"ActionGeo_Lat": ""}, 2),
    ],
)
def test_the_fold_place_is_feature_id_else_lat_lon_to_2_decimals_else_the_name(
    tmp_path, place_a, place_b, events
):
    base = {**ROWS["kor_prk"], "ActionGeo_FeatureID": "", "ActionGeo_Fullname": "Seoul"}
    rows = [{**base, **place_a}, {**base, "GLOBALEVENTID": "1002", **place_b}]
    assert len(fold_reports(_events(_export(tmp_path, rows))[0])) == events


def _import(tmp_path, **options):
    files = [zip_export(_export(tmp_path, [*ROWS.values(), *(b for b, _ in BROKEN.values())]))]
    manifest = import_gdelt(tmp_path / "out", files, **options)
    return manifest, pd.read_parquet(tmp_path / "out" / GDELT_FILE)


def test_import_writes_exactly_the_contract_columns_sorted_by_date_then_id(tmp_path):
    rows = [
        {**ROWS["kor_prk"], "GLOBALEVENTID": "900", "SQLDATE": "20240620"},
        {**ROWS["rus_ukr_fight"], "GLOBALEVENTID": "1000"},
        {**ROWS["prk_rus_155"], "GLOBALEVENTID": "999"},
    ]
    import_gdelt(tmp_path / "out", [_export(tmp_path, rows)])
    table = pq.read_table(tmp_path / "out" / GDELT_FILE)
    assert table.schema.equals(PARQUET_SCHEMA, check_metadata=False)
    assert table.column("event_id").to_pylist() == ["999", "1000", "900"]


def test_import_of_nothing_kept_still_writes_the_typed_columns(tmp_path):
    import_gdelt(tmp_path / "out", [_export(tmp_path, [ROWS["kor_usa"]])])
    table = pq.read_table(tmp_path / "out" / GDELT_FILE)
    assert table.num_rows == 0
    assert table.schema.equals(PARQUET_SCHEMA, check_metadata=False)


def test_the_manifest_totals_add_up_and_name_inputs_by_file_name_only(tmp_path):
    manifest, events = _import(tmp_path)
    totals = manifest["totals"]
    assert totals["rows_read"] == len(ROWS) + len(BROKEN)
    assert (
        totals["rows_read"]
        == totals["rows_malformed"] + totals["rows_kept"] + totals["rows_dropped"]
    )
    assert totals["rows_kept"] - totals["rows_folded"] == totals["events_written"] == len(events)
    assert manifest["inputs"][0]["name"] == f"{STAMP}.export.CSV.zip"
    assert str(tmp_path) not in json.dumps(manifest)
    on_disk = json.loads((tmp_path / "out" / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert on_disk == manifest and on_disk["format"] == "four-capitals-gdelt/1"


def test_the_manifest_lists_at_most_1000_malformed_lines_but_counts_them_all(tmp_path):
    rows = [ROWS["kor_prk"], *["not gdelt"] * 1005]
    manifest = import_gdelt(tmp_path / "out", [_export(tmp_path, rows)])
    assert manifest["totals"]["rows_malformed"] == 1005
    assert len(manifest["malformed_lines"]) == 1000


def test_import_will_not_write_into_an_input_folder(tmp_path):
    path = _export(tmp_path)
    with pytest.raises(GdeltImportError, match="is the folder of the input"):
        import_gdelt(path.parent, [path])
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_with_countries_are_recorded_and_their_pairs_written(tmp_path):
    manifest, events = _import(tmp_path, with_countries=["USA"])
    assert manifest["with_countries"] == ["USA"]
    assert "1011" in set(events["event_id"])


def test_bigquery_sql_selects_exactly_the_needed_columns_for_the_four_from_the_events_table():
    select = BIGQUERY_SQL.split("SELECT", 1)[1].split("FROM", 1)[0]
    assert [c.strip().lower() for c in select.split(",")] == [c.lower() for c in NEEDED]
    assert f"FROM `{BIGQUERY_TABLE}`" in BIGQUERY_SQL
    assert "SQLDATE BETWEEN @from_date AND @to_date" in BIGQUERY_SQL


def _bigquery_columns():
    # BigQuery spells one column FullName; names match whatever their case.
    return [c.replace("Fullname", "FullName") for c in NEEDED]


def _bigquery_rows():
    rename = {c: c.replace("Fullname", "FullName") for c in NEEDED}
    return [{rename.get(k, k): v for k, v in r.items()} for r in ROWS.values()]


def test_a_saved_bigquery_csv_gives_the_same_events_as_the_export(tmp_path):
    saved = write_bigquery_csv(tmp_path / "result.csv", _bigquery_rows(), _bigquery_columns())
    from_bigquery = import_gdelt(tmp_path / "bq", bigquery_results=[saved])
    from_export = import_gdelt(tmp_path / "export", [_export(tmp_path)])
    assert from_bigquery["totals"] == from_export["totals"]
    assert pd.read_parquet(tmp_path / "bq" / GDELT_FILE).equals(
        pd.read_parquet(tmp_path / "export" / GDELT_FILE)
    )


def test_a_saved_bigquery_json_lines_file_is_read_with_numbers_as_text(tmp_path):
    rows = [
        {**r, "GLOBALEVENTID": int(r["GLOBALEVENTID"]), "NumMentions": 4} for r in ROWS.values()
    ]
    path = tmp_path / "result.json"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    batch = read_bigquery_result(path)
    assert batch.inputs[0]["rows_read"] == len(ROWS) and batch.inputs[0]["malformed"] == 0
    assert set(batch.rows.set_index("GLOBALEVENTID").loc[["1003", "1004"], "EventCode"]) == {
        "010",
        "10",
    }


def test_a_saved_bigquery_json_array_is_read_too(tmp_path):
    path = tmp_path / "result.json"
    path.write_text(json.dumps([ROWS["kor_prk"], {**ROWS["rus_ukr_010"], "AvgTone": None}]))
    batch = read_bigquery_result(path)
    assert list(batch.rows["EventCode"]) == ["0314", "010"]
    assert list(batch.rows["AvgTone"]) == [ROWS["kor_prk"]["AvgTone"], ""]


def test_a_csv_without_the_gdelt_columns_is_not_a_bigquery_result(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(NotGdeltError, match="other.csv is not a saved BigQuery result of"):
        read_bigquery_result(path)


@pytest.mark.parametrize(
    ("code", "root", "name", "plover_type"),
    [
        ("183", "18", "Conduct suicide, car, or other non-military bombing", "ASSAULT"),
        ("1213", "12", "Reject judicial cooperation", "REJECT"),
    ],
)
def test_codes_gdelt_py_lacks_are_cameo_codes_named_and_mapped_from_plover_s_table(
    tmp_path, code, root, name, plover_type
):
    """A Russia->Ukraine non-military bombing (183) was dropped as 'not a CAMEO code' because
    gdelt-py's table lacks 183 and 1213; PLOVER's table lists and names both."""
    from gdelt_samples import RUS_UKR, row

    line = row("2001", **RUS_UKR, EventCode=code, EventBaseCode=code[:3], EventRootCode=root,
               GoldsteinScale="-10.0")  # fmt: skip
    batch = read_export(_export(tmp_path, [line]))
    assert batch.malformed == [] and len(batch.rows) == 1
    events, stats = _events(_export(tmp_path, [line]))
    assert events.loc[0, "cameo_name"] == name
    assert (events.loc[0, "plover_type"], events.loc[0, "plover_rule"]) == (plover_type, "exact")
    assert events.loc[0, "goldstein"] == -10.0  # GDELT's own score from the row


def test_a_file_named_zip_that_is_not_a_zip_says_so(tmp_path):
    """It said '1 tab-separated field', as if it were a broken export."""
    path = tmp_path / f"{STAMP}.export.CSV.zip"
    path.write_text("this is not a zip\n", encoding="utf-8")
    with pytest.raises(NotGdeltError, match="it is named .zip but is not a zip file"):
        read_export(path)


def test_one_unusable_file_among_several_names_it_and_the_files_that_were_fine(tmp_path):
    """One bad file stopped the run without a word about the others; it still writes nothing,
    but names every unusable file with its reason and lists those that were fine."""
    good = _export(tmp_path)
    other = _export(tmp_path, name="20240619100000.export.CSV")
    bad = tmp_path / "in" / "photo.zip"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(NotGdeltError) as raised:
        list(read_exports([good, bad, other]))
    message = str(raised.value)
    assert message.startswith("1 of 3 files cannot be imported: ")
    assert f"{bad} is not a GDELT 2.0 event export: it is named .zip" in message
    assert f"The files that were fine: {good.name}, {other.name}." in message
    assert "Nothing was written" in message and "\n" not in message
    with pytest.raises(NotGdeltError):
        import_gdelt(tmp_path / "out", [good, bad])
    assert not (tmp_path / "out" / GDELT_FILE).exists()
