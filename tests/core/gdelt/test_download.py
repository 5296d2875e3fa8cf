"""Downloads for a range of days: picked from the master list, checked by md5, bounded in time."""

import time
from datetime import date

import pytest
from gdelt_samples import (
    ROWS,
    master_line,
    serve_folder,
    write_export,
    write_master_list,
    zip_export,
)

from dashboard.core.gdelt.download import (
    ATTEMPTS,
    DownloadError,
    ListedFile,
    download_exports,
    select_exports,
)

FIRST, LAST = date(2024, 6, 19), date(2024, 6, 20)
BEFORE, START, END, AFTER = "20240618234500", "20240619000000", "20240620234500", "20240621000000"
NO_SLEEP = {"sleep": lambda seconds: None}


def _zips(folder, stamps):
    return [zip_export(write_export(folder / f"{s}.export.CSV", [ROWS["kor_prk"]])) for s in stamps]


@pytest.fixture
def site(tmp_path):
    """A folder served on loopback: four export zips (two in range) and their master list."""
    root = tmp_path / "site"
    zips = _zips(root, [BEFORE, START, END, AFTER])
    for path in zips:
        path.with_suffix("").unlink()  # serve only the zips, as GDELT does
    write_master_list(
        root, zips, extra=[f"123 abc http://data.gdeltproject.org/gdeltv2/{START}.gkg.csv.zip"]
    )
    with serve_folder(root) as server:
        yield server, root


def test_select_exports_keeps_export_files_within_the_whole_days_of_the_range():
    lines = [
        f"10 aa http://x/gdeltv2/{BEFORE}.export.CSV.zip",
        f"11 BB http://x/gdeltv2/{START}.export.CSV.zip",
        f"12 cc http://x/gdeltv2/{START}.mentions.CSV.zip",
        f"13 dd http://x/gdeltv2/{END}.export.CSV.zip",
        f"14 ee http://x/gdeltv2/{AFTER}.export.CSV.zip",
        "15 ff http://x/gdeltv2/20240620235959.export.CSV.zip",
        "a line that is not three fields",
        f"size md5 http://x/gdeltv2/{START}.export.CSV.zip",
    ]
    assert list(select_exports(lines, FIRST, LAST)) == [
        ListedFile(f"{START}.export.CSV.zip", 11, "bb"),
        ListedFile(f"{END}.export.CSV.zip", 13, "dd"),
        ListedFile("20240620235959.export.CSV.zip", 15, "ff"),
    ]


def test_download_fetches_the_files_of_the_range_from_the_base_url(site, tmp_path):
    server, _ = site
    results = download_exports(FIRST, LAST, tmp_path / "cache", server.url, 5, **NO_SLEEP)
    assert [(r.name, r.status) for r in results] == [
        (f"{START}.export.CSV.zip", "fetched"),
        (f"{END}.export.CSV.zip", "fetched"),
    ]
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [r.name for r in results]
    assert server.hits == ["/masterfilelist.txt", *(f"/{r.name}" for r in results)]


def test_download_skips_a_cached_file_with_the_right_md5_and_refetches_a_damaged_one(
    site, tmp_path
):
    server, root = site
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"{START}.export.CSV.zip").write_bytes((root / f"{START}.export.CSV.zip").read_bytes())
    same_size = bytearray((root / f"{END}.export.CSV.zip").read_bytes())
    same_size[-1] ^= 0xFF  # damaged in a way only the md5 sees
    (cache / f"{END}.export.CSV.zip").write_bytes(bytes(same_size))
    results = download_exports(FIRST, LAST, cache, server.url, 5, **NO_SLEEP)
    assert [r.status for r in results] == ["cached", "fetched"]
    assert server.hits == ["/masterfilelist.txt", f"/{END}.export.CSV.zip"]
    assert (cache / f"{END}.export.CSV.zip").read_bytes() == (
        root / f"{END}.export.CSV.zip"
    ).read_bytes()


def test_a_file_whose_md5_does_not_match_the_list_fails_after_bounded_tries(site, tmp_path):
    server, root = site
    good = root / f"{START}.export.CSV.zip"
    wrong = master_line(good, f"http://x/{good.name}").replace(" ", " 0", 1)  # size differs
    (root / "masterfilelist.txt").write_text(wrong + "\n", encoding="utf-8")
    [result] = download_exports(FIRST, LAST, tmp_path / "cache", server.url, 5, **NO_SLEEP)
    assert result.status == "failed" and "the list says" in result.error
    assert server.hits.count(f"/{good.name}") == ATTEMPTS
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_missing_file_is_reported_once_and_the_others_still_arrive(site, tmp_path):
    server, root = site
    (root / f"{START}.export.CSV.zip").unlink()
    results = download_exports(FIRST, LAST, tmp_path / "cache", server.url, 5, **NO_SLEEP)
    assert [r.status for r in results] == ["failed", "fetched"]
    assert "HTTP 404" in results[0].error and f"{START}.export.CSV.zip" in results[0].error
    assert server.hits.count(f"/{START}.export.CSV.zip") == 1  # a 404 is not retried


def test_a_server_error_is_retried_at_most_three_times_with_a_backoff(site, tmp_path):
    server, _ = site
    server.statuses[f"/{START}.export.CSV.zip"] = 503
    waits = []
    results = download_exports(FIRST, LAST, tmp_path / "cache", server.url, 5, waits.append)
    assert results[0].status == "failed" and "gave up after 3 tries" in results[0].error
    assert server.hits.count(f"/{START}.export.CSV.zip") == ATTEMPTS == 3
    assert len(waits) == ATTEMPTS - 1 and all(0 < w <= 2 for w in waits)
    assert results[1].status == "fetched"


def test_a_master_list_that_never_answers_times_out_quickly(site, tmp_path):
    server, _ = site
    server.hang.add("/masterfilelist.txt")
    started = time.monotonic()
    with pytest.raises(DownloadError, match="timed out") as raised:
        download_exports(FIRST, LAST, tmp_path / "cache", server.url, 0.5, **NO_SLEEP)
    assert time.monotonic() - started < ATTEMPTS * 0.5 + 2
    assert server.hits == ["/masterfilelist.txt"] * ATTEMPTS
    assert "masterfilelist.txt" in str(raised.value)


def test_a_file_that_never_answers_fails_and_the_next_one_arrives(site, tmp_path):
    server, _ = site
    server.hang.add(f"/{START}.export.CSV.zip")
    results = download_exports(FIRST, LAST, tmp_path / "cache", server.url, 0.5, **NO_SLEEP)
    assert [r.status for r in results] == ["failed", "fetched"]
    assert "timed out" in results[0].error


def test_a_base_url_that_is_not_http_is_refused(tmp_path):
    with pytest.raises(DownloadError, match="only http and https"):
        download_exports(FIRST, LAST, tmp_path, "file:///etc", 1, **NO_SLEEP)
