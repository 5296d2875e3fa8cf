"""Bytes per interaction: talk to a server as the browser does and count what it sends."""

import argparse
import asyncio
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.scenario import CHANGES

MAX_CACHED_MESSAGE_AGE = 2  # Streamlit's global.maxCachedMessageAge, which the browser applies


class MessageCache:
    """The browser's ForwardMsg cache: what it holds, the server sends as a hash reference."""

    def __init__(self) -> None:
        self.runs = 0
        self.used: dict[str, int] = {}

    def note(self, msg: ForwardMsg) -> None:
        if msg.metadata.cacheable:
            self.used[msg.hash] = self.runs
        elif msg.WhichOneof("type") == "ref_hash":
            self.used[msg.ref_hash] = self.runs

    def finish_run(self) -> None:
        self.runs += 1
        self.used = {h: r for h, r in self.used.items() if self.runs - r <= MAX_CACHED_MESSAGE_AGE}


async def page_bytes(port: int, view: str, args: argparse.Namespace) -> tuple[str, list[int]]:
    """Open `view` in a new session, then apply each change; the page's script hash (to check
    that each view opened its own page) and the bytes of each rerun."""
    page = "" if view == "overview" else view
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    seen: dict = {}
    cache = MessageCache()
    sizes = []
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        await asyncio.wait_for(_rerun(ws, page, seen, cache), args.timeout)
        if "exception" in seen:
            raise RuntimeError(f"{view}, on opening: {seen['exception']}")
        if "pair" not in seen:
            raise RuntimeError(f"{view}: no pair selectbox in the page")
        opened = seen.get("page_hash", "")
        deadline = time.monotonic() + args.budget
        for i in range(args.runs):
            rerun = _rerun(ws, page, seen, cache, (CHANGES[i % len(CHANGES)],))
            sizes.append(await asyncio.wait_for(rerun, args.timeout))
            if "exception" in seen:
                raise RuntimeError(f"{view}: {seen['exception']}")
            if seen.get("page_hash") != opened:
                raise RuntimeError(f"{view}: the filter change left the page")
            if i >= 2 and time.monotonic() > deadline:
                break
    if len(sizes) > 1 and len(seen.get("shown", ())) < 2:
        raise RuntimeError(f"{view}: the pair filter changed nothing")
    return opened, sizes


def run_apart(coroutine: Coroutine) -> object:
    """Run a coroutine in its own thread: Playwright's sync API holds this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _rerun(
    ws, page: str, seen: dict, cache: MessageCache, pair: tuple[str | None, ...] = ()
) -> int:
    """Send a rerun as the browser does, with the pair's new value if `pair` holds one;
    return the bytes received until the run finished. `seen` collects what the run showed."""
    back = BackMsg()
    state = back.rerun_script
    state.page_name, state.query_string = page, seen.get("query", "")
    state.page_script_hash = seen.get("page_hash", "")
    state.cached_message_hashes.extend(cache.used)
    for value in pair:
        widget = state.widget_states.widgets.add()
        widget.id = seen["pair"]
        if value is not None:  # a widget state without a value is a cleared selectbox
            widget.string_value = value
    await ws.send(back.SerializeToString())
    total = 0
    while True:
        raw = await ws.recv()
        msg = ForwardMsg.FromString(raw)
        total += len(raw)
        cache.note(msg)
        kind = msg.WhichOneof("type")
        if kind == "navigation":  # the page that ran, as the browser learns it
            seen["page_hash"] = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            seen["query"] = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            _note_element(msg.delta.new_element, seen)
        elif (
            kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            cache.finish_run()
            if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                seen["exception"] = "the script did not finish"
            return total


def _note_element(element, seen: dict) -> None:
    kind = element.WhichOneof("type")
    if kind == "selectbox" and element.selectbox.id.endswith("-pair"):
        seen["pair"] = element.selectbox.id
    elif kind == "markdown" and element.markdown.body.startswith("**Showing"):
        seen.setdefault("shown", set()).add(element.markdown.body)
    elif kind == "exception":
        seen["exception"] = element.exception.message
