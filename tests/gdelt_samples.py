"""Sample GDELT 2.0 event exports, written in GDELT's exact format from named rows."""

import csv
import hashlib
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from py_gdelt.parsers.events import EventsParser

COLUMNS = EventsParser.V2_COLUMNS
DAY = "20240619"

# A plausible row; every sample row below changes only what it is about.
BASE = {
    "SQLDATE": DAY,
    "MonthYear": DAY[:6],
    "Year": DAY[:4],
    "FractionDate": "2024.4630",
    "Actor1Code": "KOR",
    "Actor1Name": "SOUTH KOREA",
    "Actor1CountryCode": "KOR",
    "Actor2Code": "PRK",
    "Actor2Name": "NORTH KOREA",
    "Actor2CountryCode": "PRK",
    "IsRootEvent": "1",
    "EventCode": "0314",
    "EventBaseCode": "031",
    "EventRootCode": "03",
    "QuadClass": "1",
    "GoldsteinScale": "2.5",
    "NumMentions": "4",
    "NumSources": "1",
    "NumArticles": "4",
    "AvgTone": "-2.5",
    "ActionGeo_Type": "4",
    "ActionGeo_Fullname": "Seoul, Seoul-t'ukpyolsi, South Korea",
    "ActionGeo_CountryCode": "KS",
    "ActionGeo_ADM1Code": "KS11",
    "ActionGeo_Lat": "37.5664",
    "ActionGeo_Long": "126.9780",
    "ActionGeo_FeatureID": "-716583",
    "DATEADDED": DAY + "094500",
}
KHARKIV = {
    "ActionGeo_Fullname": "Kharkiv, Kharkivs'ka Oblast', Ukraine",
    "ActionGeo_CountryCode": "UP",
    "ActionGeo_ADM1Code": "UP07",
    "ActionGeo_Lat": "49.9808",
    "ActionGeo_Long": "36.2527",
    "ActionGeo_FeatureID": "-1041234",
}
RUS_UKR = {
    "Actor1Code": "RUS",
    "Actor1Name": "RUSSIA",
    "Actor1CountryCode": "RUS",
    "Actor2Code": "UKR",
    "Actor2Name": "UKRAINE",
    "Actor2CountryCode": "UKR",
}
NOWHERE = {name: "" for name in KHARKIV}


def row(event_id: str, url: str = "", **values: str) -> dict[str, str]:
    """BASE with an id, a source URL and the given columns changed."""
    url = url or f"https://news.example.org/{event_id}"
    return {**BASE, "GLOBALEVENTID": event_id, "SOURCEURL": url, **values}


ROWS = {
    "kor_prk": row("1001", NumMentions="4", NumSources="1", NumArticles="4", AvgTone="-2.0"),
    # The same event in a second report: same day, pair, code and place; other id and URL.
    "kor_prk_again": row("1009", NumMentions="6", NumSources="2", NumArticles="6", AvgTone="-1.0"),
    "rus_ukr_fight": row(
        "1002",
        **RUS_UKR,
        **KHARKIV,
        EventCode="190",
        EventBaseCode="190",
        EventRootCode="19",
        QuadClass="4",
        GoldsteinScale="-10.0",
    ),
    # "010" (make a statement) and "10" (demand) are different codes: two events, not one.
    "rus_ukr_010": row(
        "1003",
        **RUS_UKR,
        **KHARKIV,
        EventCode="010",
        EventBaseCode="010",
        EventRootCode="01",
        QuadClass="1",
        GoldsteinScale="0.0",
    ),
    "rus_ukr_10": row(
        "1004",
        **RUS_UKR,
        **KHARKIV,
        EventCode="10",
        EventBaseCode="10",
        EventRootCode="10",
        QuadClass="3",
        GoldsteinScale="-5.0",
    ),
    # 155 is in py_gdelt's CAMEO table but not PLOVER's: it resolves to its root, 15 (MOBILIZE).
    "prk_rus_155": row(
        "1005",
        Actor1CountryCode="PRK",
        Actor1Name="NORTH KOREA",
        Actor2CountryCode="RUS",
        Actor2Name="RUSSIA",
        EventCode="155",
        EventBaseCode="155",
        EventRootCode="15",
        QuadClass="4",
        GoldsteinScale="-6.5",
    ),
    "kor_rus_no_goldstein": row(
        "1006",
        Actor2CountryCode="RUS",
        Actor2Name="RUSSIA",
        EventCode="036",
        EventBaseCode="036",
        EventRootCode="03",
        GoldsteinScale="",
    ),
    "ukr_kor_nowhere": row(
        "1007",
        **NOWHERE,
        Actor1CountryCode="UKR",
        Actor1Name="UKRAINE",
        Actor2CountryCode="KOR",
        Actor2Name="SOUTH KOREA",
        EventCode="042",
        EventBaseCode="042",
        EventRootCode="04",
        GoldsteinScale="3.0",
    ),
    "kor_kor": row("1010", Actor2CountryCode="KOR", Actor2Name="SEOUL"),
    "kor_usa": row(
        "1011",
        Actor2CountryCode="USA",
        Actor2Name="UNITED STATES",
        EventCode="057",
        EventBaseCode="057",
        EventRootCode="05",
        GoldsteinScale="5.0",
    ),
    "kor_nobody": row("1012", Actor2CountryCode="", Actor2Name=""),
}
# Malformed lines, each with the reason the import gives for it.
BROKEN = {
    "too_few_fields": ("1013\t20240619\tbroken", "has 3 tab-separated fields, expected 61"),
    "bad_date": (row("1014", SQLDATE="20240231"), "SQLDATE '20240231' is not a date YYYYMMDD"),
    "wordy_mentions": (
        row("1015", NumMentions="many"),
        "NumMentions 'many' is not a whole number",
    ),
}


def gdelt_line(values: dict[str, str]) -> str:
    """One line of an export: the values at their V2_COLUMNS places, "" elsewhere."""
    unknown = set(values) - set(COLUMNS)
    assert not unknown, f"not GDELT columns: {unknown}"
    fields = [""] * len(COLUMNS)
    for name, value in values.items():
        fields[COLUMNS[name]] = value
    return "\t".join(fields)


def write_export(path: Path, rows: Sequence[dict[str, str] | str]) -> Path:
    """An export file: a dict becomes a GDELT line, a str is written as it is (malformed lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else gdelt_line(r) for r in rows]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def zip_export(csv_path: Path, zip_path: Path | None = None) -> Path:
    """Zip a file the way GDELT ships its exports: one .CSV inside `<name>.zip`."""
    zip_path = zip_path or csv_path.with_name(csv_path.name + ".zip")
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(csv_path, csv_path.name)
    return zip_path


def master_line(path: Path, url: str) -> str:
    """A masterfilelist.txt line for a file: "size md5 url"."""
    data = path.read_bytes()
    return f"{len(data)} {hashlib.md5(data).hexdigest()} {url}"  # noqa: S324 (GDELT's checksum)


def write_master_list(folder: Path, files: Sequence[Path], extra: Sequence[str] = ()) -> Path:
    """masterfilelist.txt in `folder`, listing `files` under GDELT's own URL, then `extra` lines."""
    base = "http://data.gdeltproject.org/gdeltv2"
    lines = [master_line(p, f"{base}/{p.name}") for p in files] + list(extra)
    path = folder / "masterfilelist.txt"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def write_bigquery_csv(path: Path, rows: Sequence[dict[str, str]], columns: Sequence[str]) -> Path:
    """A saved BigQuery result: a header row of `columns`, then one CSV row per dict."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


class _Handler(SimpleHTTPRequestHandler):
    """Serves a folder; records each path; answers a status or hangs where the server says so."""

    server: "LoopbackServer"

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        if self.path in self.server.hang:
            self.server.release.wait(timeout=10)
            return
        if self.path in self.server.statuses:
            self.send_error(self.server.statuses[self.path])
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


class LoopbackServer(ThreadingHTTPServer):
    """An HTTP server on 127.0.0.1 serving `root`; `hits`, `statuses` and `hang` steer it."""

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
        self.hits: list[str] = []
        self.statuses: dict[str, int] = {}
        self.hang: set[str] = set()
        self.release = threading.Event()

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:40123."""
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def serve_folder(root: Path) -> Iterator[LoopbackServer]:
    """Serve `root` on a free loopback port in a thread for the duration of the block."""
    server = LoopbackServer(root)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
