#!/usr/bin/env python3
"""Input helpers for bench.sh (standard library only).

  prepare.py stats FILE.jsonl
      print JSON: records, articles (records with a non-empty body), bytes of
      title + "\\n" + body in UTF-8 over those articles (peer_common.raw_bytes),
      and the same byte sum over all records.
  prepare.py replicate FILE.jsonl K OUT.jsonl
      write K copies of FILE one after the other; every record of copy k
      (k = 1..K) gets the id "<id>-r<k>" (records without an id get
      "line<N>-r<k>"); all other fields are kept as they are.
"""
import json
import sys


def raw_bytes(rec):
    # same measure as ../shared/peers/peer_common.py raw_bytes()
    return len(((rec.get("title") or "") + "\n" + (rec.get("body") or "")).encode("utf-8"))


def stats(path):
    records = articles = art_bytes = all_bytes = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            records += 1
            n = raw_bytes(rec)
            all_bytes += n
            body = rec.get("body")
            if isinstance(body, str) and body.strip():
                articles += 1
                art_bytes += n
    json.dump({"records": records, "articles": articles, "article_bytes": art_bytes,
               "all_record_bytes": all_bytes}, sys.stdout)
    print()


def replicate(path, k, out):
    # Serialise every record once as (id, rest-of-object); each copy is then only a
    # string concatenation, so 100 copies are I/O bound.
    pieces = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            rid = rec.pop("id", None)
            rid = f"line{n}" if rid is None else str(rid)
            rest = json.dumps(rec, ensure_ascii=False)[1:]  # drop the leading "{"
            pieces.append((rid, rest if rec else "}"))
    with open(out, "w", encoding="utf-8") as w:
        for r in range(1, k + 1):
            suffix = f"-r{r}"
            w.write("".join(
                '{"id": ' + json.dumps(rid + suffix) + (", " if rest != "}" else "") + rest + "\n"
                for rid, rest in pieces))


def main(argv):
    if len(argv) == 2 and argv[0] == "stats":
        stats(argv[1])
    elif len(argv) == 4 and argv[0] == "replicate":
        replicate(argv[1], int(argv[2]), argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
