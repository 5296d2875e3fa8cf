"""deploy/nginx.conf and nginx-prefix.conf for real: two app servers behind nginx, in Chromium.

A missing nginx fails these tests, never skips them: install Debian's nginx (.ci/run does).
The end-to-end test runs deploy/check.py's core (run_variant and its checks) for both configs,
through the proxy only, about 30 s; `make deploy-check` adds the direct "before" figures. It runs
in a child process: Playwright's sync API cannot start a second instance inside this one once
the browser tests' session browser is up.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from deploy import check

ROOT = Path(__file__).resolve().parents[1]


def _run(command: list[str], timeout: float) -> tuple[int, str, str]:
    """Run the check; on a timeout SIGTERM it, so that it stops its app servers and nginx
    (subprocess.run would SIGKILL it and leave them running)."""
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.terminate()
            stdout, stderr = process.communicate(timeout=60)
            pytest.fail(f"deploy/check.py took over {timeout:g} s:\n{stdout[-3000:]}{stderr}")
    return process.returncode, stdout, stderr


def _nginx() -> str:
    try:
        return check.nginx_binary()
    except check.CheckError as error:
        pytest.fail(str(error))


@pytest.mark.parametrize("name", sorted(check.VARIANTS))
def test_config_passes_nginx_t(name, tmp_path):
    """Each config, rendered as the check renders it, is accepted by `nginx -t`; the main file is
    copied unchanged (only app-servers.conf and listen.conf are written per machine)."""
    binary = _nginx()
    variant = check.VARIANTS[name]
    conf = check.render(variant, [8710, 8711], 8712, tmp_path)
    assert conf.read_text() == (check.DEPLOY / variant.conf).read_text()
    tested = subprocess.run(
        [binary, "-p", f"{tmp_path / 'prefix'}/", "-c", str(conf), "-t"],
        capture_output=True,
        text=True,
    )
    assert tested.returncode == 0, tested.stderr


def test_configs_name_no_machine_paths():
    """The shipped configs are templates a reader can copy: no absolute file paths in them."""
    machine = re.compile(r"\s/(etc|var|usr|srv|tmp|home|run|opt|root|work)/")
    for conf in check.DEPLOY.glob("*.conf"):
        directives = [line.split("#")[0] for line in conf.read_text().splitlines()]
        assert [line for line in directives if machine.search(line)] == [], conf.name


def test_proxy_compresses_caches_and_keeps_sessions(tmp_path):
    """Both configs end to end: the page draws through nginx (WebSocket proxied), JS and CSS are
    gzipped, hashed bundles are immutable for a year, /app/static/ is gzipped and cached for an
    hour, the proxy cache answers repeats, each reader stays on one app server, nothing goes to
    another host, and a repeat visit transfers next to nothing."""
    _nginx()
    out = tmp_path / "figures.json"
    command = [sys.executable, "deploy/check.py", "--variant", "both"]
    command += ["--no-warm-up", "--proxy-only", "--json", str(out)]
    code, stdout, stderr = _run(command, timeout=300)
    said = stdout[-3000:] + stderr[-3000:]
    assert out.exists(), said
    reports = json.loads(out.read_text())
    assert "error" not in reports, reports
    assert [r["variant"] for r in reports] == ["root", "prefix"]
    assert [f for r in reports for f in r["failures"]] == [], said
    assert code == 0, said
    for report in reports:
        first = report["loads"]["proxy first"]
        repeat = report["loads"]["proxy repeat"]
        # Compressed on the wire: well under half of the bodies' size.
        assert first["transferred_bytes"] < first["body_bytes"] / 2, first
        # Warm cache: the page's revalidation and a few small endpoints, nothing else.
        assert repeat["transferred_bytes"] < 50_000, repeat
        assert repeat["from_cache"] > repeat["requests"] / 2, repeat
