"""The GDELT layer's folder, defined once: its file names and the Parquet columns with their types.

The importer (ingest.py) writes exactly these files and columns; the layer (layer.py) checks and
reads them. Change a column here and both sides follow.
"""

import pyarrow as pa

GDELT_FILE = "gdelt_events.parquet"
MANIFEST_FILE = "manifest.json"
# The manifest's `format`: raise the number when a change here breaks older readers.
FORMAT = "four-capitals-gdelt/1"

_TEXT, _FLOAT, _INT = pa.string(), pa.float64(), pa.int64()
# The columns of GDELT_FILE, in file order.
PARQUET_SCHEMA = pa.schema(
    [
        ("event_id", _TEXT),
        ("date", _TEXT),
        ("source_country", _TEXT),
        ("target_country", _TEXT),
        ("source_name", _TEXT),
        ("target_name", _TEXT),
        ("cameo_code", _TEXT),
        ("cameo_root", _TEXT),
        ("cameo_name", _TEXT),
        ("plover_type", _TEXT),
        ("plover_quad", _TEXT),
        ("plover_rule", _TEXT),
        ("goldstein", _FLOAT),
        ("gdelt_quad", pa.int8()),
        ("location_name", _TEXT),
        ("location_fips", _TEXT),
        ("location_country", _TEXT),
        ("lat", _FLOAT),
        ("lon", _FLOAT),
        ("feature_id", _TEXT),
        ("num_mentions", _INT),
        ("num_sources", _INT),
        ("num_articles", _INT),
        ("avg_tone", _FLOAT),
        ("source_url", _TEXT),
        ("reports", _INT),
        ("date_added", _TEXT),
    ]
)
TEXT_COLUMNS = tuple(f.name for f in PARQUET_SCHEMA if pa.types.is_string(f.type))
NUMBER_COLUMNS = tuple(f.name for f in PARQUET_SCHEMA if not pa.types.is_string(f.type))
