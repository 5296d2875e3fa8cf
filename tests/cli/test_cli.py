"""`python -m dashboard export`: one flag per filter key, exactly the rows the filters match."""

import json
import subprocess
import sys

import pytest
from factories import write_folder

from dashboard.cli import _parser, main
from dashboard.core.filters import FILTER_KEYS


def _export_flags() -> set[str]:
    export = _parser()._subparsers._group_actions[0].choices["export"]
    return {opt for a in export._actions for opt in a.option_strings if opt.startswith("--")}


def test_export_flags_match_the_filter_keys_one_to_one():
    filter_flags = _export_flags() - {"--help", "--format", "--data", "--gdelt", "--url"}
    assert filter_flags == {f"--{k.key}" for k in FILTER_KEYS}


def test_export_writes_only_the_matching_rows_as_json(tmp_path, capsys):
    folder = write_folder(tmp_path / "data")
    code = main(
        [
            "export",
            "--data",
            str(folder),
            "--format",
            "json",
            "--actor",
            "SUN",
            "--actor",
            "KOR",
            "--imin",
            "-3",
            "--from",
            "all",
        ]
    )
    rows = json.loads(capsys.readouterr().out)
    assert code == 0
    assert sorted(r["id"] for r in rows) == ["kor-summons-envoy", "treaty-1961"]


def test_export_without_from_writes_the_default_window_like_a_bare_link(tmp_path, capsys):
    folder = write_folder(tmp_path / "data")
    counts = []
    for extra in ([], ["--url", "http://localhost:8501/"], ["--from", "2022-02-24"]):
        assert main(["export", "--data", str(folder), "--format", "json", *extra]) == 0
        counts.append(sorted(r["id"] for r in json.loads(capsys.readouterr().out)))
    # The fixture's 1961 treaty is before the default start (2022-02-24).
    assert counts == [["kor-summons-envoy", "shells-alleged"]] * 3
    assert main(["export", "--data", str(folder), "--format", "json", "--from", "all"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_export_searches_aliases_with_q(tmp_path, capsys):
    folder = write_folder(tmp_path / "data")
    assert main(["export", "--data", str(folder), "--q", "Sinowiew"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].startswith("kor-summons-envoy,2024-06-21,")


def test_export_rejects_an_invalid_flag_value_and_says_why(tmp_path, capsys):
    folder = write_folder(tmp_path / "data")
    assert main(["export", "--data", str(folder), "--from", "2024-02-30"]) == 2
    assert "--from: '2024-02-30' is not a real calendar day" in capsys.readouterr().err


def test_export_lists_data_problems_and_fails(tmp_path, capsys):
    folder = write_folder(tmp_path / "data")
    (folder / "sources.csv").write_text("id;url\n", encoding="utf-8")
    assert main(["export", "--data", str(folder)]) == 1
    assert "sources.csv row 1: the header is one column" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_python_m_dashboard_runs_as_a_module(fmt):
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "--format", fmt, "--pair", "KOR-RUS"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "kor-summons-zinoviev-over-treaty-2024" in result.stdout


def test_export_url_writes_exactly_the_events_a_link_shows(tmp_path, capsys):
    folder = write_folder(tmp_path / "data")
    link = "http://localhost:8501/timeline?actor=RUS&imin=8&lanes=type&event=treaty-1961&v=x"
    assert main(["export", "--data", str(folder), "--format", "json", "--url", link]) == 0
    out = capsys.readouterr()
    assert sorted(r["id"] for r in json.loads(out.out)) == ["shells-alleged", "treaty-1961"]
    assert "notice: v: this link was made with data version 'x'" in out.err


def test_export_url_ignores_a_bad_part_of_the_link_as_the_app_does(tmp_path, capsys):
    folder = write_folder(tmp_path / "data")
    link = "http://h/?actor=KOR&actor=XYZ"
    assert main(["export", "--data", str(folder), "--url", link]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[1].startswith("kor-summons-envoy,")
    assert len(out.out.splitlines()) == 2
    assert "actor: 'XYZ' is not a known country code or actor id; ignored." in out.err


def test_export_layer_gdelt_writes_the_matching_gdelt_rows(tmp_path, capsys):
    from factories import write_gdelt_folder

    gdelt = write_gdelt_folder(tmp_path / "gdelt")
    args = ["export", "--gdelt", str(gdelt), "--layer", "gdelt", "--format", "json"]
    assert main([*args, "--from", "2024-06-20", "--actor", "RUS"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["gdelt-1002", "gdelt-1003"]
    assert rows[0]["pair"] == "KOR-RUS" and rows[0]["cameo_code"] == "111"


def test_export_layer_gdelt_without_a_gdelt_folder_is_an_error(monkeypatch, capsys):
    monkeypatch.delenv("FOUR_CAPITALS_GDELT", raising=False)
    assert main(["export", "--layer", "gdelt"]) == 2
    assert "error: --layer: 'gdelt' is not loaded" in capsys.readouterr().err


def test_export_url_with_layer_gdelt_uses_the_layer(tmp_path, capsys):
    from factories import write_gdelt_folder

    gdelt = write_gdelt_folder(tmp_path / "gdelt")
    link = "http://localhost:8501/timeline?layer=gdelt&pair=KOR-PRK"
    assert main(["export", "--gdelt", str(gdelt), "--url", link]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[1].startswith("gdelt-1004,KOR-PRK,1004,")
