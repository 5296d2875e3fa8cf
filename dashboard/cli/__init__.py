"""`python -m dashboard export|import-gdelt|synth|release|docs`: the CLI over the app's core."""

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from dashboard.cli.gdelt import add_import_parser, run_import
from dashboard.cli.synth import add_synth_parser, run_synth
from dashboard.core.dataset import Dataset, load_dataset
from dashboard.core.docs import coverage_tables, schema_tables
from dashboard.core.export import export_frame, to_csv_text, to_json_text
from dashboard.core.filters import (
    FILTER_KEYS,
    apply_filters,
    build_vocabulary,
    layer_on,
    parse_params,
)
from dashboard.core.folders import add_folder_arguments, resolve_folders
from dashboard.core.gdelt import LAYER
from dashboard.core.gdelt.layer import apply_layer_filters, export_gdelt_frame, load_gdelt_layer
from dashboard.core.releases import write_release
from dashboard.core.schema import load_schema
from dashboard.core.share import params_from_url
from dashboard.core.url_state import build_catalogue, decode


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write the events that match the filters")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    add_folder_arguments(export)
    export.add_argument(
        "--url",
        metavar="LINK",
        help="a dashboard link: export exactly the events it shows (other filter flags add to it)",
    )
    # One flag per filter key, same names and semantics as the URL parameters.
    for spec in FILTER_KEYS:
        export.add_argument(
            f"--{spec.key}",
            dest=f"filter_{spec.key}",
            action="append" if spec.repeatable else "store",
            help=spec.help,
        )
    release = commands.add_parser(
        "release", help="record the current data version and its event ids in DIR/releases/"
    )
    add_folder_arguments(release)
    add_import_parser(commands)
    add_synth_parser(commands)
    docs = commands.add_parser("docs", help="print the generated tables of data/README.md")
    add_folder_arguments(docs)
    return parser


def _dataset(args: argparse.Namespace) -> Dataset:
    """The data folder the command's --data (or the environment) names, loaded and checked."""
    return load_dataset(resolve_folders(args, os.environ).data)


def _docs(args: argparse.Namespace) -> int:
    dataset = _dataset(args)
    schema = load_schema()
    print(schema_tables(schema))
    if dataset.problems:
        print("(coverage not shown: the data folder has problems)", file=sys.stderr)
        return 1
    print(coverage_tables(dataset.events, dataset.sources))
    return 0


def _print_problems(what: str, folder: Path, problems: Sequence[str]) -> None:
    print(f"The {what} folder {folder} has problems:", file=sys.stderr)
    for problem in problems:
        print(f"- {problem}", file=sys.stderr)


def _export(args: argparse.Namespace) -> int:
    dataset = _dataset(args)
    if dataset.problems:
        _print_problems("data", dataset.folder, dataset.problems)
        return 1
    gdelt = None
    gdelt_dir = resolve_folders(args, os.environ).gdelt
    if gdelt_dir is not None:
        gdelt = load_gdelt_layer(gdelt_dir)
        if gdelt.problems:
            _print_problems("GDELT", gdelt.folder, gdelt.problems)
            return 1
    schema = load_schema()
    params = {}
    for spec in FILTER_KEYS:
        value = getattr(args, f"filter_{spec.key}")
        if value is not None:
            params[spec.key] = value if spec.repeatable else [value]
    layers = frozenset({LAYER}) if gdelt is not None and not gdelt.events.empty else frozenset()
    vocab = build_vocabulary(dataset.actors, schema.vocabularies, layers)
    filters, notices = parse_params(params, vocab)
    if notices:
        for notice in notices:
            print(f"error: --{notice}", file=sys.stderr)
        return 2
    if args.url:
        # The same decoding as the app: a bad part of the link is ignored with a notice.
        cat = build_catalogue(
            dataset.events,
            dataset.actors,
            schema.vocabularies,
            dataset.version,
            gdelt.events if gdelt is not None else None,
        )
        state, link_notices = decode(params_from_url(args.url) | params, cat)
        for notice in link_notices:
            print(f"notice: {notice}", file=sys.stderr)
        filters = state.filters
    if layer_on(filters):
        # The automated layer has its own columns; it is never mixed into the curated rows.
        rows = export_gdelt_frame(apply_layer_filters(gdelt.events, filters))
    else:
        rows = export_frame(apply_filters(dataset.events, filters), schema)
    sys.stdout.write(to_json_text(rows) if args.format == "json" else to_csv_text(rows))
    return 0


def _release(args: argparse.Namespace) -> int:
    dataset = _dataset(args)
    if dataset.problems:
        print("The data has problems; fix them before a release.", file=sys.stderr)
        return 1
    path = write_release(dataset.folder, dataset.version, list(dataset.events["id"]), date.today())
    print(f"Released data version {dataset.version}: {len(dataset.events)} events, {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = _parser().parse_args(argv)
    commands = {
        "export": _export,
        "docs": _docs,
        "release": _release,
        "import-gdelt": run_import,
        "synth": run_synth,
    }
    return commands[args.command](args)
