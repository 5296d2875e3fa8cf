"""What every measurement does: the apps, the pages and the one filter change cycled on them."""

from bench.server import ROOT
from dashboard.core.filters import Filters

EMPTY_APP = ROOT / "bench" / "empty_app.py"
PAGES = ("overview", "timeline", "map", "network", "about", "seed")
CHANGES = ("PRK-RUS", "KOR-UKR", None)  # the sidebar's pair, cycled: the same change everywhere
BROWSER_PAGE = "timeline"
MILLION = "1000000"


def change_filters(change: str | None) -> Filters:
    """The filters one change of the pair selects."""
    return Filters(pair=tuple(change.split("-")) if change else None)
