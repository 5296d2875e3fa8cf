"""How many fuzzed examples a run tries: a quick share in `make test`, all of them in `make fuzz`.

`make fuzz` sets FOUR_CAPITALS_FUZZ=full: 10 000 links against the decoder and 300 per page
against the app. `make test` tries 1 000 and 40, which keeps the whole suite under 12 minutes on
a 2-core machine; a given number (FOUR_CAPITALS_APP_FUZZ) still wins for the app."""

import os

FULL = os.environ.get("FOUR_CAPITALS_FUZZ") == "full"
DECODER_EXAMPLES = 10_000 if FULL else 1_000
APP_EXAMPLES = int(os.environ.get("FOUR_CAPITALS_APP_FUZZ", "300" if FULL else "40"))
