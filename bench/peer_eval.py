#!/usr/bin/env python3
"""Score the Python peer's pair table against a gold file, the way `bilat eval` scores bilat.

The peer (../shared/peers/peer_regex.py) writes one row per unordered country pair that
shares a sentence, with the mean VADER compound of those sentences. Here a pair is right
when the gold lists it for that article; its sentiment label uses VADER's own cut-offs
(>= 0.05 positive, <= -0.05 negative). The peer assigns no sectors, so none are scored.

Usage: peer_eval.py GOLD.jsonl PEER_pairs.csv
"""
import csv
import json
import sys


def label(score: float) -> int:
    return 1 if score >= 0.05 else (-1 if score <= -0.05 else 0)


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gold_path, pred_path = sys.argv[1], sys.argv[2]
    gold, dates = {}, {}
    for line in open(gold_path, encoding="utf-8"):
        if not line.strip():
            continue
        g = json.loads(line)
        dates[g["id"]] = g.get("date")
        for p in g["pairs"]:
            a, b = sorted((p["a"], p["b"]))
            gold[(g["id"], a, b)] = p["sentiment"]
    pred, pred_dates = {}, {}
    for r in csv.DictReader(open(pred_path, encoding="utf-8")):
        if r["article_id"] not in dates:
            continue
        a, b = sorted((r["country_a"], r["country_b"]))
        pred[(r["article_id"], a, b)] = float(r["sentiment"] or 0)
        pred_dates[r["article_id"]] = r.get("date")
    tp = sum(1 for k in pred if k in gold)
    fp, fn = len(pred) - tp, len(gold) - tp
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    right = sum(1 for k in pred if k in gold and label(pred[k]) == gold[k])
    dated = [i for i, d in dates.items() if d and i in pred_dates]
    print(f"country pairs   P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    print(f"sentiment acc.  {right / tp if tp else 0:.3f} (n={tp})")
    if dated:
        ok = sum(1 for i in dated if pred_dates[i] == dates[i])
        print(f"date acc.       {ok / len(dated):.3f} (n={len(dated)}, articles with a pair)")


if __name__ == "__main__":
    main()
