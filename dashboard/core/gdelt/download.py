"""Download GDELT 2.0 event exports for a range of days, checked against GDELT's master file list.

The master list (`<base>/masterfilelist.txt`, lines "size md5 url") is read line by line; each
`*.export.CSV.zip` whose 14-digit timestamp falls in the range is fetched as `<base>/<file name>`
into a cache folder, checked for size and md5, and kept. A file already there with the right
md5 is not fetched again. Every request has a timeout and at most ATTEMPTS tries; a file that
still fails is reported and the others go on.
"""

import hashlib
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

DEFAULT_BASE_URL = "http://data.gdeltproject.org/gdeltv2"
MASTER_LIST = "masterfilelist.txt"
EXPORT_SUFFIX = ".export.CSV.zip"
ATTEMPTS = 3
BACKOFF_SECONDS = (0.5, 1.0)  # before the second and the third try
CHUNK = 1 << 20
T = TypeVar("T")


class DownloadError(Exception):
    """A request that failed on every try; the message says which URL and why."""


@dataclass(frozen=True)
class ListedFile:
    """One export file as the master list gives it."""

    name: str
    size: int
    md5: str


@dataclass(frozen=True)
class Download:
    """What happened to one listed file: fetched, cached (already there) or failed (why)."""

    name: str
    path: Path
    status: str
    error: str = ""


def select_exports(lines: Iterable[str], first: date, last: date) -> Iterator[ListedFile]:
    """The export files of the list whose timestamp is within [first 00:00:00, last 23:59:59]."""
    low, high = f"{first:%Y%m%d}000000", f"{last:%Y%m%d}235959"
    for line in lines:
        parts = line.split()
        if len(parts) != 3 or not parts[2].endswith(EXPORT_SUFFIX) or not parts[0].isdigit():
            continue
        name = parts[2].rsplit("/", 1)[-1]
        stamp = name[:14]
        if stamp.isdigit() and low <= stamp <= high:
            yield ListedFile(name=name, size=int(parts[0]), md5=parts[1].lower())


def _retry(action: Callable[[], T], url: str, sleep: Callable[[float], None]) -> T:
    """Run `action` up to ATTEMPTS times; a 4xx answer is final. Raise DownloadError at the end."""
    reason = ""
    for attempt in range(ATTEMPTS):
        if attempt:
            sleep(BACKOFF_SECONDS[min(attempt - 1, len(BACKOFF_SECONDS) - 1)])
        try:
            return action()
        except urllib.error.HTTPError as error:
            reason = f"HTTP {error.code} {error.reason}"
            if 400 <= error.code < 500:
                break
        except (OSError, http.client.HTTPException, ValueError) as error:
            reason = str(getattr(error, "reason", None) or error) or type(error).__name__
    tries = "1 try" if attempt == 0 else f"{attempt + 1} tries"
    raise DownloadError(f"{url}: {reason} (gave up after {tries})")


def read_master_list(
    base_url: str, first: date, last: date, timeout: float, sleep: Callable[[float], None]
) -> list[ListedFile]:
    """The export files in the range, streaming the (huge) master list line by line."""
    url = f"{base_url.rstrip('/')}/{MASTER_LIST}"

    def fetch() -> list[ListedFile]:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http only)
            lines = (raw.decode("utf-8", errors="replace") for raw in response)
            return list(select_exports(lines, first, last))

    _check_scheme(url)
    return _retry(fetch, url, sleep)


def _check_scheme(url: str) -> None:
    if not url.startswith(("http://", "https://")):
        raise DownloadError(f"{url}: only http and https URLs are fetched")


def _md5(path: Path) -> str:
    digest = hashlib.md5()  # noqa: S324 (GDELT publishes md5 checksums)
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_file(
    base_url: str, listed: ListedFile, cache: Path, timeout: float, sleep: Callable[[float], None]
) -> Download:
    """Fetch one listed file into `cache` (unless a good copy is there) and check it."""
    target = cache / listed.name
    if target.is_file() and target.stat().st_size == listed.size and _md5(target) == listed.md5:
        return Download(listed.name, target, "cached")
    url = f"{base_url.rstrip('/')}/{listed.name}"
    partial = cache / f".{listed.name}.part"

    def fetch() -> None:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http only)
            with partial.open("wb") as out:
                while chunk := response.read(CHUNK):
                    out.write(chunk)
        size, md5 = partial.stat().st_size, _md5(partial)
        if size != listed.size or md5 != listed.md5:
            raise ValueError(
                f"got {size} bytes with md5 {md5}, the list says {listed.size} bytes, {listed.md5}"
            )

    try:
        _check_scheme(url)
        _retry(fetch, url, sleep)
    except DownloadError as error:
        partial.unlink(missing_ok=True)
        return Download(listed.name, target, "failed", str(error))
    partial.replace(target)
    return Download(listed.name, target, "fetched")


def download_exports(
    first: date,
    last: date,
    cache: Path,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Download]:
    """Fetch every export of the range into `cache`; raise DownloadError if the list fails."""
    listed = read_master_list(base_url, first, last, timeout, sleep)
    cache.mkdir(parents=True, exist_ok=True)
    return [fetch_file(base_url, item, cache, timeout, sleep) for item in listed]
