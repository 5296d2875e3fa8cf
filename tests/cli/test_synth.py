"""`python -m dashboard synth`: flags in, a valid synthetic data folder out."""

import argparse

import pytest

from dashboard.cli.synth import add_synth_parser, run_synth
from dashboard.core.dataset import load_dataset


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    add_synth_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_synth_writes_a_valid_folder_of_the_asked_size_and_says_so(tmp_path, capsys):
    out = tmp_path / "synthetic"
    assert run_synth(_parse(["synth", "--events", "500", "--out", str(out), "--seed", "4"])) == 0
    assert f"Wrote 500 synthetic events to {out}" in capsys.readouterr().out
    dataset = load_dataset(out)
    assert (dataset.problems, len(dataset.events)) == ((), 500)


def test_synth_seed_defaults_to_zero():
    assert _parse(["synth", "--events", "5", "--out", "x"]).seed == 0


@pytest.mark.parametrize("count", ["0", "-5", "many", "2.5"])
def test_synth_rejects_a_count_that_is_not_a_positive_whole_number(count, capsys):
    with pytest.raises(SystemExit) as exit_:
        _parse(["synth", "--events", count, "--out", "x"])
    assert exit_.value.code == 2
    assert "is not a whole number of events above 0" in capsys.readouterr().err


def test_synth_refuses_a_folder_that_holds_events_csv_and_says_why(tmp_path, capsys):
    (tmp_path / "events.csv").write_text("id\n", encoding="utf-8")
    assert run_synth(_parse(["synth", "--events", "5", "--out", str(tmp_path)])) == 2
    assert "events.csv exists" in capsys.readouterr().err
