"""Tiny valid data folders built from named constants, for tests that change one thing at a time."""

import csv
from pathlib import Path

from dashboard.core.schema import load_schema

ACTORS = [
    dict(
        id="KOR",
        actor_type="country",
        name="South Korea",
        country="KOR",
        aliases="대한민국",
        capital="Seoul",
        latitude="37.57",
        longitude="126.98",
    ),
    dict(
        id="RUS",
        actor_type="country",
        name="Russia",
        country="RUS",
        aliases="",
        capital="Moscow",
        latitude="55.76",
        longitude="37.62",
    ),
    dict(
        id="PRK",
        actor_type="country",
        name="North Korea",
        country="PRK",
        aliases="DPRK",
        capital="Pyongyang",
        latitude="39.04",
        longitude="125.76",
    ),
    dict(
        id="UKR",
        actor_type="country",
        name="Ukraine",
        country="UKR",
        aliases="",
        capital="Kyiv",
        latitude="50.45",
        longitude="30.52",
    ),
    dict(
        id="SUN",
        actor_type="country",
        name="Soviet Union",
        country="RUS",
        aliases="USSR",
        capital="Moscow",
        latitude="55.76",
        longitude="37.62",
    ),
    dict(id="UNSC", actor_type="organisation", name="UN Security Council"),
    dict(
        id="georgy-zinoviev",
        actor_type="person",
        name="Georgy Zinoviev",
        country="RUS",
        aliases="Georgi Sinowiew|Георгий Зиновьев",
    ),
]
ROLES = [
    dict(
        actor_id="georgy-zinoviev",
        role="Ambassador of Russia to South Korea",
        start_date="2024-01",
        end_date="",
    ),
]
SOURCES = [
    dict(
        id="src-one",
        publisher="Example News",
        title="A page",
        url="https://example.org/a",
        published_date="2024-06-21",
        accessed_date="2026-11-26",
    ),
]
SUMMONS = dict(
    id="kor-summons-envoy",
    date="2024-06-21",
    end_date="",
    date_precision="day",
    source_actor="KOR",
    target_actor="RUS",
    other_actors="",
    people="georgy-zinoviev",
    event_type="DISAPPROVE",
    quad_class="",
    intensity="-3",
    status="confirmed",
    claimed_by="",
    title="Seoul summons Russia's ambassador",
    summary="A protest over the treaty.",
    location_name="Seoul",
    latitude="37.57",
    longitude="126.98",
    key="true",
    source_ids="src-one",
    notes="",
    former_ids="",
)
TREATY_1961 = dict(
    SUMMONS,
    id="treaty-1961",
    date="1961-07",
    date_precision="month",
    source_actor="SUN",
    target_actor="PRK",
    people="",
    event_type="AGREE",
    intensity="10",
    title="Soviet-North Korean treaty",
    summary="A treaty of mutual assistance.",
    location_name="Moscow",
    latitude="55.76",
    longitude="37.62",
    key="false",
)
ALLEGED_SHELLS = dict(
    SUMMONS,
    id="shells-alleged",
    date="2023-08-01",
    end_date="2023-08-31",
    source_actor="PRK",
    target_actor="RUS",
    people="",
    event_type="AID",
    intensity="8",
    status="alleged",
    claimed_by="KOR",
    title="Shells shipped",
    summary="Munitions said to be shipped.",
    location_name="Rajin",
    latitude="42.25",
    longitude="130.3",
    key="false",
)
EVENTS = [SUMMONS, TREATY_1961, ALLEGED_SHELLS]


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def write_folder(folder: Path, **tables: list[dict]) -> Path:
    """Write a data folder; each table defaults to the constants above unless given."""
    defaults = dict(actors=ACTORS, roles=ROLES, sources=SOURCES, events=EVENTS, corrections=[])
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in load_schema().tables.items():
        rows = tables.get(name, defaults[name])
        _write(folder / table.file, [c.name for c in table.columns], rows)
    return folder


# Strings built to attack or upset every place data text reaches (issue: hostile data).
SCRIPT = "<script>alert('script')</script>"
IMG = "<img src=x onerror=alert('img')>"
TEMPLATE = "{{ 7*7 }} {% if true %}x{% endif %}"
MARKDOWN = "$x$ :red[x] [a](b) **b** \\ \" ' `code`"
HREF = 'see href="javascript:alert(1)" here'
LONG = "Ж" * 3000 + "한" * 3000 + "W" * 4000
SCRIPTS = "김정은 Ким Чен Ын Кім Чен Ин مرحبا שלום"
HOSTILE_STRINGS = (SCRIPT, IMG, TEMPLATE, MARKDOWN, HREF, SCRIPTS)


def write_hostile_folder(folder: Path) -> Path:
    """A folder valid by the schema whose every text field carries an attack or an oddity."""
    person = dict(
        ACTORS[-1], id="hostile-person", name=f"{SCRIPT} {HREF}", aliases=f"{IMG}|{SCRIPTS}"
    )
    org = dict(id="HOSTILEORG", actor_type="organisation", name=f"{IMG} {TEMPLATE}")
    actors = [*ACTORS, person, org]
    roles = [*ROLES, dict(actor_id="hostile-person", role=MARKDOWN, start_date="2000")]
    sources = [
        dict(SOURCES[0], publisher=f"{IMG} Publisher", title=f"{SCRIPT} {MARKDOWN}", wire=HREF),
    ]
    texts = [SCRIPT, IMG, TEMPLATE, MARKDOWN, HREF, SCRIPTS, LONG]
    events = [
        dict(
            SUMMONS,
            id=f"hostile-{i}",
            date=f"2024-0{1 + i % 9}-1{i % 9}",
            title=text[:300] if text is not LONG else LONG,
            summary=f"{text} {SCRIPTS}",
            notes=f"{TEMPLATE} {HREF}",
            location_name=text if text is not LONG else "Ж" * 200,
            people="hostile-person",
            other_actors="HOSTILEORG",
            key="true" if i % 2 else "false",
        )
        for i, text in enumerate(texts)
    ]
    return write_folder(
        folder, actors=actors, roles=roles, sources=sources, events=[*EVENTS, *events]
    )
