"""An act's claim chain is told from the disclosures that point to it, in date order."""

import pandas as pd
import pytest

from dashboard.core.claims import claim_chain, claim_verb, say_date

ACTORS = pd.DataFrame(
    {
        "id": ["KOR", "PRK", "UNSC"],
        "name": ["South Korea", "North Korea", "the UN Panel"],
    }
)
SHELLS = "shells-sent"
CLAIM = dict(
    id="nis-says-shells",
    date="2023-11-01",
    date_precision="day",
    source_actor="KOR",
    event_type="DISAPPROVE",
    claim_of=SHELLS,
)
DENIAL = dict(
    CLAIM, id="pyongyang-denies", date="2023-11-03", source_actor="PRK", event_type="REJECT"
)
CONFIRMATION = dict(
    CLAIM, id="panel-confirms", date="2024-04-25", source_actor="UNSC", event_type="AGREE"
)
ACT = dict(
    CLAIM,
    id=SHELLS,
    date="2023-08",
    date_precision="month",
    source_actor="PRK",
    event_type="AID",
    claim_of="",
)


def _events(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_claim_chain_tells_each_disclosure_by_its_speaker_and_date_in_date_order():
    events = _events(CONFIRMATION, ACT, DENIAL, CLAIM)
    assert claim_chain(SHELLS, events, ACTORS) == (
        "claimed by South Korea on 1 Nov 2023; denied by North Korea on 3 Nov 2023;"
        " confirmed by the UN Panel on 25 Apr 2024"
    )


def test_claim_chain_is_empty_for_an_event_no_disclosure_points_to():
    assert claim_chain(CLAIM["id"], _events(ACT, CLAIM), ACTORS) == ""


def test_claim_chain_names_the_month_when_the_disclosure_has_only_its_month():
    events = _events(ACT, dict(CLAIM, date="2023-11", date_precision="month"))
    assert claim_chain(SHELLS, events, ACTORS) == "claimed by South Korea in Nov 2023"


@pytest.mark.parametrize(
    ("event_type", "verb"),
    [
        ("DISAPPROVE", "claimed"),
        ("THREATEN", "claimed"),
        ("REJECT", "denied"),
        ("AGREE", "confirmed"),
        ("CONCEDE", "confirmed"),
    ],
)
def test_claim_verb_reads_the_disclosures_event_type(event_type, verb):
    assert claim_verb(event_type) == verb


def test_say_date_writes_the_day_without_a_leading_zero():
    assert say_date("2024-04-05", "day") == "on 5 Apr 2024"
