"""Load: concurrent sessions against one server on loopback, driven by Streamlit's websocket
protocol (not browsers: 20 Chromium tabs on 2 cores would measure the client).

Each session changes page and filters about once a second for the run's duration. Reported:
errors (exception elements or failed runs), p50/p95 from sending a change to its rerun finishing,
and the server's resident memory after warm-up and at the end. `make load` runs it.
"""

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

# `python bench/load.py` puts bench/ first on the path; the repository root makes `bench` a package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.server import streamlit_server

PAGES = ["", "timeline", "map", "network", "about"]
QUERIES = [
    "actor=KOR",
    "pair=PRK-RUS",
    "from=2022-02-24",
    "status=alleged",
    "type=SANCTION",
    "q=Zinoviev",
    "actor=UKR&imin=-5",
    "nodes=all",
    "lanes=type",
    "",
]
WARM_UP_SECONDS = 10


def _rerun(page: str, query: str) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    return msg.SerializeToString()


async def _wait_finished(ws, counts: set | None = None) -> tuple[bool, bool]:
    """Read until the run finishes; return (finished_ok, saw_exception)."""
    saw_exception = False
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await ws.recv())
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            saw_exception |= element.WhichOneof("type") == "exception"
            if counts is not None and element.WhichOneof("type") == "markdown":
                if element.markdown.body.startswith("**Showing"):
                    counts.add(element.markdown.body)
        if kind == "script_finished":
            status = msg.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            return status == ForwardMsg.FINISHED_SUCCESSFULLY, saw_exception


async def _session(
    port: int, seconds: float, timings: list, errors: list, counts: set, seed: int
) -> None:
    rng = random.Random(seed)  # noqa: S311 (choosing test traffic, not secrets)
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        await ws.send(_rerun("", ""))
        await _wait_finished(ws)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            await asyncio.sleep(rng.uniform(0.7, 1.3))
            page, query = rng.choice(PAGES), rng.choice(QUERIES)
            start = time.monotonic()
            await ws.send(_rerun(page, query))
            ok, exception = await asyncio.wait_for(_wait_finished(ws, counts), timeout=30)
            timings.append((start, (time.monotonic() - start) * 1000))
            if not ok or exception:
                errors.append(f"{page}?{query}")


async def _run(port: int, sessions: int, seconds: float, server: psutil.Process) -> dict:
    timings: list = []
    errors: list = []
    counts: set = set()
    began = time.monotonic()
    tasks = [
        asyncio.create_task(_session(port, seconds, timings, errors, counts, seed))
        for seed in range(sessions)
    ]
    await asyncio.sleep(WARM_UP_SECONDS)
    warm_rss = server.memory_info().rss
    results = await asyncio.gather(*tasks, return_exceptions=True)
    errors += [repr(r) for r in results if isinstance(r, Exception)]
    after_warm = sorted(ms for start, ms in timings if start - began >= WARM_UP_SECONDS)
    return dict(
        timings=after_warm or sorted(ms for _, ms in timings),
        errors=errors,
        warm_rss=warm_rss,
        end_rss=server.memory_info().rss,
        changes=len(timings),
        counts=len(counts),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with streamlit_server() as running:
        server = psutil.Process(running.process.pid)
        r = asyncio.run(_run(running.port, args.sessions, args.seconds, server))
    t = r["timings"]
    p95 = t[min(len(t) - 1, round(0.95 * (len(t) - 1)))] if t else float("nan")
    mb = 1024 * 1024
    print(f"| {args.sessions} sessions, {args.seconds:.0f} s, loopback | value |")
    print("| --- | --- |")
    print(f"| changes sent | {r['changes']} |")
    print(f"| distinct 'Showing N' lines seen (filters took effect) | {r['counts']} |")
    print(f"| errors | {len(r['errors'])} |")
    print(
        f"| change to rerun finished, p50 | {statistics.median(t):.0f} ms |" if t else "| p50 | – |"
    )
    print(f"| change to rerun finished, p95 | {p95:.0f} ms |")
    print(f"| server RSS after {WARM_UP_SECONDS} s warm-up | {r['warm_rss'] / mb:.0f} MB |")
    print(f"| server RSS at the end | {r['end_rss'] / mb:.0f} MB |")
    print(f"| growth after warm-up | {(r['end_rss'] - r['warm_rss']) / mb:+.0f} MB |")
    for error in r["errors"][:10]:
        print(f"error: {error}", file=sys.stderr)
    sys.exit(1 if r["errors"] else 0)


if __name__ == "__main__":
    main()
