"""Independent facts for tests/naderhand.rs, read with Python's own parsers.

  naderhand.py deelnemers SESSIE.toml   -> the participants (TOML + CSV) as JSON
  naderhand.py tabellen FILE.html       -> per table: its rows of cell texts (html5lib, strict)
  naderhand.py links FILE.html          -> every href (html5lib, strict)
"""
import csv
import io
import json
import os
import sys
import tomllib

import html5lib


def ja_nee(v):
    v = (v or "").strip().lower()
    if v in ("ja", "j", "true", "waar", "1", "x", "yes"):
        return True
    if v in ("nee", "n", "false", "onwaar", "0", "no"):
        return False
    return None


def deelnemers(path):
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    out = []
    for d in doc.get("deelnemers", []):
        out.append({
            "naam": d["naam"], "email": d.get("email"),
            "elearning": d.get("elearning", False), "status": d.get("status", "uitgenodigd"),
            "delen": d.get("delen"), "aanwezig": d.get("aanwezig"),
        })
    csv_name = doc.get("bijeenkomst", {}).get("deelnemers_csv")
    if csv_name:
        text = open(os.path.join(os.path.dirname(path), csv_name), encoding="utf-8-sig").read()
        sep = ";" if text.splitlines()[0].count(";") >= text.splitlines()[0].count(",") else ","
        for row in csv.DictReader(io.StringIO(text), delimiter=sep):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items()}
            if not row.get("naam"):
                continue
            out.append({
                "naam": row["naam"], "email": row.get("email") or None,
                "elearning": bool(ja_nee(row.get("elearning"))),
                "status": (row.get("status") or "uitgenodigd").lower(),
                "delen": ja_nee(row.get("delen")), "aanwezig": ja_nee(row.get("aanwezig")),
            })
    return out


def parse(path):
    p = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return p.parse(open(path, "rb").read())


def text(el):
    return " ".join("".join(el.itertext()).split())


def tabellen(path):
    doc = parse(path)
    return [[[text(c) for c in tr if c.tag in ("td", "th")] for tr in t.iter("tr")] for t in doc.iter("table")]


def links(path):
    return [a.get("href") for a in parse(path).iter("a")]


if __name__ == "__main__":
    what, path = sys.argv[1], sys.argv[2]
    print(json.dumps({"deelnemers": deelnemers, "tabellen": tabellen, "links": links}[what](path), ensure_ascii=False))
