"""`import-gdelt`: files, downloads or a BigQuery result in; summary, exit code, manifest out."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from gdelt_samples import (
    BROKEN,
    ROWS,
    serve_folder,
    write_bigquery_csv,
    write_export,
    write_master_list,
    zip_export,
)

from dashboard.cli import main
from dashboard.core.gdelt.read import NEEDED

STAMP = "20240619094500"


def _run(*argv: str) -> int:
    return main(["import-gdelt", *argv])


def _sample(tmp_path):
    rows = [*ROWS.values(), *(line for line, _ in BROKEN.values())]
    return zip_export(write_export(tmp_path / "in" / f"{STAMP}.export.CSV", rows))


def _manifest(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_import_gdelt_prints_a_summary_and_exits_0(tmp_path, capsys):
    assert _run(str(_sample(tmp_path)), "--out", str(tmp_path / "out")) == 0
    printed = capsys.readouterr()
    assert "Read 14 rows from 1 file in" in printed.out and "rows/s" in printed.out
    assert "kept 8, folded 1, dropped 3, malformed 3" in printed.out
    assert "Wrote 7 events" in printed.out and printed.err == ""


def test_the_manifest_records_inputs_totals_command_and_mapping(tmp_path):
    out = tmp_path / "out"
    _run(str(_sample(tmp_path)), "--out", str(out), "--with", "USA")
    manifest = _manifest(out)
    assert manifest["format"] == "four-capitals-gdelt/1"
    assert manifest["inputs"] == [
        {"name": f"{STAMP}.export.CSV.zip", "bytes": _sample(tmp_path).stat().st_size}
        | {"rows_read": 14, "malformed": 3}
    ]
    assert manifest["totals"]["rows_dropped_by_reason"]["not_a_pair_of_interest"] == 0
    assert manifest["tool"]["command"] == (
        f"python -m dashboard import-gdelt {STAMP}.export.CSV.zip --out out --with USA"
    )
    assert manifest["with_countries"] == ["USA"]
    assert manifest["unmapped_codes"] == {"010": 1}
    assert manifest["plover_mapping"]["file"] == "CAMEO2PLOVER-2021.txt"
    assert str(tmp_path) not in json.dumps(manifest)


def test_a_file_that_is_not_gdelt_is_one_error_line_and_exit_2(tmp_path, capsys):
    other = tmp_path / "x.csv"
    other.write_text("id,name\n1,a\n", encoding="utf-8")
    assert _run(str(_sample(tmp_path)), str(other), "--out", str(tmp_path / "out")) == 2
    err = capsys.readouterr().err.splitlines()
    sample = _sample(tmp_path).name
    assert err == [
        f"error: 1 of 2 files cannot be imported: {other} is not a GDELT 2.0 event export:"
        " line 1 has 1 tab-separated field, expected 61; none of the first 2 lines has 61."
        f" The files that were fine: {sample}. Nothing was written: remove or replace the"
        " unusable files and run again."
    ]
    assert not (tmp_path / "out").exists()


def test_a_not_gdelt_file_never_shows_a_traceback_in_a_real_process(tmp_path):
    other = tmp_path / "x.png"
    other.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    command = [sys.executable, "-m", "dashboard", "import-gdelt", str(other), "--out"]
    done = subprocess.run(
        [*command, str(tmp_path / "out")], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "it is binary" in lines[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--with", "usa"], "'usa' is not an ISO3 code"),
        (["--with", "USAF"], "'USAF' is not an ISO3 code"),
        (["--download", "2024-06-19", "2024-02-30"], "'2024-02-30' is not a calendar day"),
        (["--timeout", "0"], "'0' is not a number of seconds above 0"),
    ],
)
def test_bad_option_values_are_usage_errors(tmp_path, capsys, argv, message):
    with pytest.raises(SystemExit) as raised:
        _run("f.CSV", "--out", str(tmp_path), *argv)
    assert raised.value.code == 2 and message in capsys.readouterr().err


def test_no_input_at_all_is_a_usage_error(tmp_path, capsys):
    assert _run("--out", str(tmp_path / "out")) == 2
    assert capsys.readouterr().err.startswith("error: give export FILEs")


def test_writing_into_the_folder_of_an_input_is_refused(tmp_path, capsys):
    sample = _sample(tmp_path)
    assert _run(str(sample), "--out", str(sample.parent)) == 2
    assert "is the folder of the input" in capsys.readouterr().err
    assert not (sample.parent / "manifest.json").exists()


def test_with_usa_keeps_the_korea_usa_row(tmp_path):
    out = tmp_path / "out"
    assert _run(str(_sample(tmp_path)), "--out", str(out), "--with", "USA") == 0
    events = pd.read_parquet(out / "gdelt_events.parquet")
    assert "1011" in set(events["event_id"])


def test_a_saved_bigquery_result_is_imported_like_the_files(tmp_path):
    saved = write_bigquery_csv(tmp_path / "bq.csv", list(ROWS.values()), NEEDED)
    out = tmp_path / "out"
    assert _run("--bigquery-result", str(saved), "--out", str(out)) == 0
    manifest = _manifest(out)
    assert manifest["inputs"][0]["name"] == "bq.csv"
    assert manifest["totals"]["events_written"] == 7
    assert "--bigquery-result bq.csv" in manifest["tool"]["command"]


def test_download_imports_what_arrived_and_exits_1_when_a_file_failed(tmp_path, capsys):
    site = tmp_path / "site"
    stamps = ["20240619000000", "20240619001500"]
    zips = [zip_export(write_export(site / f"{s}.export.CSV", [ROWS["kor_prk"]])) for s in stamps]
    write_master_list(site, zips)
    zips[1].unlink()
    out = tmp_path / "out"
    with serve_folder(site) as server:
        code = _run(
            "--download", "2024-06-19", "2024-06-19", "--base-url", server.url, "--out", str(out)
        )
    printed = capsys.readouterr()
    assert code == 1
    assert [line for line in printed.err.splitlines() if line.startswith("error:")] == [
        f"error: {server.url}/{stamps[1]}.export.CSV.zip: HTTP 404 File not found "
        "(gave up after 1 try)"
    ]
    assert "2 listed, 1 fetched, 0 already in" in printed.out
    assert _manifest(out)["inputs"][0]["name"] == zips[0].name
    assert (out / "downloads" / zips[0].name).is_file()


def test_download_of_an_unreachable_master_list_is_one_error_line(tmp_path, capsys):
    with serve_folder(tmp_path) as server:
        server.statuses["/masterfilelist.txt"] = 404
        out = str(tmp_path / "out")
        code = _run(
            "--download", "2024-06-19", "2024-06-19", "--base-url", server.url, "--out", out
        )
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {server.url}/masterfilelist.txt: HTTP 404 Not Found (gave up after 1 try)"
    ]
