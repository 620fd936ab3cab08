#!/usr/bin/python3
"""The baseline for bench/opinion: Polis's pipeline as a competent data scientist would write it
in Python with scipy.sparse and scikit-learn (Debian's python3-scipy, python3-sklearn; pandas,
python3-pandas, for loading when installed, else numpy: the same matrix).

Same mathematics and the same algorithmic choices as the C++ engine, so that the ratio measures
the implementation: sparse centred matrix (never densified), block power iteration with a
Rayleigh-Ritz step (4 vectors, tolerance 1e-5, at most 100 iterations), the sqrt(m/|O_i|)
projection, the in-conversation set, 100 base clusters by k-means from the first distinct points,
group k-means for k = 2..5 chosen by silhouette, then repness, consensus and group-informed
consensus from sparse group tallies. Loading (CSV parsing and building the CSR matrix) is timed
separately and excluded from the update time.

Prints one JSON line: {"load_seconds", "full_seconds", "full_runs", "k"}.
"""
import argparse
import json
import os
import time

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

Z90 = 1.2816


def factorize(values):
    """pandas.factorize(values, sort=False) in numpy: codes by order of first appearance."""
    unique, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse], unique[order]


def load_without_pandas(folder):
    """load() for a Python without pandas (loading is not timed): the same steps in numpy."""
    path = os.path.join(folder, "votes.csv")
    with open(path) as f:
        names = f.readline().strip().split(",")
    use = [names.index(c) for c in ("timestamp", "comment-id", "voter-id", "vote")]
    table = np.loadtxt(path, delimiter=",", skiprows=1, usecols=use, dtype=np.int64, ndmin=2)
    table = table[np.argsort(table[:, 0], kind="stable")]
    # The last vote per (voter, comment), in the order of the rows kept.
    key = table[:, 2] * (int(table[:, 1].max()) + 1) + table[:, 1]
    _, last_reversed = np.unique(key[::-1], return_index=True)
    table = table[np.sort(len(key) - 1 - last_reversed)]
    rows, row_ids = factorize(table[:, 2])
    cols, col_ids = factorize(table[:, 1])
    shape = (len(row_ids), len(col_ids))
    values = table[:, 3].astype(np.float64)
    observed = sp.csr_matrix((np.ones(len(values)), (rows, cols)), shape=shape)
    value = sp.csr_matrix((values, (rows, cols)), shape=shape)
    mod_out = np.zeros(shape[1], dtype=bool)
    comments_path = os.path.join(folder, "comments.csv")
    if os.path.exists(comments_path):
        import csv
        with open(comments_path, newline="") as f:
            rejected = {int(r["comment-id"]) for r in csv.DictReader(f)
                        if int(r["moderated"]) == -1}
        mod_out = np.array([c in rejected for c in col_ids])
    return observed, value, mod_out, np.asarray(row_ids)


def load(folder):
    try:
        import pandas as pd
    except ImportError:
        return load_without_pandas(folder)
    votes = pd.read_csv(os.path.join(folder, "votes.csv"),
                        usecols=["timestamp", "comment-id", "voter-id", "vote"])
    votes = votes.sort_values("timestamp", kind="stable")
    votes = votes.drop_duplicates(subset=["voter-id", "comment-id"], keep="last")
    rows, row_ids = pd.factorize(votes["voter-id"], sort=False)
    cols, col_ids = pd.factorize(votes["comment-id"], sort=False)
    shape = (len(row_ids), len(col_ids))
    values = votes["vote"].to_numpy(dtype=np.float64)
    observed = sp.csr_matrix((np.ones(len(values)), (rows, cols)), shape=shape)
    value = sp.csr_matrix((values, (rows, cols)), shape=shape)
    mod_out = np.zeros(shape[1], dtype=bool)
    comments_path = os.path.join(folder, "comments.csv")
    if os.path.exists(comments_path):
        comments = pd.read_csv(comments_path, usecols=["comment-id", "moderated"])
        rejected = set(comments.loc[comments["moderated"] == -1, "comment-id"])
        mod_out = np.array([c in rejected for c in col_ids])
    return observed, value, mod_out, np.asarray(row_ids)


def pca(observed, value, mod_out, seed=1):
    n, m = observed.shape
    counts = np.asarray(observed.sum(axis=0)).ravel()
    mu = np.divide(np.asarray(value.sum(axis=0)).ravel(), counts,
                   out=np.zeros(m), where=counts > 0)
    mu[mod_out] = 0
    centred = observed.copy()
    centred.data = value.data - mu[value.indices]  # same structure as `observed`
    centred.data[mod_out[centred.indices]] = 0
    centred_t = centred.T.tocsr()
    rng = np.random.default_rng(seed)
    w, _ = np.linalg.qr(rng.uniform(-1, 1, size=(m, 4)))
    for _ in range(100):
        y = centred_t @ (centred @ w)
        h = w.T @ y
        eigenvalues, vectors = np.linalg.eigh((h + h.T) / 2)
        z = y @ vectors[:, ::-1]
        nxt, _ = np.linalg.qr(z)
        nxt[:, 0] *= np.sign(nxt[:, 0] @ w[:, 0]) or 1
        nxt[:, 1] *= np.sign(nxt[:, 1] @ w[:, 1]) or 1
        moved = max(np.linalg.norm(nxt[:, 0] - w[:, 0]), np.linalg.norm(nxt[:, 1] - w[:, 1]))
        w = nxt
        if moved < 1e-5:
            break
    return centred, w[:, :2]


def project(centred, observed, axes, mod_out):
    m = observed.shape[1]
    seen = np.asarray(observed[:, ~mod_out].sum(axis=1)).ravel() + mod_out.sum()
    return (centred @ axes) * np.sqrt(m / np.maximum(seen, 1))[:, None]


def in_conversation(observed):
    votes = np.diff(observed.indptr)
    inside = votes >= min(7, observed.shape[1])
    if inside.sum() < 15:
        order = np.lexsort((np.arange(len(votes)), -votes))
        inside[order[:min(15, len(votes))]] = True
    return np.flatnonzero(inside)


def first_distinct(points, k):
    _, first = np.unique(points, axis=0, return_index=True)
    return points[np.sort(first)[:k]]


def cluster(points):
    base = KMeans(n_clusters=min(100, len(points)), init=first_distinct(points, 100), n_init=1,
                  max_iter=100, algorithm="lloyd").fit(points)
    centers = base.cluster_centers_
    weights = np.bincount(base.labels_, minlength=len(centers))
    keep = weights > 0
    centers, weights = centers[keep], weights[keep]
    remap = np.cumsum(keep) - 1
    best = (-2, None, 0)
    for k in range(2, min(5, 2 + len(centers) // 12, len(centers)) + 1):
        groups = KMeans(n_clusters=k, init=first_distinct(centers, k), n_init=1,
                        max_iter=20, algorithm="lloyd").fit(centers, sample_weight=weights)
        if len(set(groups.labels_)) < 2:
            continue
        score = silhouette_score(centers, groups.labels_)
        if score > best[0]:
            best = (score, groups.labels_, k)
    return best[1][remap[base.labels_]], best[2]


def prop_test(n, ns):
    return 2 * np.sqrt(ns + 1) * ((n + 1) / (ns + 1) - 0.5)


def two_prop_test(n, ns, rest, rest_ns):
    a, b, x, y = n + 1, rest + 1, ns + 1, rest_ns + 1
    pooled = (a + b) / (x + y)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (a / x - b / y) / np.sqrt(pooled * (1 - pooled) * (1 / x + 1 / y))
    return np.where(pooled == 1, 0, np.nan_to_num(z))


def statistics(observed, value, mod_out, rows, labels, k):
    n = observed.shape[0]
    membership = sp.csr_matrix((np.ones(len(rows)), (labels, rows)), shape=(k, n))
    agree_matrix = value.copy()
    agree_matrix.data = (value.data > 0).astype(float)
    disagree_matrix = value.copy()
    disagree_matrix.data = (value.data < 0).astype(float)
    na = (membership @ agree_matrix).toarray()
    nd = (membership @ disagree_matrix).toarray()
    ns = (membership @ observed).toarray()
    rest_a, rest_d, rest_s = na.sum(0) - na, nd.sum(0) - nd, ns.sum(0) - ns
    pa, pd_ = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
    pat, pdt = prop_test(na, ns), prop_test(nd, ns)
    ra, rd = pa / ((rest_a + 1) / (rest_s + 2)), pd_ / ((rest_d + 1) / (rest_s + 2))
    rat, rdt = two_prop_test(na, ns, rest_a, rest_s), two_prop_test(nd, ns, rest_d, rest_s)
    repness = {}
    for g in range(k):
        agree_side = rat[g] > rdt[g]
        metric = np.where(agree_side, ra[g] * rat[g] * pa[g] * pat[g],
                          rd[g] * rdt[g] * pd_[g] * pdt[g])
        significant = ((rat[g] > Z90) & (pat[g] > Z90)) | ((rdt[g] > Z90) & (pdt[g] > Z90))
        significant &= ~mod_out
        chosen = np.flatnonzero(significant)
        chosen = chosen[np.argsort(-metric[chosen], kind="stable")][:5]
        repness[g] = [(int(c), bool(agree_side[c])) for c in chosen]
    totals_a = np.asarray(agree_matrix.sum(0)).ravel()
    totals_d = np.asarray(disagree_matrix.sum(0)).ravel()
    totals_s = np.asarray(observed.sum(0)).ravel()
    consensus = {}
    for side, counts in (("agree", totals_a), ("disagree", totals_d)):
        p, test = (counts + 1) / (totals_s + 2), prop_test(counts, totals_s)
        ok = np.flatnonzero((p > 0.5) & (test > Z90) & ~mod_out)
        consensus[side] = ok[np.argsort(-(p * test)[ok], kind="stable")][:5]
    gic = np.prod((na + 1) / (ns + 2), axis=0)
    return repness, consensus, gic


def update(observed, value, mod_out):
    centred, axes = pca(observed, value, mod_out)
    points = project(centred, observed, axes, mod_out)
    rows = in_conversation(observed)
    labels, k = cluster(points[rows])
    statistics(observed, value, mod_out, rows, labels, k)
    return k


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    observed, value, mod_out, _ = load(args.dir)
    load_seconds = time.perf_counter() - start
    runs, k = [], 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        k = update(observed, value, mod_out)
        runs.append(time.perf_counter() - start)
    print(json.dumps({"load_seconds": round(load_seconds, 4),
                      "full_seconds": round(float(np.median(runs)), 5),
                      "full_runs": [round(r, 5) for r in runs], "k": k}))


if __name__ == "__main__":
    main()
