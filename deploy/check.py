"""Test deploy/nginx.conf (and nginx-prefix.conf) for real: app servers, nginx, headless Chromium.

    .venv/bin/python deploy/check.py [--variant root|prefix|both] [--app-ports 8710,8711]
                                     [--proxy-port 8712] [--no-warm-up] [--proxy-only]
                                     [--throttle MBIT] [--json FILE]

For each variant it starts two `streamlit run dashboard/app.py` servers and nginx with the
variant's config (copied into a temporary folder, with app-servers.conf and listen.conf written
for the ports used; the main config is copied unchanged), then opens the dashboard in headless
Chromium: first DIRECTLY against one app server and then THROUGH nginx, each as a first visit
(a new browser context: empty cache) and a repeat visit (a new tab in the same context: warm
cache). A load is over when the count line ('Showing N of M events') is visible, every Plotly
chart has drawn, the network is idle and the page has stopped changing.

Bytes transferred are Chromium's own count, CDP `Network.loadingFinished.encodedDataLength`
summed over the load's HTTP requests: response headers plus the body as it came over the wire
(compressed where it was), 0 for a response served from the browser's cache. WebSocket frames
are not HTTP requests: their payloads (after permessage-deflate is undone, so an upper bound on
the wire bytes) are counted apart.

Exit code 1 when a check fails: a JavaScript or CSS response of 1 KiB or more comes through
the proxy without `Content-Encoding: gzip`; a hashed /static/ bundle comes without `immutable`
and a year's max-age (or a name Streamlit does not have gets them); /app/static/ files are not
gzipped or lack their hour's Cache-Control; the proxy cache does not answer a repeated request;
a visit has no WebSocket answered with 101; one reader's requests (WebSocket included) reach
more than one app server, or made-up readers are not spread over all of them; any request goes
to a host other than the one the page was opened on; a repeat visit transfers as much as the
first. Exit code 2 when it cannot finish: nginx or Chromium missing, a server that does not
start, or a page that never draws its count line and charts (through the proxy, that is what a
broken WebSocket looks like); the message says which. Ports come from 8710-8729 unless given.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

# `python deploy/check.py` puts deploy/ first on the path; the repository root makes `bench` a
# package, whose Chromium flags and settle script the browser tests use too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.redraw import CHROMIUM_ARGS, QUIET_MS, SETTLED_JS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
APP = "dashboard/app.py"
PORTS = range(8710, 8730)  # this check's own range
PREFIX = "four-capitals"  # the path prefix nginx-prefix.conf serves the app under
APP_SERVERS = 2
NGINX_PACKAGE = "nginx"  # Debian 12: the server itself; nginx-light adds only an echo module
CHROMIUM = "/usr/bin/chromium"
STARTUP_S = 90  # a cold app server imports pandas and plotly: generous, for a busy CI machine
WAIT_MS = 90_000  # every wait in the browser: a condition, with this as its limit
GZIP_MIN = 1024  # nginx.conf's gzip_min_length: smaller bodies are sent as they are
YEAR = "max-age=31536000"
COUNT = re.compile(r"Showing [\d,]+ of")
HASHED = re.compile(r"/static/.+\.[A-Za-z0-9_-]{8}\.[a-z0-9]+$")
MB = 1_000_000

# Every Plotly chart on the page has drawn its SVG (the overview has none since its sparklines
# became inline SVG: it has drawn when its cards' sparklines are there).
CHARTS_DRAWN_JS = """() => {
  const charts = [...document.querySelectorAll('[data-testid=stPlotlyChart]')];
  const sparklines = document.querySelectorAll('[class*=st-key-card_] svg polyline');
  return (charts.length > 0 || sparklines.length > 0)
    && charts.every(c => c.querySelector('.js-plotly-plot .main-svg'));
}"""


class CheckError(RuntimeError):
    """A process or tool the check needs did not start; the message says what to do."""


@dataclass(frozen=True)
class Variant:
    name: str
    conf: str  # in deploy/
    base_path: str  # --server.baseUrlPath of the app servers, "" for the root

    def path(self, rest: str = "") -> str:
        """A URL path under the app: '/' or '/four-capitals/' plus `rest`."""
        return (f"/{self.base_path}/" if self.base_path else "/") + rest


VARIANTS = {
    "root": Variant("root", "nginx.conf", ""),
    "prefix": Variant("prefix", "nginx-prefix.conf", PREFIX),
}


# ---- ports and processes -----------------------------------------------------------------------


def free_ports(count: int, candidates: Sequence[int] = PORTS) -> list[int]:
    """The first `count` ports of `candidates` that nothing listens on (a port with only
    TIME_WAIT connections left counts as free: uvicorn and nginx bind with SO_REUSEADDR too)."""
    found = []
    for port in candidates:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise CheckError(f"fewer than {count} free ports in {candidates[0]}-{candidates[-1]}")


def _wait_http(url: str, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback only)
                return
        except OSError:  # not listening yet
            time.sleep(0.2)
    ended = process.poll()
    tail = log.read_text(errors="replace").strip().splitlines()[-5:]
    why = f"exited with code {ended}" if ended is not None else f"no answer in {STARTUP_S} s"
    raise CheckError(f"{what} did not answer {url} ({why}):\n" + "\n".join(tail))


def _stop(process: subprocess.Popen, *signals: int) -> None:
    """Send each signal in turn until the process has ended (15 s each), then SIGKILL its
    process group (it was started in a session of its own: nginx's workers go too)."""
    for sig in signals or (signal.SIGTERM,):
        if process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
            return
        except subprocess.TimeoutExpired:
            continue
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextmanager
def app_servers(
    ports: Sequence[int], base_path: str, logs: Path
) -> Iterator[dict[int, subprocess.Popen]]:
    """`streamlit run dashboard/app.py` on each port (all started at once), on the bundled data;
    yields once every /_stcore/health answers, stops them after."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOUR_CAPITALS_")}
    processes = []
    try:
        for port in ports:
            command = [sys.executable, "-m", "streamlit", "run", APP]
            command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
            command += ["--server.headless", "true", "--server.fileWatcherType", "none"]
            command += ["--server.baseUrlPath", base_path] if base_path else []
            log = logs / f"app-{port}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            processes.append((port, process, log))
        for port, process, log in processes:
            health = f"http://127.0.0.1:{port}{'/' + base_path if base_path else ''}/_stcore/health"
            _wait_http(health, process, log, f"app server :{port}")
        yield {port: process for port, process, _ in processes}
    finally:
        for _, process, _ in processes:
            _stop(process)


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).is_file()), None
    )
    if not found:
        raise CheckError(
            f"nginx is not installed: apt-get install -y {NGINX_PACKAGE} (Debian's package;"
            " nginx-light works too). The check runs it with its own prefix, not as a service."
        )
    return found


def render(variant: Variant, app_ports: Sequence[int], proxy_port: int, into: Path) -> Path:
    """Copy deploy/*.conf into `into`/conf, with app-servers.conf and listen.conf written for
    these ports; make the prefix folder `into`/prefix (logs/, temp/). Returns the main config."""
    conf = into / "conf"
    conf.mkdir()
    for source in DEPLOY.glob("*.conf"):
        shutil.copy(source, conf / source.name)
    servers = "".join(f"server 127.0.0.1:{port};\n" for port in app_ports)
    (conf / "app-servers.conf").write_text(servers)
    (conf / "listen.conf").write_text(f"listen 127.0.0.1:{proxy_port};\nserver_name _;\n")
    for folder in ("prefix/logs", "prefix/temp"):
        (into / folder).mkdir(parents=True)
    # nginx started as root runs its workers as `nobody`: they must reach temp/ and cache/.
    for folder in (into, into / "prefix", into / "prefix" / "temp"):
        folder.chmod(0o755)
    return conf / variant.conf


@dataclass
class Proxy:
    port: int
    prefix: Path

    @property
    def access_log(self) -> Path:
        return self.prefix / "logs" / "access.log"


@contextmanager
def nginx(conf: Path, port: int, health: str) -> Iterator[Proxy]:
    """nginx in the foreground with `conf` and its own prefix; `nginx -t` first. Yields once
    `health` (a path) answers through it; stops it gracefully (SIGQUIT) after."""
    binary = nginx_binary()
    prefix = conf.parent.parent / "prefix"
    base = [binary, "-p", f"{prefix}/", "-c", str(conf)]
    tested = subprocess.run([*base, "-t"], capture_output=True, text=True)
    if tested.returncode != 0:
        raise CheckError(f"nginx -t failed for {conf.name}:\n{tested.stderr}")
    log = prefix / "logs" / "nginx.stderr"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*base, "-g", "daemon off;"], stdout=out, stderr=out, start_new_session=True
        )
    try:
        _wait_http(f"http://127.0.0.1:{port}{health}", process, log, "nginx")
        yield Proxy(port, prefix)
    finally:
        _stop(process, signal.SIGQUIT, signal.SIGTERM)  # graceful first, then fast


# ---- one page load, seen through the Chrome DevTools Protocol -----------------------------------


@dataclass
class Request:
    url: str
    kind: str = ""
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    from_cache: bool = False
    encoded: int = 0  # bytes over the wire (headers + body as sent), CDP encodedDataLength
    decoded: int = 0  # body bytes after decompression (CDP dataReceived.dataLength)
    done: bool = False


@dataclass
class Load:
    """What one page load requested and received."""

    url: str
    seconds: float = 0.0  # navigation start until the count line and every chart are drawn
    requests: dict[str, Request] = field(default_factory=dict)
    sockets: list[str] = field(default_factory=list)  # WebSocket URLs
    socket_status: list[int] = field(default_factory=list)
    socket_extensions: list[str] = field(default_factory=list)
    socket_received: int = 0  # payload bytes (decompressed)
    socket_sent: int = 0

    @property
    def http_bytes(self) -> int:
        return sum(r.encoded for r in self.requests.values())

    @property
    def body_bytes(self) -> int:
        return sum(r.decoded for r in self.requests.values())

    @property
    def cached(self) -> int:
        return sum(r.from_cache for r in self.requests.values())

    def urls(self) -> list[str]:
        return [r.url for r in self.requests.values()] + self.sockets

    def foreign(self, host: str) -> list[str]:
        """Requests to any host but `host` (data: and blob: URLs stay in the page)."""
        return [
            url
            for url in self.urls()
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).netloc != host
        ]

    def by_kind(self) -> dict[str, int]:
        """Bytes transferred per kind of file (js, css, woff2, ...; the page and Streamlit's
        endpoints, which have no extension, together)."""
        kinds: dict[str, int] = defaultdict(int)
        for r in self.requests.values():
            name = urlsplit(r.url).path.rsplit("/", 1)[-1]
            kind = name.rsplit(".", 1)[-1] if "." in name else "page and endpoints"
            kinds[kind] += r.encoded
        return dict(sorted(kinds.items(), key=lambda item: -item[1]))

    def biggest(self, count: int = 5) -> list[Request]:
        return sorted(self.requests.values(), key=lambda r: r.encoded, reverse=True)[:count]


def _payload_size(frame: dict) -> int:
    data = frame.get("response", {}).get("payloadData", "")
    if frame.get("response", {}).get("opcode") == 2:  # binary frames come base64-encoded
        return len(base64.b64decode(data)) if data else 0
    return len(data.encode())


def visit(context, url: str, throttle_mbps: float | None = None) -> Load:
    """Open `url` in a new tab of `context` and wait until the dashboard has drawn and settled;
    `throttle_mbps` emulates a reader's link of that many Mbit/s down (and 40 ms latency)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    load = Load(url)
    reqs = load.requests

    def started(e: dict) -> None:
        reqs.setdefault(e["requestId"], Request(e["request"]["url"])).kind = e.get("type", "")

    def responded(e: dict) -> None:
        r = reqs.setdefault(e["requestId"], Request(e["response"]["url"]))
        r.status = e["response"]["status"]
        r.headers = {k.lower(): v for k, v in e["response"]["headers"].items()}
        r.from_cache = r.from_cache or e["response"].get("fromDiskCache", False)

    def received(e: dict) -> None:
        if e["requestId"] in reqs:
            reqs[e["requestId"]].decoded += e["dataLength"]

    def finished(e: dict) -> None:
        if e["requestId"] in reqs:
            reqs[e["requestId"]].encoded = int(e["encodedDataLength"])
            reqs[e["requestId"]].done = True

    def from_cache(e: dict) -> None:
        if e["requestId"] in reqs:
            reqs[e["requestId"]].from_cache = True

    def handshake(e: dict) -> None:
        load.socket_status.append(e["response"]["status"])
        headers = {k.lower(): v for k, v in e["response"]["headers"].items()}
        load.socket_extensions.append(headers.get("sec-websocket-extensions", ""))

    def socket_received(e: dict) -> None:
        load.socket_received += _payload_size(e)

    def socket_sent(e: dict) -> None:
        load.socket_sent += _payload_size(e)

    cdp.on("Network.requestWillBeSent", started)
    cdp.on("Network.responseReceived", responded)
    cdp.on("Network.dataReceived", received)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", lambda e: finished({**e, "encodedDataLength": 0}))
    cdp.on("Network.requestServedFromCache", from_cache)
    cdp.on("Network.webSocketCreated", lambda e: load.sockets.append(e["url"]))
    cdp.on("Network.webSocketHandshakeResponseReceived", handshake)
    cdp.on("Network.webSocketFrameReceived", socket_received)
    cdp.on("Network.webSocketFrameSent", socket_sent)
    cdp.send("Network.enable")
    if throttle_mbps:
        bytes_per_s = throttle_mbps * 1_000_000 / 8
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 40,
                "downloadThroughput": bytes_per_s,
                "uploadThroughput": bytes_per_s / 4,
            },
        )

    started_at = time.perf_counter()
    try:
        page.goto(url, timeout=WAIT_MS)
        page.get_by_text(COUNT).first.wait_for(state="visible", timeout=WAIT_MS)
        page.wait_for_function(CHARTS_DRAWN_JS, timeout=WAIT_MS, polling=100)
    except PlaywrightError as error:  # a timeout above all: say what the page did show
        try:
            shown = page.locator("[data-testid=stException]").all_inner_texts()
        except PlaywrightError as gone:  # the page navigated away, or closed
            shown = [f"(could not be read: {str(gone).splitlines()[0]})"]
        raise CheckError(
            f"{url}: the dashboard did not draw its count line and charts"
            f" ({str(error).splitlines()[0]}); WebSocket {load.sockets} answered"
            f" {load.socket_status}; the page's exceptions: {[s[:400] for s in shown]}"
        ) from error
    load.seconds = time.perf_counter() - started_at
    page.wait_for_load_state("networkidle", timeout=WAIT_MS)
    page.wait_for_function(SETTLED_JS, arg=QUIET_MS, timeout=WAIT_MS, polling=100)
    # Every HTTP request of the load has finished (its CDP events arrive while we poll).
    deadline = time.monotonic() + WAIT_MS / 1000
    while any(not r.done for r in reqs.values() if r.url.startswith("http")):
        if time.monotonic() > deadline:
            raise CheckError(f"{url}: requests still open: {[r.url for r in reqs.values()]}")
        page.wait_for_timeout(50)
    page.close()
    return load


@dataclass
class Visits:
    """A first visit (new context, empty cache) and a repeat visit (same context, warm cache)."""

    where: str  # "direct" or "proxy"
    host: str
    first: Load
    repeat: Load


def first_and_repeat(browser, where: str, url: str, throttle_mbps: float | None = None) -> Visits:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        first = visit(context, url, throttle_mbps)
        repeat = visit(context, url, throttle_mbps)
    except CheckError as error:
        raise CheckError(f"{where}: {error}") from error
    finally:
        context.close()
    return Visits(where, urlsplit(url).netloc, first, repeat)


# ---- checks on the proxy's answers --------------------------------------------------------------


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    """GET `url` (on loopback); its status and headers (lower-case names), errors included."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (loopback only)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def check_headers(variant: Variant, proxy: Proxy, visits: Visits) -> list[str]:
    """Compression and Cache-Control of what the browser got through the proxy, and the cache."""
    failures = []
    base = f"http://127.0.0.1:{proxy.port}"
    fetched = [r for r in visits.first.requests.values() if r.status == 200 and not r.from_cache]
    scripts = [r for r in fetched if re.search(r"\.(js|css)(\?|$)", urlsplit(r.url).path)]
    if not scripts:
        failures.append("proxy: the first visit loaded no JavaScript or CSS")
    for r in scripts:
        gzipped = r.headers.get("content-encoding") == "gzip"
        if r.decoded >= GZIP_MIN and not gzipped:
            failures.append(f"proxy: {r.url} ({r.decoded} B) came without Content-Encoding: gzip")
    hashed = [r for r in fetched if HASHED.search(urlsplit(r.url).path)]
    if not hashed:
        failures.append("proxy: the first visit loaded no hashed /static/ bundle")
    for r in hashed:
        cache = r.headers.get("cache-control", "")
        if "immutable" not in cache or YEAR not in cache:
            failures.append(f"proxy: {r.url} has Cache-Control {cache!r}, not a year, immutable")
    # The same bundle again: now the proxy cache answers, not an app server.
    if hashed:
        _, again = _get(hashed[0].url, {"Accept-Encoding": "gzip"})
        if again.get("x-cache-status") != "HIT":
            failures.append(f"proxy cache: {hashed[0].url} again was {again.get('x-cache-status')}")
    # Our own files: gzip, an hour, cached by the proxy on the second request.
    for name in ("topojson/world_110m.json", "vis/vis-network.min.js", "vis/vis-network.css"):
        url = base + variant.path(f"app/static/{name}")
        status, headers = _get(url, {"Accept-Encoding": "gzip"})
        _, again = _get(url, {"Accept-Encoding": "gzip"})
        if status != 200 or headers.get("content-encoding") != "gzip":
            failures.append(
                f"proxy: {url} -> {status}, Content-Encoding {headers.get('content-encoding')}"
            )
        if headers.get("cache-control") != "public, max-age=3600":
            failures.append(f"proxy: {url} has Cache-Control {headers.get('cache-control')!r}")
        if again.get("x-cache-status") != "HIT":
            failures.append(f"proxy cache: {url} again was {again.get('x-cache-status')}")
    # Under a prefix, the bare prefix and the root lead to the app.
    for start in ("/", f"/{variant.base_path}") if variant.base_path else ():
        with urllib.request.urlopen(base + start, timeout=30) as response:  # noqa: S310
            if response.status != 200 or urlsplit(response.geturl()).path != variant.path():
                failures.append(f"proxy: {start} led to {response.geturl()} ({response.status})")
    # A bundle name Streamlit does not have (old page, new release): it answers with the page,
    # 200, which must be neither immutable nor kept by the proxy cache.
    missing = base + variant.path("static/js/missing.AAAAAAAA.js")
    _, headers = _get(missing)
    _, again = _get(missing)
    if "immutable" in headers.get("cache-control", "") or again.get("x-cache-status") == "HIT":
        failures.append(
            f"proxy: a missing bundle got Cache-Control {headers.get('cache-control')!r},"
            f" cache {again.get('x-cache-status')}"
        )
    return failures


LOG_LINE = re.compile(
    r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) (?P<bytes>\d+) '
    r'route="(?P<route>[^"]*)" upstream="(?P<upstream>[^"]*)"'
)


def read_log(proxy: Proxy) -> list[dict[str, str]]:
    if not proxy.access_log.exists():
        return []
    lines = proxy.access_log.read_text().splitlines()
    return [m.groupdict() for m in map(LOG_LINE.search, lines) if m]


def spread_probe(variant: Variant, proxy: Proxy, readers: int = 12) -> list[str]:
    """`readers` made-up routing cookies, each asking twice: each must stay on one server.
    (Shaped like nginx's own, 16 bytes in base64, or nginx logs them as too short.)"""
    url = f"http://127.0.0.1:{proxy.port}" + variant.path("_stcore/health")
    cookies = [
        base64.b64encode(f"probe {n:02d}".ljust(16).encode()).decode() for n in range(readers)
    ]
    for cookie in cookies:
        for _ in range(2):
            _get(url, {"Cookie": f"fc_route={cookie}"})
    return cookies


def check_stickiness(proxy: Proxy, app_ports: Sequence[int], probes: list[str]) -> list[str]:
    """Per routing cookie one app server; the probes' cookies reach every app server; the
    browser's WebSocket (logged when it closed) went through with 101."""
    failures = []
    entries = read_log(proxy)
    servers: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e["upstream"] not in ("", "-"):
            servers[e["route"]].add(e["upstream"])
    for route, upstreams in servers.items():
        if len(upstreams) > 1:
            failures.append(f"sticky: reader {route} reached {sorted(upstreams)}")
    reached = {next(iter(servers[p])) for p in probes if servers.get(p)}
    if len(reached) < len(app_ports):
        failures.append(f"spread: {len(probes)} readers all reached {sorted(reached)}")
    sockets = [e for e in entries if e["path"].endswith("/_stcore/stream")]
    if not sockets or any(e["status"] != "101" for e in sockets):
        failures.append(f"websocket: access log has {[e['status'] for e in sockets]}, not 101s")
    return failures


def wait_for_socket_lines(proxy: Proxy, count: int) -> None:
    """nginx logs a WebSocket when it closes: wait (at most 15 s) until `count` are logged."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if sum(e["path"].endswith("/_stcore/stream") for e in read_log(proxy)) >= count:
            return
        time.sleep(0.1)


# ---- one variant, end to end --------------------------------------------------------------------


@dataclass
class Report:
    variant: Variant
    direct: Visits | None  # None when only the proxy was measured
    proxied: Visits
    proxied_server: str  # the app server the browser's session went to
    failures: list[str]
    seconds: float
    # Bytes nginx sent down each of the browser's WebSockets, frames as on the wire (its log).
    socket_wire_bytes: list[int] = field(default_factory=list)

    def summary(self) -> dict:
        """The figures and failures as plain data (--json)."""
        loads = {}
        for visits in filter(None, (self.direct, self.proxied)):
            for name, load in (("first", visits.first), ("repeat", visits.repeat)):
                loads[f"{visits.where} {name}"] = {
                    "transferred_bytes": load.http_bytes,
                    "body_bytes": load.body_bytes,
                    "requests": len(load.requests),
                    "from_cache": load.cached,
                    "websocket_payload_in_bytes": load.socket_received,
                    "seconds_to_count_and_charts": round(load.seconds, 2),
                    "largest": [[_short(r.url), r.encoded] for r in load.biggest(5)],
                    "by_kind": load.by_kind(),
                }
        return {
            "variant": self.variant.name,
            "loads": loads,
            "proxied_server": self.proxied_server,
            "websocket_wire_bytes_through_proxy": self.socket_wire_bytes,
            "failures": self.failures,
            "seconds": round(self.seconds, 1),
        }


def check_visits(visits: Visits) -> list[str]:
    failures = []
    for name, load in (("first", visits.first), ("repeat", visits.repeat)):
        foreign = load.foreign(visits.host)
        if foreign:
            failures.append(f"{visits.where} {name}: requests to other hosts: {foreign[:5]}")
        if not load.sockets or load.socket_status[:1] != [101]:
            failures.append(f"{visits.where} {name}: WebSocket {load.sockets} {load.socket_status}")
    if visits.repeat.http_bytes >= visits.first.http_bytes:
        failures.append(
            f"{visits.where}: the repeat visit transferred {visits.repeat.http_bytes} B,"
            f" not less than the first ({visits.first.http_bytes} B)"
        )
    return failures


def _ended(servers: dict[int, subprocess.Popen]) -> str:
    """'' while every app server runs; else which ended, and how (-15: someone sent SIGTERM)."""
    ended = {port: p.poll() for port, p in servers.items() if p.poll() is not None}
    return "".join(f"; app server :{port} ended with {code}" for port, code in ended.items())


def run_variant(
    browser,
    variant: Variant,
    app_ports: Sequence[int] | None = None,
    proxy_port: int | None = None,
    warm_up: bool = True,
    throttle_mbps: float | None = None,
    direct: bool = True,
) -> Report:
    """Start the app servers and nginx for `variant`, measure and check; stop everything.

    `warm_up`: first one visit to each app server, so that every server has loaded the data
    and the timings compare like with like. `direct`: also measure one app server without
    the proxy (the "before" figures; the checks themselves are on the proxy)."""
    began = time.perf_counter()
    if app_ports is None or proxy_port is None:
        ports = free_ports(APP_SERVERS + 1)
        app_ports, proxy_port = app_ports or ports[:APP_SERVERS], proxy_port or ports[-1]
    nginx_binary()  # fail before starting anything when nginx is missing
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="deploy-check-")))
        conf = render(variant, app_ports, proxy_port, work)
        (work / "app-logs").mkdir()
        servers = stack.enter_context(app_servers(app_ports, variant.base_path, work / "app-logs"))
        proxy = stack.enter_context(nginx(conf, proxy_port, variant.path("_stcore/health")))
        try:
            for port in app_ports if warm_up else ():
                context = browser.new_context()
                try:
                    visit(context, f"http://127.0.0.1:{port}{variant.path()}")
                finally:
                    context.close()
            direct_url = f"http://127.0.0.1:{app_ports[0]}{variant.path()}"
            proxy_url = f"http://127.0.0.1:{proxy_port}{variant.path()}"
            before = (
                first_and_repeat(browser, "direct", direct_url, throttle_mbps) if direct else None
            )
            proxied = first_and_repeat(browser, "proxy", proxy_url, throttle_mbps)
        except CheckError as error:
            raise CheckError(f"[{variant.name}] {error}{_ended(servers)}") from error
        failures = (check_visits(before) if before else []) + check_visits(proxied)
        failures += check_headers(variant, proxy, proxied)
        probes = spread_probe(variant, proxy)
        wait_for_socket_lines(proxy, 2)  # the proxied first and repeat visits' WebSockets
        failures += check_stickiness(proxy, app_ports, probes)
        if _ended(servers):  # the figures are not this configuration's
            failures.append(f"app servers ended during the check:{_ended(servers)}")
        sockets = [
            e
            for e in read_log(proxy)
            if e["path"].endswith("/_stcore/stream") and e["upstream"] not in ("", "-")
        ]
    return Report(
        variant,
        before,
        proxied,
        ", ".join(sorted({e["upstream"] for e in sockets})),
        failures,
        time.perf_counter() - began,
        [int(e["bytes"]) for e in sockets],
    )


# ---- output -------------------------------------------------------------------------------------


def _short(url: str) -> str:
    path = urlsplit(url).path
    return path.rsplit("/", 1)[-1] or path


def table(reports: Sequence[Report]) -> str:
    rows = [
        "| variant | where | visit | transferred (B) | MB | HTTP requests | from cache |"
        " bodies unzipped (B) | WebSocket payload in (B) | to count + charts (s) |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for report in reports:
        for visits in filter(None, (report.direct, report.proxied)):
            for name, load in (("first", visits.first), ("repeat", visits.repeat)):
                rows.append(
                    f"| {report.variant.name} | {visits.where} | {name} | {load.http_bytes:,} |"
                    f" {load.http_bytes / MB:.2f} | {len(load.requests)} | {load.cached} |"
                    f" {load.body_bytes:,} | {load.socket_received:,} | {load.seconds:.2f} |"
                )
    return "\n".join(rows)


def biggest(reports: Sequence[Report]) -> str:
    lines = []
    for report in reports[:1]:
        for visits in filter(None, (report.direct, report.proxied)):
            lines.append(
                f"{visits.where.capitalize()} first visit ({report.variant.name}), by kind:"
            )
            kinds = visits.first.by_kind()
            lines.append("  " + ", ".join(f"{k} {v:,} B" for k, v in kinds.items() if v))
            lines.append(f"Largest transfers, {visits.where} first visit ({report.variant.name}):")
            for r in visits.first.biggest(6):
                encoding = r.headers.get("content-encoding", "identity")
                lines.append(
                    f"  {r.encoded:>10,} B  {_short(r.url)}  ({encoding}, {r.decoded:,} B body)"
                )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", choices=["root", "prefix", "both"], default="both")
    parser.add_argument(
        "--app-ports", help="comma-separated, two or more (default: free, 8710-8729)"
    )
    parser.add_argument("--proxy-port", type=int, help="nginx's port (default: free, 8710-8729)")
    parser.add_argument("--no-warm-up", action="store_true", help="skip the warm-up visits")
    parser.add_argument(
        "--throttle",
        type=float,
        metavar="MBIT",
        help="emulate a reader's link: MBIT Mbit/s down, 40 ms latency (default: loopback as is)",
    )
    parser.add_argument("--proxy-only", action="store_true", help="skip the direct (before) visits")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    app_ports = [int(p) for p in args.app_ports.split(",")] if args.app_ports else None
    if app_ports is not None and len(app_ports) < 2:
        parser.error("--app-ports needs two or more ports")
    names = ["root", "prefix"] if args.variant == "both" else [args.variant]
    # SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C: the app servers and nginx run in
    # sessions of their own and are stopped by the `finally` blocks, not by the signal.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if not Path(CHROMIUM).is_file():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    reports = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for name in names:
                    reports.append(
                        run_variant(
                            browser,
                            VARIANTS[name],
                            app_ports,
                            args.proxy_port,
                            not args.no_warm_up,
                            args.throttle,
                            not args.proxy_only,
                        )
                    )
            finally:
                browser.close()
    except CheckError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        if args.json:
            args.json.write_text(json.dumps({"error": str(error)}, indent=1))
        return 2
    if args.json:
        args.json.write_text(json.dumps([r.summary() for r in reports], indent=1))
    print(table(reports))
    print()
    print(biggest(reports))
    for report in reports:
        extensions = report.proxied.first.socket_extensions
        print(
            f"\n{report.variant.name}: {report.seconds:.1f} s in all; the browser's session went"
            f" to {report.proxied_server or '?'}; WebSocket extensions {extensions}; bytes nginx"
            f" sent down the WebSockets (first, repeat visit): {report.socket_wire_bytes}"
        )
    failures = [f"[{r.variant.name}] {f}" for r in reports for f in r.failures]
    print("\n" + ("\n".join(f"FAIL {f}" for f in failures) if failures else "All checks passed."))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
