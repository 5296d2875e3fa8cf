"""Released data versions: which event ids each had, so a link from an old version can say
what changed since. `python -m dashboard release` records one; the app only reads them."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

RELEASES_DIR = "releases"
LIST_LIMIT = 10


@dataclass(frozen=True)
class Release:
    """One released version: its date and its event ids."""

    version: str
    released: date
    event_ids: frozenset[str]


def release_path(folder: Path, version: str) -> Path:
    """Where a version's id list lives (versions are hex hashes, so safe as file names)."""
    return Path(folder) / RELEASES_DIR / f"{version}.txt"


def write_release(folder: Path, version: str, event_ids: list[str], released: date) -> Path:
    """Record a release: a date line, then one event id per line, sorted."""
    path = release_path(folder, version)
    path.parent.mkdir(exist_ok=True)
    lines = [f"# released {released.isoformat()}", *sorted(event_ids)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class ReleaseUnreadable(ValueError):
    """A release record that exists but cannot be read (the message says why, in words)."""


MAX_RELEASE_BYTES = 50_000_000  # a million ids at most; a bigger file is not one of ours


def load_release(folder: Path, version: str) -> Release | None:
    """Read a release, or None when the version is unknown or not a plain hex hash. A record
    that exists but is malformed (not UTF-8, no date line, a bad date, too big, not a file)
    raises ReleaseUnreadable, so that the link can say so instead of failing."""
    if not version.isalnum() or len(version) > 64:
        return None
    path = release_path(folder, version)
    if not path.exists():
        return None
    name = f"{RELEASES_DIR}/{path.name}"
    if not path.is_file():
        raise ReleaseUnreadable(f"{name} is not a regular file")
    if path.stat().st_size > MAX_RELEASE_BYTES:
        raise ReleaseUnreadable(f"{name} is larger than {MAX_RELEASE_BYTES:,} bytes")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:
        raise ReleaseUnreadable(f"{name} is not UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise ReleaseUnreadable(f"{name} cannot be read ({err.strerror})") from None
    head = lines[0] if lines else ""
    if not head.startswith("# released "):
        raise ReleaseUnreadable(f"{name} does not start with a '# released YYYY-MM-DD' line")
    try:
        released = date.fromisoformat(head.removeprefix("# released ").strip())
    except ValueError:
        raise ReleaseUnreadable(f"{name} has no valid date on its first line") from None
    return Release(version, released, frozenset(x.strip() for x in lines[1:] if x.strip()))


def _listed(ids: list[str]) -> str:
    shown = ", ".join(ids[:LIST_LIMIT])
    return shown + (f" and {len(ids) - LIST_LIMIT} more" if len(ids) > LIST_LIMIT else "")


def changes_since(release: Release, events: pd.DataFrame, corrections: pd.DataFrame) -> list[str]:
    """Sentences: events added and removed since the release, and corrections made after it."""
    current = set(events["id"])
    former = {old for olds in events["former_ids"] for old in olds}
    successors = {
        eid
        for eid, olds in zip(events["id"], events["former_ids"], strict=True)
        if set(olds) & release.event_ids
    }
    added = sorted(current - release.event_ids - successors)
    removed = sorted(release.event_ids - current - former)
    merged = sorted(release.event_ids & former)
    later = corrections[corrections["correction_date"] > release.released.isoformat()]
    lines = []
    if added:
        lines.append(f"{len(added)} event(s) added: {_listed(added)}.")
    if merged:
        lines.append(
            f"{len(merged)} event id(s) merged into others; they still open: {_listed(merged)}."
        )
    if removed:
        lines.append(f"{len(removed)} event(s) removed: {_listed(removed)}.")
    for rec in later.to_dict("records")[:LIST_LIMIT]:
        lines.append(
            f"Corrected {rec['correction_date']}: {rec['event_id']}, {rec['field']} → "
            f"{rec['new_value']} ({rec['reason']})"
        )
    if len(later) > LIST_LIMIT:
        lines.append(f"… and {len(later) - LIST_LIMIT} more corrections.")
    return lines or ["No event was added, removed or corrected since."]
