"""`python -m dashboard synth`: write a valid data folder of synthetic events, for speed tests.

The events are made up (sources point at https://synthetic.invalid/...); never publish them.
Exit codes: 0 written; 2 a usage error, or the folder already holds an events.csv.
"""

import argparse
import sys
import time
from pathlib import Path

from dashboard.core.synth import write_synthetic_folder


def _count(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of events above 0")
    return int(value)


def add_synth_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `synth` subcommand to a parser's subcommands; return its parser."""
    parser = commands.add_parser(
        "synth",
        help="write a data folder of synthetic events (events.parquet) for speed tests",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--events", required=True, type=_count, metavar="N", help="how many")
    parser.add_argument("--out", required=True, metavar="FOLDER", help="folder to write into")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
    return parser


def run_synth(args: argparse.Namespace) -> int:
    """Write the folder the parsed `synth` arguments ask for; return the exit code."""
    started = time.perf_counter()
    try:
        folder = write_synthetic_folder(Path(args.out), args.events, args.seed)
    except FileExistsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    print(f"Wrote {args.events} synthetic events to {folder} in {seconds:.1f} s.")
    return 0
