"""What changed since a release: added, removed and merged events, and later corrections."""

from datetime import date

import pytest
from factories import SUMMONS, TREATY_1961, write_folder

from dashboard.core.dataset import load_dataset
from dashboard.core.releases import (
    ReleaseUnreadable,
    changes_since,
    load_release,
    write_release,
)

CORRECTION = dict(
    event_id=SUMMONS["id"],
    correction_date="2025-02-01",
    field="date",
    old_value="2024-06-20",
    new_value="2024-06-21",
    reason="Local date in Seoul.",
)


def test_changes_since_lists_added_removed_merged_and_corrected(tmp_path):
    merged = dict(TREATY_1961, former_ids="old-treaty-id")
    folder = write_folder(tmp_path / "d", events=[SUMMONS, merged], corrections=[CORRECTION])
    ds = load_dataset(folder)
    assert ds.problems == ()
    old = ["shells-alleged", "old-treaty-id", SUMMONS["id"], "gone-event"]
    write_release(folder, "abc123", old, date(2025, 1, 1))
    release = load_release(folder, "abc123")
    lines = changes_since(release, ds.events, ds.tables["corrections"])
    assert lines == [
        "1 event id(s) merged into others; they still open: old-treaty-id.",
        "2 event(s) removed: gone-event, shells-alleged.",
        "Corrected 2025-02-01: kor-summons-envoy, date → 2024-06-21 (Local date in Seoul.)",
    ]


def test_changes_since_a_release_lists_new_events(tmp_path):
    folder = write_folder(tmp_path / "d")
    ds = load_dataset(folder)
    write_release(folder, "abc123", [SUMMONS["id"]], date(2026, 1, 1))
    lines = changes_since(load_release(folder, "abc123"), ds.events, ds.tables["corrections"])
    assert lines == ["2 event(s) added: shells-alleged, treaty-1961."]


def test_load_release_refuses_unknown_or_path_like_versions(tmp_path):
    folder = write_folder(tmp_path / "d")
    release = write_release(folder, "abc123", [SUMMONS["id"]], date(2026, 1, 1))
    # A well-formed release file one folder up: only the version check keeps it out.
    (folder / "outside.txt").write_bytes(release.read_bytes())
    assert load_release(folder, "abc123") is not None
    assert load_release(folder, "nope") is None
    assert load_release(folder, "../outside") is None


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "does not start with a '# released YYYY-MM-DD' line"),
        (b"# released 2025-13-40\nx\n", "has no valid date on its first line"),
        (b"kor-summons-envoy\n", "does not start with a '# released YYYY-MM-DD' line"),
        (b"# released 2025-01-01\n\xff\xfe\n", "is not UTF-8 text (byte 22)"),
    ],
)
def test_a_malformed_release_record_is_named_not_raised_as_a_crash(tmp_path, content, why):
    """Each of these crashed every link carrying ?v= (ValueError, IndexError,
    UnicodeDecodeError); now each is one ReleaseUnreadable naming the file and the reason."""
    folder = write_folder(tmp_path / "d")
    (folder / "releases").mkdir()
    (folder / "releases" / "abc123.txt").write_bytes(content)
    with pytest.raises(ReleaseUnreadable) as err:
        load_release(folder, "abc123")
    assert str(err.value) == f"releases/abc123.txt {why}"


def test_a_release_record_that_is_a_directory_is_named(tmp_path):
    folder = write_folder(tmp_path / "d")
    (folder / "releases" / "abc123.txt").mkdir(parents=True)
    with pytest.raises(ReleaseUnreadable, match="is not a regular file"):
        load_release(folder, "abc123")
