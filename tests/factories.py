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
KINDS = [
    dict(
        id="summons",
        description="An ambassador summoned to protest.",
        event_type="DISAPPROVE",
        quad_class="verbal_conflict",
        intensity="-3",
        direction="The summoning state is the source.",
    ),
    dict(
        id="treaty-signed",
        description="A treaty signed.",
        event_type="AGREE",
        intensity="10|8|6",
        direction="The visiting side is the source.",
    ),
    dict(
        id="disclosure",
        description="A claim, denial or confirmation of an act.",
        event_type="DISAPPROVE|REJECT|AGREE|CONCEDE",
        intensity="-3|-2|2|3",
        direction="The one who speaks is the source.",
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
    kind="",
    claim_of="",
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
    defaults = dict(
        actors=ACTORS, roles=ROLES, sources=SOURCES, kinds=KINDS, events=EVENTS, corrections=[]
    )
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
# Text that would make the browser fetch from another host or link to it if any of it were
# read as Markdown, KaTeX, a Streamlit icon, an autolink or HTML (in Plotly text too).
FETCH = (
    "![x](http://evil.example/md.png)"
    ' <span style="background-image: url(http://evil.example/css.png)">s</span>'
    " $\\includegraphics{http://evil.example/tex.png}$ :material/warning:"
    " https://evil.example/link www.evil.example mail@evil.example"
    ' <a href="http://evil.example/a" target="_top">a</a>'
)
HOSTILE_STRINGS = (SCRIPT, IMG, TEMPLATE, MARKDOWN, HREF, SCRIPTS, FETCH)


def write_hostile_folder(folder: Path) -> Path:
    """A folder valid by the schema whose every text field carries an attack or an oddity."""
    person = dict(
        ACTORS[-1],
        id="hostile-person",
        name=f"{SCRIPT} {HREF} {FETCH}",
        aliases=f"{IMG}|{SCRIPTS}",
    )
    org = dict(id="HOSTILEORG", actor_type="organisation", name=f"{IMG} {TEMPLATE}")
    # A country's capital reaches the map's Plotly text and the offline snapshot.
    countries = [
        dict(a, capital=f"{a['capital']} {FETCH}") if a["id"] == "KOR" else a for a in ACTORS
    ]
    actors = [*countries, person, org]
    roles = [*ROLES, dict(actor_id="hostile-person", role=MARKDOWN, start_date="2000")]
    sources = [
        dict(
            SOURCES[0],
            publisher=f"{IMG} Publisher",
            title=f"{SCRIPT} {MARKDOWN} {FETCH}",
            wire=HREF,
        ),
    ]
    texts = [SCRIPT, IMG, TEMPLATE, MARKDOWN, HREF, SCRIPTS, LONG, FETCH]
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


def gdelt_row(event_id: str, date: str, source: str, target: str, **extra: object) -> dict:
    """One row of the GDELT layer's Parquet contract, with plausible defaults."""
    row = {
        "event_id": event_id,
        "date": date,
        "source_country": source,
        "target_country": target,
        "source_name": source,
        "target_name": target,
        "cameo_code": "036",
        "cameo_root": "03",
        "cameo_name": "Express intent to meet or negotiate",
        "plover_type": "AGREE",
        "plover_quad": "verbal_cooperation",
        "plover_rule": "exact",
        "goldstein": 4.0,
        "gdelt_quad": 1,
        "location_name": "Seoul, Seoul-t'ukpyolsi, South Korea",
        "location_fips": "KS",
        "location_country": "KOR",
        "lat": 37.5664,
        "lon": 127.0,
        "feature_id": "-716583",
        "num_mentions": 10,
        "num_sources": 2,
        "num_articles": 10,
        "avg_tone": -1.5,
        "source_url": f"https://news.example.org/{event_id}",
        "reports": 1,
        "date_added": date.replace("-", "") + "120000",
    }
    row.update(extra)
    return row


GDELT_ROWS = [
    gdelt_row("1001", "2024-06-19", "RUS", "PRK", num_mentions=40),
    gdelt_row(
        "1002",
        "2024-06-20",
        "KOR",
        "RUS",
        cameo_code="111",
        cameo_root="11",
        cameo_name="Criticize or denounce",
        plover_type="ACCUSE",
        plover_quad="verbal_conflict",
        goldstein=-2.0,
        gdelt_quad=3,
        reports=3,
    ),
    gdelt_row(
        "1003",
        "2024-07-02",
        "UKR",
        "RUS",
        cameo_code="190",
        cameo_root="19",
        cameo_name="Use conventional military force",
        plover_type="ASSAULT",
        plover_quad="material_conflict",
        goldstein=-10.0,
        gdelt_quad=4,
        location_name="Kharkiv, Kharkivs'ka Oblast', Ukraine",
        location_fips="UP",
        location_country="UKR",
        lat=49.98,
        lon=36.25,
        feature_id="-1025541",
    ),
    gdelt_row(
        "1004",
        "2024-07-15",
        "PRK",
        "KOR",
        cameo_code="010",
        cameo_root="01",
        cameo_name="Make statement, not specified below",
        plover_type="",
        plover_quad="",
        plover_rule="unmapped",
        goldstein=0.0,
        gdelt_quad=1,
        lat=float("nan"),
        lon=float("nan"),
        location_name="",
        location_fips="",
        location_country="",
        feature_id="",
    ),
]


def write_gdelt_folder(folder: Path, rows: list[dict] | None = None) -> Path:
    """A GDELT layer folder as import-gdelt writes it: the Parquet and a manifest."""
    import json

    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(GDELT_ROWS if rows is None else rows)
    for column in ("num_mentions", "num_sources", "num_articles", "reports"):
        frame[column] = frame[column].astype("int64")
    frame["gdelt_quad"] = frame["gdelt_quad"].astype("int8")
    frame.to_parquet(folder / "gdelt_events.parquet", index=False)
    manifest = {"format": "four-capitals-gdelt/1", "totals": {"events_written": len(frame)}}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder
