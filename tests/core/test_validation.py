"""Each validation rule, shown failing on a small example; the valid folder gives no problems."""

import pytest
from factories import (
    ACTORS,
    ALLEGED_SHELLS,
    EVENTS,
    KINDS,
    ROLES,
    SOURCES,
    SUMMONS,
    TREATY_1961,
    write_folder,
)

from dashboard.core.dataset import load_dataset
from dashboard.core.rules import MAX_LISTED
from dashboard.core.validation import people_not_named


def _problems(tmp_path, **tables):
    return list(load_dataset(write_folder(tmp_path / "data", **tables)).problems)


def _with_event(**changes):
    return [dict(SUMMONS, **changes), *EVENTS[1:]]


def test_the_factory_folder_is_valid(tmp_path):
    assert _problems(tmp_path) == []


CASES = [
    # (what is wrong, tables to write, the sentence expected among the problems)
    (
        "unknown source actor",
        dict(events=_with_event(source_actor="XYZ")),
        "events.csv row 2, source_actor: 'XYZ' is not an id in actors.csv.",
    ),
    (
        "unknown source id",
        dict(events=_with_event(source_ids="nowhere")),
        "events.csv row 2, source_ids: 'nowhere' is not an id in sources.csv.",
    ),
    (
        "malformed date",
        dict(events=_with_event(date="21/06/2024")),
        "events.csv row 2, date: '21/06/2024' is not a date of the form YYYY-MM-DD.",
    ),
    (
        "impossible date",
        dict(events=_with_event(date="2023-02-30")),
        "events.csv row 2, date: '2023-02-30' is not a real calendar day.",
    ),
    (
        "day given for month precision",
        dict(events=_with_event(date_precision="month")),
        "events.csv row 2, date: '2024-06-21' is a day, but date_precision is month",
    ),
    (
        "month given for day precision",
        dict(events=_with_event(date="2024-06")),
        "events.csv row 2, date: '2024-06' is not a date of the form YYYY-MM-DD.",
    ),
    (
        "end before start",
        dict(events=_with_event(end_date="2024-06-20")),
        "events.csv row 2, end_date: 2024-06-20 is before the date 2024-06-21.",
    ),
    (
        "latitude out of range",
        dict(events=_with_event(latitude="91")),
        "events.csv row 2, latitude: 91 is out of range (-90 to 90).",
    ),
    (
        "longitude not a number",
        dict(events=_with_event(longitude="east")),
        "events.csv row 2, longitude: 'east' is not a number.",
    ),
    (
        "duplicate id",
        dict(events=[SUMMONS, dict(TREATY_1961, id=SUMMONS["id"])]),
        "events.csv row 3, id: 'kor-summons-envoy' is a duplicate (also row 2).",
    ),
    (
        "former id that is live",
        dict(events=_with_event(former_ids="treaty-1961")),
        "events.csv row 2, former_ids: 'treaty-1961' is also a live event id.",
    ),
    (
        "event without a source",
        dict(events=_with_event(source_ids="")),
        "events.csv row 2, source_ids: is empty but required.",
    ),
    (
        "javascript source url",
        dict(sources=[dict(SOURCES[0], url="javascript:alert(1)")]),
        "sources.csv row 2, url: 'javascript:alert(1)' is not an http(s) URL.",
    ),
    (
        "unparseable source url",
        dict(sources=[dict(SOURCES[0], url="https://[::1")]),
        "sources.csv row 2, url: 'https://[::1' is not an http(s) URL.",
    ),
    (
        # urlsplit drops line breaks and tabs: the hidden Markdown line must not pass.
        "source url with a line break and a markdown line",
        dict(sources=[dict(SOURCES[0], url="https://ok.example/x\n\n[x]: http://evil.example")]),
        "sources.csv row 2, url: 'https://ok.example/x\\n\\n[x]: http://evil.example' is not an"
        " http(s) URL: it holds the character '\\n'.",
    ),
    (
        "source url with a tab",
        dict(sources=[dict(SOURCES[0], url="https://ok.example/\tx")]),
        "sources.csv row 2, url: 'https://ok.example/\\tx' is not an http(s) URL: it holds the"
        " character '\\t'.",
    ),
    (
        "unknown event type",
        dict(events=_with_event(event_type="HUG")),
        "events.csv row 2, event_type: 'HUG' is not one of",
    ),
    (
        "unknown status",
        dict(events=_with_event(status="rumoured")),
        "events.csv row 2, status: 'rumoured' is not one of confirmed, alleged, denied.",
    ),
    (
        "unknown quad class",
        dict(events=_with_event(quad_class="friendly")),
        "events.csv row 2, quad_class: 'friendly' is not one of",
    ),
    (
        "quad class that contradicts the type",
        dict(events=_with_event(quad_class="material_conflict")),
        "events.csv row 2, quad_class: 'material_conflict' does not match event_type DISAPPROVE",
    ),
    (
        "intensity out of range",
        dict(events=_with_event(intensity="11")),
        "events.csv row 2, intensity: 11 is out of range (-10 to 10).",
    ),
    (
        "intensity not whole",
        dict(events=_with_event(intensity="2.5")),
        "events.csv row 2, intensity: '2.5' is not a whole number.",
    ),
    (
        "person with no role on the date",
        dict(events=_with_event(date="2023-06-21")),
        "events.csv row 2, people: no role in roles.csv covers 'georgy-zinoviev' on 2023-06-21.",
    ),
    (
        "a country listed as a person",
        dict(events=_with_event(people="UKR")),
        "events.csv row 2, people: 'UKR' is a country, not a person.",
    ),
    (
        "alleged with nobody claiming",
        dict(events=_with_event(status="alleged")),
        "events.csv row 2, claimed_by: an alleged event must name who claims it.",
    ),
    (
        "unknown kind",
        dict(events=_with_event(kind="hug")),
        "events.csv row 2, kind: 'hug' is not an id in kinds.csv.",
    ),
    (
        "event type unlike its kind's",
        dict(events=_with_event(kind="summons", event_type="THREATEN", intensity="-3")),
        "events.csv row 2, kind: 'summons' is coded DISAPPROVE -3 in kinds.csv, but this event"
        " is THREATEN -3; code it so, or say why in notes ('kind exception: ...').",
    ),
    (
        "intensity not among its kind's",
        dict(events=_with_event(kind="treaty-signed", event_type="AGREE", intensity="7")),
        "events.csv row 2, kind: 'treaty-signed' is coded AGREE +10/+8/+6 in kinds.csv, but this"
        " event is AGREE 7;",
    ),
    (
        "kind exception without a reason",
        dict(events=_with_event(kind="summons", intensity="-2", notes="Kind exception: ")),
        "events.csv row 2, kind: 'summons' is coded DISAPPROVE -3 in kinds.csv",
    ),
    (
        "kind whose quad class contradicts its type",
        dict(kinds=[dict(KINDS[0], quad_class="material_conflict"), *KINDS[1:]]),
        "kinds.csv row 2, quad_class: 'material_conflict' does not match every event_type of"
        " DISAPPROVE.",
    ),
    (
        "kind with an unknown event type",
        dict(kinds=[dict(KINDS[0], event_type="DISAPPROVE|HUG"), *KINDS[1:]]),
        "kinds.csv row 2, event_type: 'HUG' is not one of",
    ),
    (
        "claim of an unknown event",
        dict(events=_with_event(claim_of="ghost")),
        "events.csv row 2, claim_of: 'ghost' is not an id in events.csv.",
    ),
    (
        "claim of itself",
        dict(events=_with_event(claim_of="kor-summons-envoy")),
        "events.csv row 2, claim_of: is the event's own id.",
    ),
    (
        "denied act of one of its own claimants",
        dict(events=_with_event(status="denied", claimed_by="UKR|KOR")),
        "events.csv row 2, status: 'denied' on an act of KOR, which is among its own claimed_by;",
    ),
    (
        "key not boolean",
        dict(events=_with_event(key="yes")),
        "events.csv row 2, key: 'yes' is not true or false.",
    ),
    (
        "role for an unknown person",
        dict(roles=[*ROLES, dict(ROLES[0], actor_id="nobody")]),
        "roles.csv row 3, actor_id: 'nobody' is not an id in actors.csv.",
    ),
    (
        "person without a country",
        dict(actors=[*ACTORS[:-1], dict(ACTORS[-1], country="")]),
        "actors.csv row 8, country: a person needs its ISO3 country code.",
    ),
    (
        "accessed before published",
        dict(sources=[dict(SOURCES[0], accessed_date="2024-01-01")]),
        "sources.csv row 2, accessed_date: 2024-01-01 is before published_date 2024-06-21.",
    ),
    (
        "correction of an unknown event",
        dict(
            corrections=[
                dict(
                    event_id="ghost",
                    correction_date="2025-01-01",
                    field="date",
                    new_value="x",
                    reason="y",
                )
            ]
        ),
        "corrections.csv row 2, event_id: 'ghost' is not an id in events.csv.",
    ),
]


@pytest.mark.parametrize(("what", "tables", "expected"), CASES, ids=[c[0] for c in CASES])
def test_validate_names_file_row_and_field(tmp_path, what, tables, expected):
    problems = _problems(tmp_path, **tables)
    assert any(p.startswith(expected) for p in problems), problems


def test_validate_reports_every_problem_at_once(tmp_path):
    events = _with_event(date="2024-13-01", intensity="99", source_actor="XYZ")
    problems = _problems(tmp_path, events=events)
    fields = {p.split(",")[1].split(":")[0].strip() for p in problems}
    assert {"date", "intensity", "source_actor"} <= fields


def test_validate_lists_a_rule_broken_on_many_rows_up_to_a_cap_and_counts_the_rest(tmp_path):
    broken = [dict(SUMMONS, id=f"hot-{i}", intensity="11") for i in range(MAX_LISTED + 7)]
    problems = [p for p in _problems(tmp_path, events=broken) if ", intensity" in p]
    assert len(problems) == MAX_LISTED + 1
    assert problems[0] == "events.csv row 2, intensity: 11 is out of range (-10 to 10)."
    assert problems[-1] == "events.csv, intensity: … and 7 more problems like these."


def test_a_kind_exception_with_its_reason_lets_an_event_leave_its_kinds_coding(tmp_path):
    notes = "Kind exception: a protest by letter, milder than a summons."
    events = _with_event(kind="summons", intensity="-2", notes=notes)
    assert _problems(tmp_path, events=events) == []


def test_an_event_coded_as_its_kind_and_a_claim_of_another_event_are_valid(tmp_path):
    claim = dict(SUMMONS, kind="disclosure", claim_of=ALLEGED_SHELLS["id"], people="", key="false")
    events = [claim, *EVENTS[1:]]
    assert _problems(tmp_path, events=events) == []


# People an event lists but its text never names (people_not_named).
KOREAN_PERSON = dict(
    id="yoon-suk-yeol", actor_type="person", name="Yoon Suk Yeol", country="KOR", aliases=""
)
KOREAN_ROLE = dict(
    actor_id="yoon-suk-yeol", role="President of South Korea", start_date="2022-05", end_date=""
)


def _unnamed(tmp_path, actors=ACTORS, roles=ROLES, **changes):
    folder = write_folder(
        tmp_path / "data", actors=actors, roles=roles, events=_with_event(**changes)
    )
    dataset = load_dataset(folder)
    return people_not_named(dataset.events, dataset.actors)


def test_a_listed_person_whom_the_text_never_names_is_reported(tmp_path):
    assert _unnamed(tmp_path) == [("kor-summons-envoy", "georgy-zinoviev")]


@pytest.mark.parametrize(
    "field, text",
    [
        ("summary", "Seoul protested to Georgy Zinoviev over the treaty."),
        ("title", "Seoul summons Zinoviev"),
        ("notes", "The page spells him Georgi Sinowiew."),
    ],
)
def test_a_person_is_named_by_full_name_family_name_or_alias(tmp_path, field, text):
    assert _unnamed(tmp_path, **{field: text}) == []


def test_a_family_name_counts_only_as_a_whole_word(tmp_path):
    assert _unnamed(tmp_path, summary="Zinovievsky met the minister.") != []


def test_a_korean_family_name_comes_first(tmp_path):
    actors, roles = [*ACTORS, KOREAN_PERSON], [*ROLES, KOREAN_ROLE]
    named = _unnamed(
        tmp_path, actors, roles, people="yoon-suk-yeol", summary="Yoon's office protested."
    )
    unnamed = _unnamed(
        tmp_path / "b", actors, roles, people="yoon-suk-yeol", summary="Suk's office protested."
    )
    assert (named, unnamed) == ([], [("kor-summons-envoy", "yoon-suk-yeol")])
