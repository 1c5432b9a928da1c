#!/usr/bin/env python3
"""Rebuild examples/notebook.ipynb from examples/notebook.py (`# %%` cells), so the two
never drift apart. CI checks that the committed .ipynb matches."""
import json
import sys
from pathlib import Path

src = Path(__file__).with_name("notebook.py").read_text(encoding="utf-8")
cells = []
for chunk in src.split("# %%")[1:]:
    kind = "markdown" if chunk.startswith(" [markdown]") else "code"
    body = chunk.split("\n", 1)[1] if "\n" in chunk else ""
    lines = body.strip("\n").splitlines()
    if kind == "markdown":
        lines = [l[2:] if l.startswith("# ") else l.lstrip("#") for l in lines]
    text = [l + "\n" for l in lines]
    if text:
        text[-1] = text[-1].rstrip("\n")
    cell = {"cell_type": kind, "metadata": {}, "source": text}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    cells.append(cell)
nb = {
    "cells": cells,
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}
text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
target = Path(__file__).with_name("notebook.ipynb")
if "--check" in sys.argv:
    sys.exit(0 if target.exists() and target.read_text(encoding="utf-8") == text else "notebook.ipynb is out of date: run examples/make_ipynb.py")
target.write_text(text, encoding="utf-8")
