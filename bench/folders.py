"""The data folder for a size: the bundled data/, or a cached synthetic folder of N events."""

import shutil
import subprocess
import sys
from pathlib import Path

from bench.server import ROOT


def data_folder(size: str, cache: Path) -> Path:
    """The bundled data, or the cached synthetic folder of `size` events (made if missing)."""
    if size == "bundled":
        return ROOT / "data"
    folder = cache / f"synth-{size}"
    if folder.is_dir():
        return folder
    if not _synth_available():
        raise RuntimeError("`python -m dashboard synth` does not exist yet")
    partial = cache / f"synth-{size}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "dashboard", "synth", "--events", size, "--seed", "0"]
    done = subprocess.run(
        [*command, "--out", str(partial)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"synth failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    partial.rename(folder)  # only a finished folder gets the real name
    return folder


def _synth_available() -> bool:
    command = [sys.executable, "-m", "dashboard", "synth", "--help"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, check=False).returncode == 0
