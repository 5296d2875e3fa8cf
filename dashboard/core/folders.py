"""Where the data and GDELT folders are: one parser of `--data` and `--gdelt` for app and CLI."""

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.core.gdelt import ENV as GDELT_ENV
from dashboard.core.gdelt import LAYER as GDELT

BUNDLED_DATA = Path(__file__).resolve().parents[2] / "data"
DATA_ENV = "FOUR_CAPITALS_DATA"


@dataclass(frozen=True)
class Folders:
    """The curated data folder, and the GDELT layer's folder if one is given."""

    data: Path
    gdelt: Path | None


def add_folder_arguments(parser: argparse.ArgumentParser) -> None:
    """The two folder options, as `streamlit run dashboard/app.py -- ...` and the CLI take them."""
    parser.add_argument(
        "--data", metavar="DIR", help=f"data folder (default: ${DATA_ENV}, else bundled data/)"
    )
    parser.add_argument(
        f"--{GDELT}",
        metavar="DIR",
        help=f"GDELT layer folder written by import-gdelt (default: ${GDELT_ENV})",
    )


def resolve_folders(args: argparse.Namespace, environ: Mapping[str, str]) -> Folders:
    """A flag wins, then the environment; no data folder means the bundled one, no GDELT
    folder means no layer."""
    data = args.data or environ.get(DATA_ENV) or BUNDLED_DATA
    gdelt = args.gdelt or environ.get(GDELT_ENV) or None
    return Folders(Path(data), Path(gdelt) if gdelt else None)


def folders_from_argv(argv: Sequence[str], environ: Mapping[str, str]) -> Folders:
    """The folders named in the app's own arguments (other arguments are left alone)."""
    parser = argparse.ArgumentParser(add_help=False)
    add_folder_arguments(parser)
    args, _ = parser.parse_known_args(list(argv))
    return resolve_folders(args, environ)
