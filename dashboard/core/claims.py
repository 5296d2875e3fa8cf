"""Tell an act's claims, denials and confirmations from the disclosures that point to it."""

import pandas as pd

from dashboard.core.dates import parse_event_date

# A disclosure's event type says what it does to the act it names in claim_of (data/README.md,
# Claims apart from acts): a rejection denies it, agreeing or conceding confirms it, and every
# other type (an accusation, a demand, a warning) claims it.
VERBS = {"REJECT": "denied", "AGREE": "confirmed", "CONCEDE": "confirmed"}
CLAIMED = "claimed"


def claim_verb(event_type: str) -> str:
    """What a disclosure of this event type does to its act: claimed, denied or confirmed."""
    return VERBS.get(event_type, CLAIMED)


def say_date(text: str, precision: str) -> str:
    """An event date in words: 'on 1 Nov 2023', or 'in Nov 2023' when only the month is known."""
    first, _ = parse_event_date(text, precision)
    return f"in {first:%b %Y}" if precision == "month" else f"on {first.day} {first:%b %Y}"


def claim_chain(event_id: str, events: pd.DataFrame, actors: pd.DataFrame) -> str:
    """'claimed by X on <date>; denied by Y on <date>; …' from the events whose claim_of is
    event_id, in date order; empty when none points to it."""
    said = events[events["claim_of"] == event_id]
    if said.empty:
        return ""
    names = dict(zip(actors["id"], actors["name"], strict=True))
    said = said.sort_values(["date", "id"], kind="stable")
    return "; ".join(
        f"{claim_verb(r['event_type'])} by {names.get(r['source_actor'], r['source_actor'])}"
        f" {say_date(r['date'], r['date_precision'])}"
        for r in said.to_dict("records")
    )
