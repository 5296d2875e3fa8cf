"""The folders: a flag wins over the environment, which wins over the default."""

from pathlib import Path

import pytest

from dashboard.core.folders import BUNDLED_DATA, folders_from_argv

ENV = {"FOUR_CAPITALS_DATA": "env-data", "FOUR_CAPITALS_GDELT": "env-gdelt"}


@pytest.mark.parametrize(
    ("argv", "environ", "data", "gdelt"),
    [
        ([], {}, BUNDLED_DATA, None),
        ([], ENV, Path("env-data"), Path("env-gdelt")),
        (["--data", "d", "--gdelt", "g"], ENV, Path("d"), Path("g")),
        (["--data=d", "--gdelt=g"], {}, Path("d"), Path("g")),
        (["--server.port", "1", "--gdelt", "g"], {}, BUNDLED_DATA, Path("g")),
    ],
)
def test_folders_from_argv_prefers_the_flag_then_the_environment(argv, environ, data, gdelt):
    folders = folders_from_argv(argv, environ)
    assert (folders.data, folders.gdelt) == (data, gdelt)
