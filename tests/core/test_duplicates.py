"""Two events on the same date, pair and type are flagged unless notes say how they differ."""

from factories import EVENTS, SUMMONS, write_folder

from dashboard.core.dataset import load_dataset
from dashboard.core.validation import likely_duplicates

TWIN = dict(
    SUMMONS, id="kor-summons-envoy-again", source_actor="RUS", target_actor="KOR", people=""
)


def _events(tmp_path, *events):
    return load_dataset(write_folder(tmp_path / "data", events=[*EVENTS, *events])).events


def test_likely_duplicates_flags_a_same_day_same_pair_same_type_twin(tmp_path):
    assert likely_duplicates(_events(tmp_path, TWIN)) == [
        ("kor-summons-envoy", "kor-summons-envoy-again")
    ]


def test_likely_duplicates_accepts_a_twin_whose_notes_name_the_other(tmp_path):
    explained = dict(TWIN, notes="Distinct from kor-summons-envoy: Moscow's counter-summons.")
    assert likely_duplicates(_events(tmp_path, explained)) == []


def test_likely_duplicates_ignores_another_type_on_the_same_day(tmp_path):
    assert likely_duplicates(_events(tmp_path, dict(TWIN, event_type="THREATEN"))) == []
