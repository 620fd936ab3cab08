#!/usr/bin/python3
"""Baseline for the near-duplicate benchmark (issue 6): MinHash LSH the way the datasketch
community does it, written with care: NFKC + case folding, word 5-gram shingles (character
4-grams for Chinese), each shingle hashed with datasketch's sha1_hash32, numpy-vectorised
permutation hashing ((a * h + b) mod (2^61 - 1)) over a whole batch of comments at once, banded
LSH with datasketch's optimal (bands, rows) for the threshold, candidates verified on the
estimated Jaccard, union-find clusters, and an exact-duplicate dictionary in front.

Usage: /usr/bin/python3 baseline.py CORPUS.jsonl [--threshold 0.8] [--min-campaign 10]
Reads the lines written by `dedup_bench --write-corpus`; prints throughput and the same pairwise
precision and recall of campaign membership as the C++ bench.
"""
import argparse
import hashlib
import json
import re
import struct
import sys
import time
import unicodedata
from collections import Counter, defaultdict

import numpy as np

MERSENNE_PRIME = np.uint64((1 << 61) - 1)
MAX_HASH = np.uint64((1 << 32) - 1)
WORD = re.compile(r"\w+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def sha1_hash32(data):
    """datasketch.hashfunc.sha1_hash32."""
    return struct.unpack("<I", hashlib.sha1(data).digest()[:4])[0]


def normalise(text):
    """NFKC + case folding, then the words (punctuation and spaces dropped)."""
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(tokens, words=5, chars=4):
    if not tokens:
        return []
    joined = "".join(tokens)
    if len(CJK.findall(joined)) * 2 > len(joined):
        size = min(chars, len(joined))
        grams = {joined[i:i + size] for i in range(len(joined) - size + 1)}
    else:
        size = min(words, len(tokens))
        grams = {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}
    return [g.encode("utf-8") for g in grams]


def optimal_param(threshold, num_perm, fp_weight=0.5, fn_weight=0.5):
    """datasketch.lsh._optimal_param, integrating with numpy instead of scipy."""
    def area(b, r, lo, hi, false_negative):
        s = np.linspace(lo, hi, 201)
        p = 1.0 - (1.0 - s ** float(r)) ** float(b)
        return np.trapz(1.0 - p if false_negative else p, s)
    best, best_error = (1, num_perm), float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            error = (fp_weight * area(b, r, 0.0, threshold, False)
                     + fn_weight * area(b, r, threshold, 1.0, True))
            if error < best_error:
                best, best_error = (b, r), error
    return best


class MinHasher:
    def __init__(self, num_perm=128, seed=1):
        generator = np.random.RandomState(seed)
        self.a = generator.randint(1, MERSENNE_PRIME, size=num_perm, dtype=np.uint64)
        self.b = generator.randint(0, MERSENNE_PRIME, size=num_perm, dtype=np.uint64)

    def signatures(self, batch):
        """One signature per shingle list, the permutations applied to the whole batch at once."""
        lengths = np.array([len(s) for s in batch], dtype=np.int64)
        hashes = np.fromiter((sha1_hash32(g) for s in batch for g in s), dtype=np.uint64,
                             count=int(lengths.sum()))
        with np.errstate(over="ignore"):
            permuted = np.bitwise_and((hashes[:, None] * self.a + self.b) % MERSENNE_PRIME,
                                      MAX_HASH)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        return np.minimum.reduceat(permuted, starts, axis=0)


class UnionFind:
    def __init__(self):
        self.parent = []

    def add(self):
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x):
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def cluster(texts, threshold, num_perm=128, batch_size=100):
    bands, rows = optimal_param(threshold, num_perm)
    hasher = MinHasher(num_perm)
    sets = UnionFind()
    exact = {}
    tables = [defaultdict(list) for _ in range(bands)]
    signatures = []
    for start in range(0, len(texts), batch_size):
        batch_ids, batch_shingles = [], []
        for i in range(start, min(start + batch_size, len(texts))):
            sets.add()
            tokens = normalise(texts[i])
            key = " ".join(tokens)
            if key in exact:
                sets.union(i, exact[key])
                signatures.append(None)
                continue
            exact[key] = i
            s = shingles(tokens)
            signatures.append(None)
            if s:
                batch_ids.append(i)
                batch_shingles.append(s)
        if not batch_ids:
            continue
        for i, signature in zip(batch_ids, hasher.signatures(batch_shingles)):
            signatures[i] = signature
            for band in range(bands):
                key = bytes(signature[band * rows:(band + 1) * rows].byteswap().data)
                bucket = tables[band][key]
                for other in bucket[:8]:
                    if sets.find(other) != sets.find(i) and \
                            np.count_nonzero(signatures[other] == signature) >= threshold * num_perm:
                        sets.union(i, other)
                bucket.append(i)
    return [sets.find(i) for i in range(len(texts))], (bands, rows)


def pair_scores(truth, predicted):
    def pairs(counts):
        return sum(n * (n - 1) // 2 for n in counts.values())
    both = Counter((t, p) for t, p in zip(truth, predicted) if t >= 0 and p >= 0)
    agreeing = pairs(both)
    true_pairs = pairs(Counter(t for t in truth if t >= 0))
    predicted_pairs = pairs(Counter(p for p in predicted if p >= 0))
    return (agreeing / predicted_pairs if predicted_pairs else 1.0,
            agreeing / true_pairs if true_pairs else 1.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--min-campaign", type=int, default=10)
    args = parser.parse_args()
    texts, labels = [], []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            texts.append(record["text"])
            labels.append(record.get("campaign", -1))
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    began, began_cpu = time.perf_counter(), time.process_time()
    roots, (bands, rows) = cluster(texts, args.threshold)
    seconds = time.perf_counter() - began
    cpu_seconds = time.process_time() - began_cpu
    sizes = Counter(roots)
    predicted = [r if sizes[r] >= args.min_campaign else -1 for r in roots]
    true_sizes = Counter(labels)
    truth = [t if t >= 0 and true_sizes[t] >= args.min_campaign else -1 for t in labels]
    precision, recall = pair_scores(truth, predicted)
    print(f"baseline {len(texts)}: {megabytes:.1f} MB, {seconds:.2f} s (CPU {cpu_seconds:.2f} s), "
          f"{len(texts) / seconds:.0f} comments/s (bands {bands} x rows {rows}), "
          f"pairwise precision {precision:.4f}, recall {recall:.4f}")
    print(f"RESULT baseline={len(texts)} seconds={seconds:.3f} cpu_seconds={cpu_seconds:.3f} "
          f"throughput={len(texts) / seconds:.0f} cpu_throughput={len(texts) / cpu_seconds:.0f} "
          f"precision={precision:.5f} recall={recall:.5f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
