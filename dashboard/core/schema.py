"""Read data/schema.yaml: the one definition of every column, vocabulary, export field, rubric."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "data" / "schema.yaml"
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Column:
    """One column of one table, as schema.yaml defines it."""

    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    is_list: bool = False
    allowed: str | None = None
    ref: str | None = None
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class Table:
    """A data file and its columns, in file order."""

    name: str
    file: str
    description: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        """Return the column called `name`."""
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Schema:
    """Every table, vocabulary and export column, and the intensity rubric (score: typical act)."""

    tables: dict[str, Table]
    vocabularies: dict[str, dict[str, str]]
    export: dict[str, str]
    rubric: dict[int, str]

    def quad_of(self, event_type: str) -> str | None:
        """Return the quad class an event type belongs to, or None for an unknown type."""
        return self.vocabularies["event_type"].get(event_type)

    def types_by_quad(self) -> dict[str, tuple[str, ...]]:
        """Each quad class, in vocabulary order, with its event types in vocabulary order."""
        types = self.vocabularies["event_type"]
        return {
            quad: tuple(kind for kind, of in types.items() if of == quad)
            for quad in self.vocabularies["quad_class"]
        }


def _column(name: str, spec: dict) -> Column:
    return Column(
        name=name,
        type=spec["type"],
        description=spec.get("description", ""),
        required=bool(spec.get("required", False)),
        unique=bool(spec.get("unique", False)),
        is_list=bool(spec.get("list", False)),
        allowed=spec.get("allowed"),
        ref=spec.get("ref"),
        min=spec.get("min"),
        max=spec.get("max"),
    )


def parse_schema(text: str) -> Schema:
    """Build a Schema from the YAML text of schema.yaml."""
    raw = yaml.safe_load(text)
    tables = {
        name: Table(
            name=name,
            file=spec["file"],
            description=spec.get("description", ""),
            columns=tuple(_column(c, s) for c, s in spec["columns"].items()),
        )
        for name, spec in raw["tables"].items()
    }
    rubric = {int(score): str(act) for score, act in raw["rubric"].items()}
    return Schema(
        tables=tables, vocabularies=raw["vocabularies"], export=raw["export"], rubric=rubric
    )


@lru_cache(maxsize=4)
def load_schema(path: Path = SCHEMA_PATH) -> Schema:
    """Read and parse schema.yaml once per process."""
    return parse_schema(Path(path).read_text(encoding="utf-8"))
