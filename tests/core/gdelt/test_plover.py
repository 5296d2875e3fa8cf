"""CAMEO -> PLOVER: the bundled 2021 table as published, and the exact/parent/unmapped rule."""

import pytest
from py_gdelt.lookups.cameo import CAMEOCodes

from dashboard.core.gdelt.plover import (
    SOURCE_COMMIT,
    SOURCE_URL,
    TABLE_PATH,
    load_table,
    parse_table,
    plover_for,
)

TINY = """\
# a comment line
03: AGREE
030: AGREE,  , diplomatic # Express intent to cooperate
0314: AGREE,  ,   intelligence  # Express intent to cooperate on intelligence
091: ACCUSE, investigate, crime; corruption # Investigate crime, corruption
08: CONCEDE
08: RETREAT
175: ASSAULT,  ,   military # first
175: COERCE, , # second
~~~~~
"""


@pytest.mark.parametrize(
    ("code", "entry"),
    [
        ("03", ("AGREE", "", "")),
        ("030", ("AGREE", "", "diplomatic")),
        ("0314", ("AGREE", "", "intelligence")),
        ("091", ("ACCUSE", "investigate", "crime; corruption")),
        ("08", ("CONCEDE", "", "")),
        ("175", ("ASSAULT", "", "military")),
    ],
)
def test_parse_table_reads_roots_blank_fields_and_comments_and_keeps_the_first_duplicate(
    code, entry
):
    assert parse_table(TINY)[code] == entry


def test_parse_table_skips_comments_and_the_closing_tildes():
    assert set(parse_table(TINY)) == {"03", "030", "0314", "091", "08", "175"}


@pytest.mark.parametrize(
    ("code", "plover_type", "rule", "matched", "quad"),
    [
        ("0314", "AGREE", "exact", "0314", "verbal_cooperation"),
        ("10", "DEMAND", "exact", "10", "verbal_conflict"),
        ("191", "COERCE", "exact", "191", "material_conflict"),
        ("0415", "CONSULT", "parent", "041", "verbal_cooperation"),
        ("155", "MOBILIZE", "parent", "15", "material_conflict"),
        ("1834", "ASSAULT", "parent", "183", "material_conflict"),
        ("088", "CONCEDE", "parent", "08", "verbal_cooperation"),
        ("010", "", "unmapped", "", ""),
        ("020", "", "unmapped", "", ""),
        ("0231", "", "unmapped", "", ""),
    ],
)
def test_plover_for_takes_the_exact_code_else_the_longest_listed_prefix_else_none(
    code, plover_type, rule, matched, quad
):
    found = plover_for(code)
    assert (found.plover_type, found.rule, found.matched_code, found.quad) == (
        plover_type,
        rule,
        matched,
        quad,
    )


def test_the_second_root_line_of_08_does_not_replace_concede():
    assert load_table()["08"] == ("CONCEDE", "", "")
    assert load_table()["084"][0] == "RETREAT"


def test_accuse_which_our_vocabulary_lacks_is_verbal_conflict():
    assert plover_for("112").plover_type == "ACCUSE"
    assert plover_for("112").quad == "verbal_conflict"


def test_every_type_in_the_bundled_table_has_a_quad():
    types = {entry[0] for entry in load_table().values()}
    assert all(plover_for(code).quad for code in load_table()), types


def test_only_make_statement_and_appeal_codes_of_cameo_are_unmapped():
    codes = CAMEOCodes()._codes_data
    unmapped = {code for code in codes if plover_for(code).rule == "unmapped"}
    assert unmapped == {code for code in codes if code[:2] in ("01", "02")}


def test_the_bundled_table_names_its_source_and_commit_before_the_published_text():
    text = TABLE_PATH.read_text(encoding="utf-8")
    header = [line for line in text.splitlines()[:6] if line.startswith("#")]
    assert SOURCE_URL in header[0]
    assert any(SOURCE_COMMIT in line for line in header)
    assert text.rstrip().endswith(
        "2042: ASSAULT, unconventional, cbrn # Detonate nuclear weapons\n~~~~~"
    )
