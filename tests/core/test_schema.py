"""schema.yaml is read into tables, vocabularies and the rubric, and rendered from them."""

from dashboard.core.docs import quad_types_table, quads_in_words, rubric_table
from dashboard.core.schema import load_schema, parse_schema

TINY = """
vocabularies:
  event_type: {AGREE: verbal_cooperation, FIGHT: material_conflict, CONSULT: verbal_cooperation}
  quad_class: {verbal_cooperation: Verbal cooperation, material_conflict: Material conflict}
rubric:
  2: "talks"
  0: "neutral"
  -3: "a protest"
tables: {}
export: {}
"""


def test_parse_schema_keeps_the_rubric_scores_as_numbers_in_file_order():
    assert parse_schema(TINY).rubric == {2: "talks", 0: "neutral", -3: "a protest"}


def test_types_by_quad_lists_each_quad_with_its_event_types_in_vocabulary_order():
    assert parse_schema(TINY).types_by_quad() == {
        "verbal_cooperation": ("AGREE", "CONSULT"),
        "material_conflict": ("FIGHT",),
    }


def test_rubric_table_signs_every_score_but_zero():
    assert rubric_table(parse_schema(TINY)) == (
        "| Score | Typical act |\n| --- | --- |\n"
        "| +2 | talks |\n| 0 | neutral |\n| -3 | a protest |"
    )


def test_quad_types_table_has_one_row_per_quad_class():
    assert quad_types_table(parse_schema(TINY)) == (
        "| Quad class | PLOVER event types |\n| --- | --- |\n"
        "| verbal_cooperation | AGREE, CONSULT |\n| material_conflict | FIGHT |"
    )


def test_quads_in_words_names_each_quad_in_lower_case_with_its_types():
    assert quads_in_words(parse_schema(TINY)) == (
        "verbal cooperation (AGREE, CONSULT) and material conflict (FIGHT)"
    )


def test_the_rubric_runs_from_the_highest_to_the_lowest_intensity_allowed():
    schema = load_schema()
    intensity = schema.tables["events"].column("intensity")
    scores = list(schema.rubric)
    assert scores == sorted(scores, reverse=True)
    assert (scores[0], scores[-1]) == (intensity.max, intensity.min)


def test_every_quad_class_has_event_types_and_every_event_type_a_known_quad():
    schema = load_schema()
    by_quad = schema.types_by_quad()
    assert all(by_quad.values())
    assert sum(len(types) for types in by_quad.values()) == len(schema.vocabularies["event_type"])
