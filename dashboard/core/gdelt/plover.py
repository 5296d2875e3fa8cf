"""CAMEO -> PLOVER: PLOVER's published 2021 mapping table and the rule that resolves one code.

`plover_for(code)` resolves a CAMEO event code in this order:

1. exact: the code has its own line in the table ("0314" -> AGREE).
2. parent: otherwise the longest prefix of the code that has a line ("1834" -> "183",
   ASSAULT; "155" -> the root line "15", MOBILIZE).
3. unmapped: no prefix has a line, so no PLOVER type (every 01x and 02x code: the 2021 table
   has none for "make statement" and "appeal").

A code listed twice keeps its first line: "175" appears twice, and a second "08: RETREAT" root
line follows "08: CONCEDE", so "08" (and codes that fall back to it) stay CONCEDE. The quad of
a type is the one data/schema.yaml gives; unmapped codes have quad "".
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.core.schema import load_schema

TABLE_PATH = Path(__file__).resolve().parent / "tables" / "CAMEO2PLOVER-2021.txt"
SOURCE_URL = "https://github.com/openeventdata/PLOVER/blob/master/CAMEO2PLOVER-2021.txt"
SOURCE_COMMIT = "6b803a4461b3815a093be067f8b03039c053fc35"
# "code: TYPE[, mode[, context]]"; anything after '#' is a comment.
_LINE = re.compile(r"^\s*(\d+)\s*:\s*(.*)$")
# The 2021 table's ACCUSE is not in our event_type vocabulary (later PLOVER versions split it
# into ACCUSE, DISAPPROVE and INVESTIGATE). It covers CAMEO 09 and 11, which CAMEO's own quad
# classes put in verbal conflict, so it goes there.
_EXTRA_QUADS = {"ACCUSE": "verbal_conflict"}


@dataclass(frozen=True)
class Resolution:
    """How one CAMEO code maps to PLOVER: the type, its mode, context and quad, and the rule."""

    plover_type: str
    mode: str
    context: str
    quad: str
    rule: str
    matched_code: str


def parse_table(text: str) -> dict[str, tuple[str, str, str]]:
    """Read the table's text into {cameo_code: (plover_type, mode, context)}; first line wins."""
    table: dict[str, tuple[str, str, str]] = {}
    for line in text.splitlines():
        match = _LINE.match(line.split("#", 1)[0])
        if not match:
            continue
        fields = [part.strip() for part in match.group(2).split(",")]
        fields += [""] * (3 - len(fields))
        table.setdefault(match.group(1), (fields[0], fields[1], fields[2]))
    return table


@lru_cache(maxsize=2)
def load_table(path: Path = TABLE_PATH) -> dict[str, tuple[str, str, str]]:
    """Read and parse the bundled mapping table once per process."""
    return parse_table(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def load_names(path: Path = TABLE_PATH) -> dict[str, str]:
    """{cameo_code: its description} from the table's line comments ("183: ASSAULT, ... #
    Conduct suicide, car, or other non-military bombing"): the names of codes that
    gdelt-py's CAMEO table lacks (183, 1213 and others GDELT uses)."""
    names: dict[str, str] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        body, _, comment = line.partition("#")
        match = _LINE.match(body)
        if match and comment.strip():
            names.setdefault(match.group(1), comment.strip())
    return names


def quad_of(plover_type: str) -> str:
    """Return the quad class of a PLOVER type, or "" when there is none."""
    if not plover_type:
        return ""
    return load_schema().quad_of(plover_type) or _EXTRA_QUADS.get(plover_type, "")


def plover_for(code: str, table: dict[str, tuple[str, str, str]] | None = None) -> Resolution:
    """Resolve a CAMEO code by the module's rule: exact, else longest listed prefix, else none."""
    table = load_table() if table is None else table
    for end in range(len(code), 0, -1):
        entry = table.get(code[:end])
        if entry is not None:
            rule = "exact" if end == len(code) else "parent"
            return Resolution(*entry, quad=quad_of(entry[0]), rule=rule, matched_code=code[:end])
    return Resolution("", "", "", quad="", rule="unmapped", matched_code="")
