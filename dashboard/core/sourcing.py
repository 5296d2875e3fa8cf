"""How well the events are sourced: the checks of data/README.md "Sources a reader can trust"."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

import pandas as pd

from dashboard.core.dates import is_day, parse_day

# One outlet under several spellings in sources.csv. Two pages count as independent only when
# their outlets differ, and a wire copy counts as its agency (the `wire` column).
OUTLET_ALIASES = {
    "associated press": "AP",
    "yonhap news agency": "Yonhap",
    "radio free europe/radio liberty": "RFE/RL",
    "sputnik international": "Sputnik",
    "the dong-a ilbo": "Dong-A Ilbo",
    "kbs world": "KBS",
    "kbs news": "KBS",
}

# The `wire` of a primary document (a treaty's text in a legal database): not a reprint of an
# outlet, and two copies of one text count as one outlet (data/README.md).
OFFICIAL_TEXT = "official text"

# Words in a page's publisher, wire or web address that mark one side's state media or
# government; a government domain (.go.kr, .gov.ua, .gov.ru) covers every ministry's site.
# Xinhua and the like belong to no side of the four and count as international.
STATE_MEDIA = {
    "RUS": (
        "tass",
        "ria novosti",
        "sputnik",
        "rt reprint",
        "rt.com",
        "russia today",
        "kremlin",
        "president of russia",
        "mid.ru",
        "rossiyskaya gazeta",
        "rg.ru",
        ".gov.ru",
        "government.ru",
        "government of russia",
        "rossiya segodnya",
    ),
    "PRK": ("kcna", "rodong", "voice of korea", "naenara", "uriminzokkiri"),
    "KOR": (
        "korea.kr",
        "korea.net",
        "government of the republic of korea",
        ".go.kr",
        "ministry of foreign affairs of the republic of korea",
    ),
    "UKR": (
        "ukrinform",
        ".gov.ua",
        "government of ukraine",
        "government portal of ukraine",
        "president of ukraine",
        "ministry of foreign affairs of ukraine",
    ),
}


def is_complete(source: pd.Series) -> bool:
    """True when a source shows a headline and a full publication date."""
    return bool(source["title"].strip()) and is_day(source["published_date"])


# A page dated more than this before an act begins can only have announced it. The day's grace
# is for time zones: a report filed in Washington can carry the date before Seoul's.
ANNOUNCEMENT_GRACE = timedelta(days=1)


def announces_only(source: pd.Series, start: date) -> bool:
    """True when the page was published before the act could be reported: a preview or an
    announcement confirms a plan, not the act (the 2005 Busan summit's Yonhap preview)."""
    published = source["published_date"]
    return is_day(published) and parse_day(published) < start - ANNOUNCEMENT_GRACE


def _canonical(name: str) -> str:
    """One spelling per outlet (OUTLET_ALIASES)."""
    name = name.strip()
    return OUTLET_ALIASES.get(name.lower(), name)


def outlet(source: pd.Series) -> str:
    """The outlet a page speaks for: its wire agency if it reprints one, else its publisher."""
    return _canonical(source["wire"] or source["publisher"])


# A publisher with a trailing qualifier: "Manila Bulletin (AFP)", "RFE/RL (live blog)".
_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*\((?P<qualifier>[^()]+)\)$")


def spelling_key(name: str) -> str:
    """What two spellings of one outlet share: the name without case, a leading 'The' or a
    trailing gloss in another script, after OUTLET_ALIASES. 'Segye Ilbo (세계일보)', 'segye ilbo'
    and 'The Segye Ilbo' are one outlet, so the two-outlet check cannot count it twice. A
    qualifier in Latin letters ('RFE/RL (live blog)') stays part of the name."""
    name = name.strip()
    qualified = _QUALIFIED.match(name)
    if qualified and not qualified["qualifier"].isascii():
        name = qualified["name"]
    bare = name.lower().removeprefix("the ")
    return OUTLET_ALIASES.get(bare, OUTLET_ALIASES.get(name.lower(), bare)).lower()


def byline(source: pd.Series) -> str:
    """'Publisher (reprinting Wire), date' as a reader sees a source; an agency's own page, whose
    `wire` names itself, is not called a reprint ('Reuters', not 'Reuters (reprinting Reuters)'),
    and a publisher whose name already carries the wire in brackets does not repeat it
    ('Manila Bulletin (reprinting AFP)', not 'Manila Bulletin (AFP) (reprinting AFP)'); a primary
    document's page says so ('ipLex360 (official text)')."""
    publisher = source["publisher"].strip()
    wire = source["wire"].strip()
    if wire:
        agency = outlet(source)
        qualified = _QUALIFIED.match(publisher)
        name = qualified["name"] if qualified else publisher
        if qualified and _canonical(qualified["qualifier"]) == agency:
            publisher = name
        if agency in {_canonical(publisher), _canonical(name)}:
            wire = ""
    if wire == OFFICIAL_TEXT:
        wire = f" ({OFFICIAL_TEXT})"
    elif wire:
        wire = f" (reprinting {wire})"
    published = f", {source['published_date']}" if source["published_date"] else ""
    return f"{publisher}{wire}{published}"


def state_side(source: pd.Series) -> str | None:
    """The country whose state media or government published the page, or None."""
    # A reprint speaks for its wire: a ministry page reprinting Yonhap is Yonhap's report. A
    # primary document is no reprint: its publisher speaks for it, so a decree on kremlin.ru
    # stays Russia's page.
    words = source["wire"].lower()
    if not words or words == OFFICIAL_TEXT:
        words = f"{source['publisher']} | {urlsplit(source['url']).netloc}".lower()
        # RT as a publisher's name, never inside a word ("report", "court").
        if re.search(r"(^|[\s(])rt([\s)]|$)", source["publisher"].lower()):
            return "RUS"
    return next(
        (side for side, marks in STATE_MEDIA.items() if any(m in words for m in marks)), None
    )


@dataclass(frozen=True)
class SourcingReport:
    """Ids that fail each check; every tuple is empty when the data meets the standard."""

    incomplete_sources: tuple[str, ...]
    events_without_complete_source: tuple[str, ...]
    strong_events_without_two_outlets: tuple[str, ...]
    events_on_one_sides_state_media: tuple[str, ...]


def cited_sources(events: pd.DataFrame) -> set[str]:
    """Ids of the sources the events cite; sources.csv also holds pages that only roles or past
    corrections rest on, which no event cites."""
    return {s for ids in events["source_ids"] for s in ids}


def sourcing_report(events: pd.DataFrame, sources: pd.DataFrame) -> SourcingReport:
    """Check the sources the events cite (roles and corrections are not counted here). A page that
    only announced an event does not count as one of its complete sources or outlets."""
    by_id = {row["id"]: row for _, row in sources.iterrows()}
    cited = sorted(s for s in cited_sources(events) if s in by_id)
    complete = {s for s in cited if is_complete(by_id[s])}
    no_complete, thin, state_only = [], [], []
    for _, event in events.iterrows():
        ids = [s for s in event["source_ids"] if s in by_id]
        start = event["span_start"].date()
        good = [s for s in ids if s in complete and not announces_only(by_id[s], start)]
        if not good:
            no_complete.append(event["id"])
        if (event["key"] or abs(event["intensity"]) >= 7) and len(
            {spelling_key(outlet(by_id[s])) for s in good}
        ) < 2:
            thin.append(event["id"])
        sides = {state_side(by_id[s]) for s in ids}
        if len(sides) == 1 and None not in sides:
            state_only.append(event["id"])
    return SourcingReport(
        incomplete_sources=tuple(s for s in cited if s not in complete),
        events_without_complete_source=tuple(no_complete),
        strong_events_without_two_outlets=tuple(thin),
        events_on_one_sides_state_media=tuple(state_only),
    )


def sourcing_lines(report: SourcingReport) -> list[tuple[str, str]]:
    """The report as (check, count) rows for the README's coverage section."""
    return [
        (
            "Cited sources without a headline or a full publication date",
            str(len(report.incomplete_sources)),
        ),
        (
            "Events with no source that shows both and reports the act",
            str(len(report.events_without_complete_source)),
        ),
        (
            "Key or ±7 events without two independent outlets that show both and report the act",
            str(len(report.strong_events_without_two_outlets)),
        ),
        (
            "Events resting only on one side's state media",
            str(len(report.events_on_one_sides_state_media)),
        ),
    ]
