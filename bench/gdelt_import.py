"""Import speed: a synthetic GDELT 2.0 sample in the exact export format, zipped like the real
15-minute files, run through the import. Prints rows per second and the manifest's totals.

Not part of `make test`: `.venv/bin/python bench/gdelt_import.py --rows 200000`.
"""

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

from py_gdelt.lookups.cameo import CAMEOCodes
from py_gdelt.parsers.events import EventsParser

from dashboard.core.countries import COUNTRIES
from dashboard.core.gdelt.ingest import import_gdelt

COLUMNS = EventsParser.V2_COLUMNS
FOUR = list(COUNTRIES)
OTHERS = ["USA", "CHN", "GBR", "FRA", "DEU", "JPN", "IND", "ISR", "IRN", "TUR", ""]
PLACES = [
    ("Seoul, Seoul-t'ukpyolsi, South Korea", "KS", "37.5664", "126.978", "-716583"),
    ("Moscow, Moskva, Russia", "RS", "55.7522", "37.6156", "-2960561"),
    ("Pyongyang, P'yongyang-si, North Korea", "KN", "39.0194", "125.755", "-1297839"),
    ("Kharkiv, Kharkivs'ka Oblast', Ukraine", "UP", "49.9808", "36.2527", "-1041234"),
    ("Ukraine", "UP", "49", "32", "UP"),
    ("", "", "", "", ""),
]


def _line(rng: random.Random, event_id: int, day: date, codes: list[str]) -> str:
    """One export line; about a fifth between two of the four, the rest elsewhere."""
    pool = FOUR if rng.random() < 0.2 else FOUR + OTHERS
    source, target = rng.choice(pool), rng.choice(pool)
    code = rng.choice(codes)
    place = rng.choice(PLACES)
    fields = [""] * len(COLUMNS)
    values = {
        "GLOBALEVENTID": str(event_id),
        "SQLDATE": f"{day:%Y%m%d}",
        "Actor1CountryCode": source,
        "Actor1Name": source,
        "Actor2CountryCode": target,
        "Actor2Name": target,
        "EventCode": code,
        "EventBaseCode": code[:3],
        "EventRootCode": code[:2],
        "QuadClass": str(rng.randint(1, 4)),
        "GoldsteinScale": "" if rng.random() < 0.01 else f"{rng.uniform(-10, 10):.1f}",
        "NumMentions": str(rng.randint(1, 20)),
        "NumSources": str(rng.randint(1, 5)),
        "NumArticles": str(rng.randint(1, 20)),
        "AvgTone": f"{rng.uniform(-10, 5):.4f}",
        "ActionGeo_Fullname": place[0],
        "ActionGeo_CountryCode": place[1],
        "ActionGeo_Lat": place[2],
        "ActionGeo_Long": place[3],
        "ActionGeo_FeatureID": place[4],
        "DATEADDED": f"{day:%Y%m%d}120000",
        "SOURCEURL": f"https://news.example.org/{event_id}",
    }
    for name, value in values.items():
        fields[COLUMNS[name]] = value
    if rng.random() < 0.001:
        return "\t".join(fields[:20])  # a truncated line
    return "\t".join(fields)


def write_sample(folder: Path, rows: int, days: int, per_day: int, seed: int = 8) -> list[Path]:
    """`days` x `per_day` zipped exports holding `rows` lines in all."""
    rng = random.Random(seed)  # noqa: S311 (sample data, not secrets)
    codes = sorted(CAMEOCodes()._codes_data)
    files, per_file, event_id = [], max(1, rows // (days * per_day)), 1_100_000_000
    first = date(2024, 6, 1)
    for index in range(days * per_day):
        day = first + timedelta(days=index // per_day)
        stamp = f"{day:%Y%m%d}{(index % per_day) * 15 // 60:02d}{(index % per_day) * 15 % 60:02d}00"
        count = per_file if index < days * per_day - 1 else rows - per_file * index
        lines = [_line(rng, event_id + i, day, codes) for i in range(count)]
        event_id += count
        path = folder / f"{stamp}.export.CSV.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{stamp}.export.CSV", "\n".join(lines) + "\n")
        files.append(path)
    return files


def main() -> int:
    """Generate, import, report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=15)
    parser.add_argument("--files-per-day", type=int, default=96)
    parser.add_argument("--keep", metavar="FOLDER", help="also copy the layer folder here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        inputs, out = Path(temp) / "in", Path(temp) / "out"
        inputs.mkdir()
        files = write_sample(inputs, args.rows, args.days, args.files_per_day)
        started = time.perf_counter()
        manifest = import_gdelt(out, files, command="bench/gdelt_import.py")
        seconds = time.perf_counter() - started
        if args.keep:
            shutil.copytree(out, args.keep, dirs_exist_ok=True)
    totals = manifest["totals"]
    print(
        f"{totals['rows_read']} rows in {len(files)} zipped files imported in {seconds:.2f} s: "
        f"{totals['rows_read'] / seconds:,.0f} rows/s"
    )
    print(json.dumps(totals, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
