"""Start `streamlit run` on a free port for the tests and the benchmarks, and stop it after."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
# A cold start imports pandas and plotly and loads the data: generous, for a busy CI machine.
STARTUP_SECONDS = 90
MB = 1024 * 1024


def app_env(data: Path | None = None) -> dict[str, str]:
    """This process's environment less the app's FOUR_CAPITALS_* settings; `data` sets the folder.

    A developer's own $FOUR_CAPITALS_DATA or $FOUR_CAPITALS_GDELT must not change what runs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOUR_CAPITALS_")}
    if data is not None:
        env["FOUR_CAPITALS_DATA"] = str(data)
    return env


@dataclass
class Server:
    """A running server: its port and process; `tracebacks` holds what it logged, once stopped."""

    port: int
    process: subprocess.Popen
    tracebacks: list[str] = field(default_factory=list)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def base(self) -> str:
        """The URL of the server's root (a --server.baseUrlPath comes after it)."""
        return f"http://{self.host}"

    def peak_mb(self) -> float:
        """The process's peak resident memory so far (VmHWM)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) * 1024 / MB


@contextmanager
def streamlit_server(
    script: Path = APP,
    data: Path | None = None,
    app_args: Sequence[str] = (),
    base_path: str = "",
    timeout: float = STARTUP_SECONDS,
) -> Iterator[Server]:
    """`streamlit run SCRIPT [-- --data DATA APP_ARGS]`, headless on a free loopback port, from
    the repository root (so .streamlit/ applies); yields once /_stcore/health answers, stops after.

    Raises RuntimeError naming the script when the server does not answer within `timeout`."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script.relative_to(ROOT))]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.headless", "true", "--server.fileWatcherType", "none"]
    command += ["--server.baseUrlPath", base_path] if base_path else []
    arguments = [*(["--data", str(data)] if data is not None else []), *app_args]
    command += ["--", *arguments] if arguments else []
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=app_env(), stdout=subprocess.DEVNULL, stderr=log
        )
        server = Server(port, process)
        try:
            _wait_for_health(server, base_path, timeout, script.name, log)
            yield server
        finally:
            _stop(process)
            server.tracebacks = _tracebacks(log)


def _free_port() -> int:
    """A port nothing listens on: any, or the first free one of $BENCH_PORTS ('8730-8749'), for a
    machine where each user keeps to a range."""
    wanted = os.environ.get("BENCH_PORTS", "").strip()
    if not wanted:
        return _bind(0)
    first, _, last = wanted.partition("-")
    for port in range(int(first), int(last or first) + 1):
        try:
            return _bind(port)
        except OSError:  # taken
            continue
    raise RuntimeError(f"no free port in BENCH_PORTS={wanted}")


def _bind(port: int) -> int:
    with socket.socket() as sock:
        # As the server binds (tornado sets it): a port in TIME_WAIT is free, a listening one not.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        return sock.getsockname()[1]


def _wait_for_health(server: Server, base_path: str, timeout: float, name: str, log: IO) -> None:
    health = f"{server.base}/{base_path}".rstrip("/") + "/_stcore/health"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            with urllib.request.urlopen(health, timeout=2):  # noqa: S310 (http on loopback only)
                return
        except OSError:  # not listening yet, or an HTTP error status
            time.sleep(0.3)
    log.seek(0)
    said = log.read().decode(errors="replace").strip().splitlines()[-1:]
    ended = server.process.poll()
    why = f"exited with code {ended}" if ended is not None else f"no answer in {timeout:g} s"
    raise RuntimeError(
        f"{name}: the server did not answer /_stcore/health ({why}{'; ' if said else ''}"
        f"{''.join(said)})"
    )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _tracebacks(log: IO) -> list[str]:
    """The tail of each traceback the server logged (a server error fails a benchmark run)."""
    log.seek(0)
    text = log.read().decode(errors="replace")
    return [chunk.strip()[-300:] for chunk in text.split("Traceback")[1:]]


class RestartingServer:
    """`streamlit_server(**kwargs)` that can be started again when something outside stops it:
    on a shared machine a `pkill -f "streamlit run"` stops every Streamlit server (which then
    exits with code 0; it happened while this was written). Use as a context manager; `base` is
    the running server's URL."""

    def __init__(self, **kwargs: object) -> None:
        self._kwargs = kwargs
        self.restarts: list[str] = []  # how each stopped server had ended
        self.tracebacks: list[str] = []  # what every server started here logged

    def __enter__(self) -> "RestartingServer":
        self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()

    @property
    def server(self) -> Server:
        return self._server

    @property
    def base(self) -> str:
        return self._server.base

    def revive(self) -> bool:
        """Start the server again if it has exited; return whether it had."""
        code = self._server.process.poll()
        if code is None:
            return False
        self._stop()
        self.restarts.append(f"exited with code {code} (port {self._server.port})")
        self._start()
        return True

    def _start(self) -> None:
        self._context = streamlit_server(**self._kwargs)
        self._server = self._context.__enter__()

    def _stop(self) -> None:
        self._context.__exit__(None, None, None)
        self.tracebacks += self._server.tracebacks
