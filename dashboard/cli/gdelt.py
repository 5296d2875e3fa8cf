"""`python -m dashboard import-gdelt`: GDELT 2.0 exports in, the GDELT layer's Parquet out.

Exit codes: 0 done; 1 a download failed (the files that arrived are still imported);
2 a usage error or an input that is not GDELT (nothing is written).
"""

import argparse
import re
import sys
import time
from datetime import date
from pathlib import Path

from dashboard.core.gdelt.contract import GDELT_FILE, MANIFEST_FILE
from dashboard.core.gdelt.download import DEFAULT_BASE_URL, DownloadError, download_exports
from dashboard.core.gdelt.ingest import GdeltImportError, import_gdelt

DOWNLOADS = "downloads"


def _iso3(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO3 code (three upper-case letters)"
        )
    return value


def _day(value: str) -> date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{value!r} is not a calendar day YYYY-MM-DD")


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 3600:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds above 0")
    return seconds


def add_import_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `import-gdelt` subcommand to a parser's subcommands; return its parser."""
    parser = commands.add_parser(
        "import-gdelt",
        help="import GDELT 2.0 event exports into a GDELT layer folder",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="export file (.CSV or .zip)")
    parser.add_argument("--out", required=True, metavar="FOLDER", help="folder to write into")
    parser.add_argument(
        "--with",
        dest="with_countries",
        action="append",
        type=_iso3,
        default=[],
        metavar="ISO3",
        help="also keep pairs of one of the four capitals' countries with this country",
    )
    parser.add_argument(
        "--download",
        nargs=2,
        type=_day,
        metavar=("FROM", "TO"),
        help="first fetch the exports of these days (YYYY-MM-DD) into FOLDER/downloads/",
    )
    parser.add_argument(
        "--base-url",
        default=DEFAULT_BASE_URL,
        metavar="URL",
        help="where masterfilelist.txt and the exports are (default: GDELT 2.0's own server)",
    )
    parser.add_argument(
        "--timeout", type=_seconds, default=30.0, metavar="SECONDS", help="per request (30)"
    )
    parser.add_argument(
        "--bigquery-result",
        action="append",
        default=[],
        metavar="FILE",
        help="a saved BigQuery result (CSV with header, or JSON lines) of BIGQUERY_SQL",
    )
    return parser


def _command(args: argparse.Namespace) -> str:
    """The command as run, with file names only (never a machine's folders)."""
    words = ["python -m dashboard import-gdelt", *(Path(f).name for f in args.files)]
    words += ["--out", Path(args.out).name]
    words += [f"--with {code}" for code in args.with_countries]
    if args.download:
        words += [
            f"--download {args.download[0]} {args.download[1]}",
            f"--base-url {args.base_url}",
        ]
    words += [f"--bigquery-result {Path(f).name}" for f in args.bigquery_result]
    return " ".join(words)


def _download(args: argparse.Namespace) -> tuple[list[Path], int]:
    """Fetch the range; return the files that are there and the number that failed."""
    first, last = args.download
    cache = Path(args.out) / DOWNLOADS
    results = download_exports(first, last, cache, args.base_url, args.timeout)
    failed = [r for r in results if r.status == "failed"]
    for result in failed:
        print(f"error: {result.error}", file=sys.stderr)
    fetched = sum(r.status == "fetched" for r in results)
    print(
        f"Downloads {first} to {last}: {len(results)} listed, {fetched} fetched, "
        f"{len(results) - fetched - len(failed)} already in {cache}, {len(failed)} failed."
    )
    return [r.path for r in results if r.status != "failed"], len(failed)


def _summary(manifest: dict, seconds: float, out: Path) -> str:
    totals = manifest["totals"]
    rate = totals["rows_read"] / seconds if seconds > 0 else 0.0
    files = f"{len(manifest['inputs'])} file{'' if len(manifest['inputs']) == 1 else 's'}"
    lines = [
        f"Read {totals['rows_read']} rows from {files} in {seconds:.2f} s "
        f"({rate:,.0f} rows/s): kept {totals['rows_kept']}, folded {totals['rows_folded']}, "
        f"dropped {totals['rows_dropped']}, malformed {totals['rows_malformed']}.",
        f"Wrote {totals['events_written']} events: {out / GDELT_FILE}",
        f"Manifest: {out / MANIFEST_FILE}",
    ]
    return "\n".join(lines)


def run_import(args: argparse.Namespace) -> int:
    """Run `import-gdelt` from parsed arguments; print a summary; return the exit code."""
    if not (args.files or args.download or args.bigquery_result):
        print("error: give export FILEs, --download FROM TO or --bigquery-result", file=sys.stderr)
        return 2
    if args.download and args.download[0] > args.download[1]:
        print("error: --download FROM must not be after TO", file=sys.stderr)
        return 2
    started = time.perf_counter()
    exports, failed = [Path(f) for f in args.files], 0
    if args.download:
        try:
            downloaded, failed = _download(args)
        except DownloadError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        exports += downloaded
    if not (exports or args.bigquery_result):
        print("error: nothing to import (no export files in that range)", file=sys.stderr)
        return 1
    try:
        manifest = import_gdelt(
            Path(args.out),
            exports,
            [Path(f) for f in args.bigquery_result],
            args.with_countries,
            _command(args),
        )
    except GdeltImportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # an unreadable input or an unwritable --out folder
        print(f"error: {error.filename or args.out}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(_summary(manifest, time.perf_counter() - started, Path(args.out)))
    return 1 if failed else 0
