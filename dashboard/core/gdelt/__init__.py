"""The automated GDELT layer, kept apart from the curated events: its id and names, defined once.

Submodules: read (GDELT 2.0 files), download, ingest (import to Parquet), contract (the layer's
files and columns), layer (load, check, aggregate), charts, plover (CAMEO -> PLOVER) and tables/.
"""

LAYER = "gdelt"  # the layer's id: `layer=gdelt` in links, the widget option, `--gdelt FOLDER`
LABEL = "automated (GDELT)"  # how pages name it
ID_PREFIX = f"{LAYER}-"  # its event ids: gdelt-<GLOBALEVENTID>
SQUARE_PREFIX = f"{LAYER}:"  # its map grid squares in `loc`: gdelt:37.5,127.0
ENV = "FOUR_CAPITALS_GDELT"  # the environment variable naming its folder
