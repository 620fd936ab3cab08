#!/usr/bin/env python3
"""Search latency as one client sees it: GET /api/search for each query, one after another.

    search_latency.py BASE_URL PROCESS_ID QUERIES_FILE [--passes N] [--warmup N]

QUERIES_FILE holds one query string a line ("q=...&stakeholder_group=..."), as generate.py
--queries writes them. Each request goes over one kept-alive connection and is timed from
sending to the last byte of the body. After --warmup unmeasured passes, --passes measured
passes; prints one JSON object: per pass p50/p95/p99/max in ms, and the hits returned (the API
returns at most 20 a page). Exits 1 if any request is not 200. Standard library only.
"""

import argparse
import http.client
import json
import sys
import time
import urllib.parse


def percentile(sorted_values, p):
    k = min(len(sorted_values) - 1, int(p * len(sorted_values)))
    return sorted_values[k]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("process_id", type=int)
    parser.add_argument("queries")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()
    with open(args.queries, encoding="utf-8") as f:
        queries = [line.strip() for line in f if line.strip()]
    url = urllib.parse.urlsplit(args.base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    paths = [f"/api/search?process={args.process_id}&{q}" for q in queries]

    def run_pass():
        times, hits = [], []
        for path in paths:
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            times.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                sys.exit(f"search_latency.py: {path} answered {response.status}: {body[:200]!r}")
            hits.append(json.loads(body)["count"])
        return times, hits

    for _ in range(args.warmup):
        run_pass()
    passes = []
    for _ in range(args.passes):
        times, hits = run_pass()
        times.sort()
        passes.append({"p50": percentile(times, 0.50), "p95": percentile(times, 0.95),
                       "p99": percentile(times, 0.99), "max": times[-1],
                       "mean": sum(times) / len(times)})
    ordered = sorted(hits)
    print(json.dumps({
        "queries": len(paths),
        "passes": passes,
        "median": {k: sorted(p[k] for p in passes)[len(passes) // 2] for k in passes[0]},
        "hits": {"none": sum(1 for h in hits if h == 0), "full_page": sum(1 for h in hits if h >= 20),
                 "median": ordered[len(ordered) // 2]},
    }))


if __name__ == "__main__":
    main()
