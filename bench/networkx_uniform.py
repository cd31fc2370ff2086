#!/usr/bin/env python3
"""The same uniform all-to-all ideal-ECMP computation as topoplan, written with networkx, for a speed
comparison (bench/cases/networkx.mjs). Builds ft3:k=K (one GPU per host), then for every destination
edge switch: BFS distances, and a sweep from the farthest switch inwards splitting each switch's traffic
equally over its shortest-path next hops. Prints the max switch-link load per unit pair demand and the
wall time of the routing step. Usage: /usr/bin/python3 bench/networkx_uniform.py K"""
import sys
import time
import networkx as nx

k = int(sys.argv[1])
half = k // 2
g = nx.Graph()
edges = [f"e{p}.{i}" for p in range(k) for i in range(half)]
for p in range(k):
    for i in range(half):
        for j in range(half):
            g.add_edge(f"e{p}.{i}", f"a{p}.{j}")
    for j in range(half):
        for c in range(half):
            g.add_edge(f"a{p}.{j}", f"c{j}.{c}")
hosts_per_edge = half
n = k ** 3 // 4
t0 = time.time()
load = {}
for t in edges:
    dist = nx.single_source_shortest_path_length(g, t)
    inflow = {u: 0.0 for u in g}
    for s in edges:
        if s != t:
            inflow[s] = hosts_per_edge * hosts_per_edge
    for u in sorted(g, key=lambda x: -dist[x]):
        if dist[u] == 0 or inflow[u] == 0:
            continue
        nxt = [v for v in g[u] if dist[v] == dist[u] - 1]
        share = inflow[u] / len(nxt)
        for v in nxt:
            load[(u, v)] = load.get((u, v), 0.0) + share
            inflow[v] += share
elapsed = time.time() - t0
print(f"k={k} endpoints={n} max_switch_link={max(load.values()):.1f} expected={n - half} routing_seconds={elapsed:.3f}")
