"""``export actors --format graphml|gexf``: the actor network (:mod:`.network`) as GraphML
(for networkx, igraph, yEd, Gephi) or GEXF 1.3 (Gephi; each edge's ``spells`` give the
periods of its happenings for Gephi's timeline). Node and edge ids are actor ids."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO

from communique.interop.network import Edge, Network, Node, actor_network
from communique.store.duckdb_store import DuckDBStore

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"
# (name, for, type) of the attributes written on nodes and edges
NODE_KEYS = (("label", "string"), ("kind", "string"), ("country", "string"),
             ("happenings", "int"))  # fmt: skip
EDGE_KEYS = (("weight", "int"), ("first", "string"), ("last", "string"), ("types", "string"))


def _node_values(n: Node) -> dict[str, str]:
    return {"label": n.label, "kind": n.kind, "country": n.country,
            "happenings": str(n.happenings)}  # fmt: skip


def _edge_values(e: Edge) -> dict[str, str]:
    return {"weight": str(e.weight), "first": e.first or "", "last": e.last or "",
            "types": ";".join(e.types)}  # fmt: skip


def graphml(net: Network) -> ET.ElementTree:
    root = ET.Element("graphml", xmlns=GRAPHML_NS)
    for i, (name, kind) in enumerate(NODE_KEYS):
        ET.SubElement(root, "key", {"id": f"n{i}", "for": "node", "attr.name": name,
                                    "attr.type": kind})  # fmt: skip
    for i, (name, kind) in enumerate(EDGE_KEYS):
        ET.SubElement(root, "key", {"id": f"e{i}", "for": "edge", "attr.name": name,
                                    "attr.type": kind})  # fmt: skip
    graph = ET.SubElement(root, "graph", id="actors", edgedefault="undirected")
    for n in net.nodes:
        el = ET.SubElement(graph, "node", id=n.id)
        _data(el, "n", NODE_KEYS, _node_values(n))
    for e in net.edges:
        el = ET.SubElement(graph, "edge", source=e.source, target=e.target)
        _data(el, "e", EDGE_KEYS, _edge_values(e))
    return ET.ElementTree(root)


def _data(el: ET.Element, prefix: str, keys: tuple[tuple[str, str], ...],
          values: dict[str, str]) -> None:  # fmt: skip
    for i, (name, _) in enumerate(keys):
        if values[name] != "":
            ET.SubElement(el, "data", key=f"{prefix}{i}").text = values[name]


def gexf(net: Network) -> ET.ElementTree:
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "communique"
    ET.SubElement(meta, "description").text = "actors taking part in the same happenings"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "undirected", "mode": "dynamic",
                                          "timeformat": "date"})  # fmt: skip
    _gexf_keys(graph, "node", NODE_KEYS[1:])
    _gexf_keys(graph, "edge", EDGE_KEYS[1:])
    nodes = ET.SubElement(graph, "nodes")
    for n in net.nodes:
        el = ET.SubElement(nodes, "node", id=n.id, label=n.label)
        _attvalues(el, "n", NODE_KEYS[1:], _node_values(n))
    edges = ET.SubElement(graph, "edges")
    for i, e in enumerate(net.edges):
        el = ET.SubElement(edges, "edge", {"id": str(i), "source": e.source, "target": e.target,
                                           "weight": str(e.weight)})  # fmt: skip
        _attvalues(el, "e", EDGE_KEYS[1:], _edge_values(e))
        if e.spells:
            spells = ET.SubElement(el, "spells")
            for start, end in e.spells:
                ET.SubElement(spells, "spell", start=start, end=end)
    return ET.ElementTree(root)


def _gexf_keys(graph: ET.Element, cls: str, keys: tuple[tuple[str, str], ...]) -> None:
    attrs = ET.SubElement(graph, "attributes", {"class": cls, "mode": "static"})
    for i, (name, kind) in enumerate(keys):
        gtype = "integer" if kind == "int" else kind
        ET.SubElement(attrs, "attribute", id=f"{cls[0]}{i}", title=name, type=gtype)


def _attvalues(el: ET.Element, prefix: str, keys: tuple[tuple[str, str], ...],
               values: dict[str, str]) -> None:  # fmt: skip
    vals = ET.SubElement(el, "attvalues")
    for i, (name, _) in enumerate(keys):
        if values[name] != "":
            ET.SubElement(vals, "attvalue", {"for": f"{prefix}{i}", "value": values[name]})


def _write(tree: ET.ElementTree, out: IO[str]) -> None:
    ET.indent(tree)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    tree.write(out, encoding="unicode", xml_declaration=False)
    out.write("\n")


def write_graphml(store: DuckDBStore, out: IO[str]) -> int:
    """Write the actor network as GraphML; returns the number of edges."""
    net = actor_network(store)
    _write(graphml(net), out)
    return len(net.edges)


def write_gexf(store: DuckDBStore, out: IO[str]) -> int:
    """Write the actor network as GEXF 1.3; returns the number of edges."""
    net = actor_network(store)
    _write(gexf(net), out)
    return len(net.edges)
