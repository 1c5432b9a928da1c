#!/usr/bin/env python3
"""Write the 35 BBC 2005 stories that eval/bbc2005_gold.jsonl annotates.

The corpus stays in ../shared (it is not copied into this repository); this script picks
the same stories from it by a fixed rule, so anyone can re-run the evaluation: categories
business and politics, sorted by id, bodies of at most 2,500 characters that name at least
two foreign (non-UK) countries from the fixed list below; the first 20 business and the
first 15 politics stories.

Usage: eval/select_bbc.py [CORPUS.jsonl.gz] > /tmp/bbc_sel.jsonl
"""
import gzip
import json
import re
import sys

NAMES = {
    "USA": r"United States|\bUS\b|\bU\.S\.|America\b", "CHN": r"China|Chinese", "JPN": r"Japan",
    "DEU": r"Germany|German\b", "FRA": r"France|French", "RUS": r"Russia", "IND": r"India\b|Indian",
    "BRA": r"Brazil", "IRQ": r"Iraq", "IRN": r"Iran\b", "ITA": r"Italy|Italian", "ESP": r"Spain|Spanish",
    "IRL": r"Ireland|Irish", "CAN": r"Canada", "AUS": r"Australia", "KOR": r"Korea", "ISR": r"Israel",
    "AFG": r"Afghanistan", "PAK": r"Pakistan", "TUR": r"Turkey\b|Turkish", "NLD": r"Netherlands|Dutch",
    "SWE": r"Sweden", "CHE": r"Switzerland|Swiss", "MEX": r"Mexico", "ARG": r"Argentin", "UKR": r"Ukrain",
    "ZAF": r"South Africa", "NGA": r"Nigeria", "EGY": r"Egypt", "SAU": r"Saudi", "POL": r"Poland|Polish",
    "BEL": r"Belgi", "GRC": r"Greece|Greek",
}
QUOTA = {"business": 20, "politics": 15}


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora/bbc_news_2005.jsonl.gz"
    docs = sorted((json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")), key=lambda d: d["id"])
    picked = {c: [] for c in QUOTA}
    for d in docs:
        c = d["category"]
        if c not in picked or len(picked[c]) >= QUOTA[c] or len(d["body"]) > 2500:
            continue
        text = d["title"] + " " + d["body"]
        if sum(1 for p in NAMES.values() if re.search(p, text)) >= 2:
            picked[c].append(d)
    for c in QUOTA:
        for d in picked[c]:
            print(json.dumps({"id": d["id"], "title": d["title"], "body": d["body"], "category": c}))


if __name__ == "__main__":
    main()
