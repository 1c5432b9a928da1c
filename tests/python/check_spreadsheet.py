#!/usr/bin/env python3
"""Open the published CSVs the way a spreadsheet user does: LibreOffice (headless)
imports each as UTF-8 CSV and saves it as .xlsx; then check that dates arrived as dates,
numbers as numbers, and accented country names intact.

usage: check_spreadsheet.py OUTPUT_DIR
"""
import datetime
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

# comma, double quote, UTF-8, from line 1, no column formats, English (US), quoted
# fields as text, detect special numbers (ISO dates)
CSV_FILTER = "CSV:44,34,76,1,,1033,false,true"


def convert(csv: Path, outdir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is not installed"
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{outdir}/profile",
         f"--infilter={CSV_FILTER}", "--convert-to", "xlsx", "--outdir", str(outdir), str(csv)],
        check=True, capture_output=True, timeout=300,
    )
    return outdir / (csv.stem + ".xlsx")


def rows(xlsx: Path):
    ws = openpyxl.load_workbook(xlsx).active
    it = ws.iter_rows(values_only=True)
    header = [str(h).lstrip("\ufeff") for h in next(it)]
    return header, [dict(zip(header, r)) for r in it]


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        header, rel = rows(convert(out / "relations.csv", tmp))
        assert rel, "relations.csv has no rows"
        for r in rel:
            assert isinstance(r["date"], datetime.datetime), f"date is {type(r['date'])}: {r['date']!r}"
            assert isinstance(r["sentiment"], (int, float)), f"sentiment is {type(r['sentiment'])}"
            assert r["country_a"] < r["country_b"]
        print(f"ok  relations.csv  {len(rel)} rows: dates are dates, sentiment is numeric")
        _, arts = rows(convert(out / "articles.csv", tmp))
        for a in arts:
            assert isinstance(a["date"], datetime.datetime), a["date"]
            assert isinstance(a["n_sentences"], (int, float)), a["n_sentences"]
        print(f"ok  articles.csv   {len(arts)} rows: dates are dates, counts are numeric")
        _, countries = rows(convert(out / "countries.csv", tmp))
        names = {c["name"] for c in countries}
        for n in ["Côte d'Ivoire", "São Tomé and Príncipe", "Türkiye"]:
            assert n in names, f"{n} did not survive the spreadsheet import"
        print("ok  countries.csv  Côte d'Ivoire, São Tomé and Príncipe, Türkiye intact")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
