"""The claims check catches unknown events, statuses and corrections without a fact."""

import pandas as pd

from dashboard.core.seeds import claims_problems

GOOD = dict(
    claim_id="c1", claim="x", status="confirmed", event_ids="e1", verified_fact="", source_url=""
)


def _problems(**changes):
    return claims_problems(pd.DataFrame([dict(GOOD, **changes)]), {"e1"})


def test_a_supported_claim_has_no_problems():
    assert _problems() == []


def test_an_unknown_event_id_is_reported():
    assert _problems(event_ids="e1|ghost") == [
        "claims.csv row 2, event_ids: 'ghost' is not an event id."
    ]


def test_a_correction_needs_the_verified_fact():
    assert _problems(status="corrected") == [
        "claims.csv row 2, verified_fact: a corrected claim needs the verified fact."
    ]


def test_an_unknown_status_is_reported():
    assert _problems(status="maybe")[0].startswith("claims.csv row 2, status: 'maybe'")
