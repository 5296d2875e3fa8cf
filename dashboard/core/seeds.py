"""The seed article's claims file: each claim, its status, and the events that support it."""

from pathlib import Path

import pandas as pd

from dashboard.core.cells import split_list

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
CLAIMS_FILE = "claims.csv"
CLAIM_STATUSES = ("confirmed", "corrected", "unsupported")


def load_claims(folder: Path = SEEDS_DIR) -> pd.DataFrame:
    """Read seeds/claims.csv as text, one row per claim of the seed article."""
    return pd.read_csv(Path(folder) / CLAIMS_FILE, dtype=str, keep_default_na=False)


def claims_problems(claims: pd.DataFrame, event_ids: set[str]) -> list[str]:
    """Return each claim whose status is unknown, whose events do not exist, or lacks support."""
    problems = []
    for number, rec in enumerate(claims.to_dict("records"), start=2):
        where = f"{CLAIMS_FILE} row {number}"
        if rec["status"] not in CLAIM_STATUSES:
            problems.append(f"{where}, status: '{rec['status']}' is not one of {CLAIM_STATUSES}.")
        ids = split_list(rec["event_ids"])
        problems += [
            f"{where}, event_ids: '{i}' is not an event id." for i in ids if i not in event_ids
        ]
        if rec["status"] in ("confirmed", "corrected") and not ids:
            problems.append(f"{where}, event_ids: a {rec['status']} claim needs an event.")
        if rec["status"] == "corrected" and not rec["verified_fact"]:
            problems.append(f"{where}, verified_fact: a corrected claim needs the verified fact.")
    return problems


def load_article(folder: Path = SEEDS_DIR) -> str:
    """Return the seed article's text exactly as received."""
    return next(Path(folder).glob("000_*.txt")).read_text(encoding="utf-8")
