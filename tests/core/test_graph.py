"""The actor network: nodes and edges per filter, focus, and HTML that runs nothing of the data."""

import os
import re
import subprocess
import sys

import pytest
from factories import ACTORS, EVENTS, SUMMONS, write_folder

from dashboard.core.dataset import load_dataset
from dashboard.core.graph import build_actor_graph, graph_elements, graph_html

HOSTILE = dict(
    ACTORS[-1],
    id="hostile-person",
    name='</script><img src=x onerror=alert(1)> href="javascript:x" {{ 7*7 }} $x$',
)
HOSTILE_ROLE = dict(actor_id="hostile-person", role="Envoy", start_date="2020", end_date="")
WITH_HOSTILE = dict(SUMMONS, id="hostile-event", people="hostile-person")


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    folder = write_folder(
        tmp_path_factory.mktemp("d"),
        actors=[*ACTORS, HOSTILE],
        roles=[
            dict(actor_id="georgy-zinoviev", role="Ambassador", start_date="2024-01"),
            HOSTILE_ROLE,
        ],
        events=[*EVENTS, WITH_HOSTILE],
    )
    dataset = load_dataset(folder)
    assert dataset.problems == ()
    return dataset


def test_country_graph_has_a_node_per_country_and_an_edge_per_pair(ds):
    graph = build_actor_graph(ds.events, ds.actors)
    assert sorted(graph.nodes) == ["KOR", "PRK", "RUS"]
    assert graph.edges["KOR", "RUS"]["count"] == 2
    assert graph.edges["PRK", "RUS"]["count"] == 2
    assert graph.nodes["RUS"]["count"] == 4


def test_all_nodes_adds_people_linked_to_the_country_they_act_towards(ds):
    graph = build_actor_graph(ds.events, ds.actors, nodes="all")
    assert graph.has_edge("georgy-zinoviev", "KOR")  # a Russian envoy acting towards Seoul
    assert graph.nodes["georgy-zinoviev"]["kind"] == "person"


def test_focus_greys_everything_outside_the_neighbourhood(ds):
    graph = build_actor_graph(ds.events, ds.actors)
    nodes, edges = graph_elements(graph, focus="KOR")
    lit = {n[0] for n in nodes if n[5]}
    assert lit == {"KOR", "RUS"}
    assert {(e[0], e[1]) for e in edges if e[5]} == {("KOR", "RUS")}


def test_graph_html_loads_nothing_from_another_host_and_escapes_labels(ds):
    graph = build_actor_graph(ds.events, ds.actors, nodes="all")
    html = graph_html(*graph_elements(graph))
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert 'src="app/static/vis/vis-network.min.js"' in html
    assert "<img" not in html and "</script><" not in html
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert html.count("<script") == 2  # vis-network and ours, nothing else


def test_two_uncached_builds_of_the_graph_give_the_same_html(ds):
    """graph_html is lru_cached, so calling it twice would return one object: build the graph
    and its HTML twice from the data, past the cache, and compare the two pages."""

    def build() -> str:
        graph = build_actor_graph(ds.events, ds.actors, nodes="all")
        return graph_html.__wrapped__(*graph_elements(graph))

    first, second = build(), build()
    assert first is not second
    assert first == second
    assert '"randomSeed": 7' in first  # vis-network's layout: the same positions every time


_BUILD_IN_A_NEW_PROCESS = """
import hashlib, sys
from dashboard.core.dataset import load_dataset
from dashboard.core.graph import build_actor_graph, graph_elements, graph_html
ds = load_dataset(sys.argv[1])
html = graph_html(*graph_elements(build_actor_graph(ds.events, ds.actors, nodes="all")))
print(hashlib.sha256(html.encode()).hexdigest())
"""


def test_the_graph_html_is_the_same_in_processes_with_different_hash_seeds(ds):
    """Set and dict order of strings changes with the hash seed, so a build that leaned on it
    would draw a different page after every restart; one process cannot show that."""

    def build(seed: str) -> str:
        env = dict(os.environ, PYTHONHASHSEED=seed)
        command = [sys.executable, "-c", _BUILD_IN_A_NEW_PROCESS, str(ds.folder)]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout

    first = build("1")
    assert len(first.strip()) == 64
    assert build("2") == first


def test_a_country_s_focus_keeps_its_own_people_lit_with_their_links(ds):
    """Russia's envoy acts towards Seoul, so his edge goes to South Korea, not to Russia; a
    focus on Russia still lights him and that edge."""
    graph = build_actor_graph(ds.events, ds.actors, nodes="all")
    assert not graph.has_edge("georgy-zinoviev", "RUS")
    nodes, edges = graph_elements(graph, focus="RUS")
    lit = {n[0] for n in nodes if n[5]}
    assert "georgy-zinoviev" in lit
    assert {(e[0], e[1]) for e in edges if e[5]} >= {("KOR", "georgy-zinoviev")}
    # A person's focus does not light the people of the country it acts towards.
    nodes, _ = graph_elements(graph, focus="KOR")
    assert "georgy-zinoviev" in {n[0] for n in nodes if n[5]}  # a neighbour of KOR
    nodes, _ = graph_elements(graph, focus="PRK")
    assert "georgy-zinoviev" not in {n[0] for n in nodes if n[5]}


def test_countries_are_always_named_and_at_most_labelled_others(ds, monkeypatch):
    import dashboard.core.graph as graph_module

    graph = build_actor_graph(ds.events, ds.actors, nodes="all")
    monkeypatch.setattr(graph_module, "LABELLED", 1)
    nodes, _ = graph_elements(graph)
    named = [n for n in nodes if n[6]]
    assert {n[0] for n in named if n[2] == "country"} == {n[0] for n in nodes if n[2] == "country"}
    others = [n for n in nodes if n[2] != "country"]
    assert len(others) > 1 and len([n for n in named if n[2] != "country"]) == 1
    # The one named is the busiest; the rest keep their name in the tooltip only.
    (one,) = [n for n in named if n[2] != "country"]
    assert one[3] == max(n[3] for n in others)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_frame_takes_the_theme_s_page_and_text_colours(ds, theme):
    from dashboard.core.style import PAGE, TEXT

    html = graph_html(*graph_elements(build_actor_graph(ds.events, ds.actors)), theme=theme)
    assert f"color-scheme: {theme};" in html
    assert f"background: {PAGE[theme]};" in html and f"color: {TEXT[theme]};" in html
    assert "box-sizing: border-box" in html  # the border inside the frame's width
