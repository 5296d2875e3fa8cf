import pandas as pd
import pytest

from dashboard.core.sourcing import (
    OFFICIAL_TEXT,
    announces_only,
    byline,
    cited_sources,
    is_complete,
    outlet,
    sourcing_report,
    spelling_key,
    state_side,
)


def _source(
    id,
    publisher="Reuters",
    wire="",
    title="Headline",
    url="https://example.org/a",
    date="2024-01-02",
):
    return dict(id=id, publisher=publisher, wire=wire, title=title, url=url, published_date=date)


def _event(id, sources, key=False, intensity=3, start="2024-01-02"):
    return dict(
        id=id,
        source_ids=tuple(sources),
        key=key,
        intensity=intensity,
        span_start=pd.Timestamp(start),
    )


@pytest.mark.parametrize(
    ("title", "date", "complete"),
    [
        ("Headline", "2024-01-02", True),
        ("", "2024-01-02", False),
        ("Headline", "2024-01", False),
        ("Headline", "", False),
        ("  ", "2024-01-02", False),
    ],
)
def test_a_source_is_complete_only_with_a_headline_and_a_full_date(title, date, complete):
    assert is_complete(pd.Series(_source("s", title=title, date=date))) is complete


def test_a_wire_copy_counts_as_its_agency_and_spellings_of_one_outlet_are_one():
    assert outlet(pd.Series(_source("a", publisher="Swissinfo", wire="Reuters"))) == "Reuters"
    assert outlet(pd.Series(_source("b", publisher="Associated Press"))) == outlet(
        pd.Series(_source("c", publisher="The Independent", wire="AP"))
    )


@pytest.mark.parametrize(
    ("publisher", "url", "side"),
    [
        ("TASS", "https://tass.com/politics/1", "RUS"),
        ("RT", "https://www.rt.com/news/1", "RUS"),
        ("detv.us (RT reprint)", "https://detv.us/1", "RUS"),
        ("KCNA", "http://kcna.kp/1", "PRK"),
        ("Korea.net", "http://www.korea.net/1", "KOR"),
        ("Ukrinform", "https://www.ukrinform.net/1", "UKR"),
        ("Government Portal of Ukraine", "https://www.kmu.gov.ua/en/news/1", "UKR"),
        ("National Radio Company of Ukraine", "http://www.nrcu.gov.ua/en/news/1", "UKR"),
        ("Ministry of Economy and Finance", "https://english.moef.go.kr/1", "KOR"),
        ("Ministry of Foreign Affairs of the Republic of Korea (repost)", "http://x.kr/1", "KOR"),
        ("Government of Russia", "http://government.ru/news/1", "RUS"),
        ("Court News", "https://courtnews.example/report", None),
        ("Xinhua", "https://english.news.cn/1", None),
    ],
)
def test_state_media_are_told_by_publisher_or_address(publisher, url, side):
    assert state_side(pd.Series(_source("s", publisher=publisher, url=url))) == side


@pytest.mark.parametrize(
    ("publisher", "wire", "side"),
    [
        ("Ministry of Foreign Affairs of Ukraine (Yonhap reprint)", "Yonhap", None),
        ("Dong-A Ilbo", "Yonhap (citing ITAR-TASS)", "RUS"),
        ("OANA", "TASS", "RUS"),
    ],
)
def test_a_reprint_speaks_for_its_wire(publisher, wire, side):
    source = _source("s", publisher=publisher, wire=wire, url="https://example.org/1")
    assert state_side(pd.Series(source)) == side


@pytest.mark.parametrize(
    ("publisher", "url", "side"),
    [
        ("President of Russia", "http://kremlin.ru/acts/1", "RUS"),
        ("ipLex360 (Ukrainian legal database)", "https://iplex360.com.ua/npa.php?doc=1", None),
    ],
)
def test_an_official_text_speaks_for_its_publisher_not_for_a_wire(publisher, url, side):
    """A one-government decree marked as official text is still that government's page."""
    source = _source("s", publisher=publisher, wire=OFFICIAL_TEXT, url=url)
    assert state_side(pd.Series(source)) == side


def test_the_report_names_every_event_that_misses_a_check():
    sources = pd.DataFrame(
        [
            _source("reuters"),
            _source("swiss", publisher="Swissinfo", wire="Reuters"),
            _source("ap", publisher="AP"),
            _source("untitled", publisher="BBC", title=""),
            _source("tass", publisher="TASS", url="https://tass.com/1"),
            _source("ria", publisher="RIA Novosti", url="https://ria.ru/1"),
        ]
    )
    events = pd.DataFrame(
        [
            _event("fine", ["reuters", "ap"], key=True),
            _event("one-wire-twice", ["reuters", "swiss"], intensity=-8),
            _event("untitled-only", ["untitled"]),
            _event("state-only", ["tass", "ria"]),
            _event("state-and-reuters", ["tass", "reuters"]),
        ]
    )
    report = sourcing_report(events, sources)
    assert report.incomplete_sources == ("untitled",)
    assert report.events_without_complete_source == ("untitled-only",)
    assert report.strong_events_without_two_outlets == ("one-wire-twice",)
    assert report.events_on_one_sides_state_media == ("state-only",)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Segye Ilbo (세계일보)", "Segye Ilbo"),
        ("The Dong-a Ilbo", "Dong-A Ilbo"),
        ("Yonhap News Agency (연합뉴스)", "Yonhap"),
        ("MENAFN", "Menafn"),
        ("The Associated Press", "AP"),  # 'The' goes before the alias is looked up
    ],
)
def test_spellings_of_one_outlet_share_a_key(a, b):
    assert spelling_key(a) == spelling_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("RFE/RL (live blog)", "RFE/RL"),  # an ASCII qualifier is part of the name
        ("Korea Times", "Korea Herald"),
        ("Theater News", "News"),  # only the word 'The' is dropped
    ],
)
def test_different_names_keep_different_keys(a, b):
    assert spelling_key(a) != spelling_key(b)


def test_two_spellings_of_one_outlet_are_not_two_outlets():
    """A publisher written with and without its name in Hangul counted twice before 2026-12-06."""
    sources = pd.DataFrame(
        [
            _source("segye", publisher="Segye Ilbo (세계일보)"),
            _source("segye-2", publisher="The Segye Ilbo"),
            _source("ap", publisher="AP"),
        ]
    )
    events = pd.DataFrame(
        [
            _event("one-paper-twice", ["segye", "segye-2"], intensity=7),
            _event("paper-and-wire", ["segye", "ap"], intensity=7),
        ]
    )
    report = sourcing_report(events, sources)
    assert report.strong_events_without_two_outlets == ("one-paper-twice",)


def test_two_copies_of_one_official_text_count_as_one_outlet():
    """A treaty's text in two databases is one document, not two independent reports."""
    sources = pd.DataFrame(
        [
            _source("unts", publisher="UN Treaty Series", wire=OFFICIAL_TEXT),
            _source("iplex", publisher="ipLex360", wire=OFFICIAL_TEXT),
            _source("ap", publisher="AP"),
        ]
    )
    events = pd.DataFrame(
        [
            _event("two-copies", ["unts", "iplex"], key=True),
            _event("text-and-report", ["unts", "ap"], key=True),
        ]
    )
    report = sourcing_report(events, sources)
    assert report.strong_events_without_two_outlets == ("two-copies",)
    assert report.events_without_complete_source == ()


@pytest.mark.parametrize(
    ("published", "start", "announces"),
    [
        ("2005-11-04", "2005-11-19", True),
        ("2005-11-17", "2005-11-19", True),
        ("2005-11-18", "2005-11-19", False),  # a day's grace for time zones
        ("2005-11-19", "2005-11-19", False),
        ("2005-12-01", "2005-11-19", False),
        ("2005-11", "2005-11-19", False),  # no full date: the completeness check catches it
    ],
)
def test_a_page_dated_well_before_the_act_only_announces_it(published, start, announces):
    source = pd.Series(_source("s", date=published))
    assert announces_only(source, pd.Timestamp(start).date()) is announces


def test_an_announcement_is_neither_a_complete_source_nor_a_second_outlet():
    """The 2005 Busan summit passed on the Kremlin's transcript and a Yonhap preview."""
    sources = pd.DataFrame(
        [
            _source("kremlin", publisher="President of Russia", date="2005-11-19"),
            _source("preview", publisher="Yonhap", date="2005-11-04"),
            _source("report", publisher="KBS", date="2005-11-20"),
        ]
    )
    events = pd.DataFrame(
        [
            _event("summit", ["kremlin", "preview"], key=True, start="2005-11-19"),
            _event("reported", ["kremlin", "preview", "report"], key=True, start="2005-11-19"),
            _event("planned-only", ["preview"], start="2005-11-19"),
        ]
    )
    report = sourcing_report(events, sources)
    assert report.strong_events_without_two_outlets == ("summit",)
    assert report.events_without_complete_source == ("planned-only",)
    assert report.incomplete_sources == ()


def test_only_the_pages_events_cite_are_counted_as_cited():
    """sources.csv also keeps pages only a role or a past correction rests on."""
    events = pd.DataFrame([_event("a", ["reuters", "ap"]), _event("b", ["ap"])])
    assert cited_sources(events) == {"reuters", "ap"}


@pytest.mark.parametrize(
    ("publisher", "wire", "date", "expected"),
    [
        ("Swissinfo", "Reuters", "2024-01-02", "Swissinfo (reprinting Reuters), 2024-01-02"),
        ("Reuters", "Reuters", "2018-04-27", "Reuters, 2018-04-27"),
        ("Yonhap News Agency", "Yonhap", "2022-09-22", "Yonhap News Agency, 2022-09-22"),
        ("The Ukrainian Weekly", "", "2002-05", "The Ukrainian Weekly, 2002-05"),
        ("Example News", "", "", "Example News"),
        (
            "Manila Bulletin (AFP)",
            "AFP",
            "2022-10-01",
            "Manila Bulletin (reprinting AFP), 2022-10-01",
        ),
        (
            "Trumbull Times (AP)",
            "Associated Press",
            "",
            "Trumbull Times (reprinting Associated Press)",
        ),
        ("RFE/RL (live blog)", "RFE/RL", "", "RFE/RL (live blog)"),
        ("The Standard (Kenya)", "AFP", "", "The Standard (Kenya) (reprinting AFP)"),
        ("ipLex360", "official text", "2003-10-13", "ipLex360 (official text), 2003-10-13"),
    ],
)
def test_a_byline_calls_a_page_a_reprint_only_of_another_outlet(publisher, wire, date, expected):
    source = _source("s", publisher=publisher, wire=wire, date=date)
    assert byline(pd.Series(source)) == expected
