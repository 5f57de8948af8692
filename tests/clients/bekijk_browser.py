"""Drive `draaiboek bekijk` in headless Chromium, following a plan (JSON on
stdin) of steps; print what the page showed after each step (JSON).

Steps:
  {"ga": "/agenda.html"}                      navigate (the only navigation)
  {"js": "expr", "lees": "expr"}              run a script through DevTools, then read a value
  {"vervang": ["oud", "nieuw"]}               edit the session file, as an editor saves
  {"wacht_tot": "tekst", "zonder": "x", "binnen": 2.0}
                                              poll the page's text, never reloading it
Usage: python bekijk_browser.py CHROMIUM BASIS-URL SESSIE.toml < plan.json
"""

import json
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from cdp import Chromium  # noqa: E402


def main():
    chromium, basis, sessie = sys.argv[1:4]
    plan = json.load(sys.stdin)
    browser = Chromium(chromium)
    uit = []
    try:
        for stap in plan:
            if "ga" in stap:
                browser.ga_naar(basis.rstrip("/") + stap["ga"])
                uit.append({"stap": "ga", "tekst": browser.tekst()})
            elif "js" in stap:
                browser.js(stap["js"])
                time.sleep(0.2)
                uit.append({"stap": "js", "tekst": str(browser.js(stap["lees"]))})
            elif "vervang" in stap:
                oud, nieuw = stap["vervang"]
                tekst = open(sessie, encoding="utf-8").read()
                assert oud in tekst, f"{oud!r} staat niet in {sessie}"
                with open(sessie, "w", encoding="utf-8") as f:
                    f.write(tekst.replace(oud, nieuw, 1))
                uit.append({"stap": "vervang", "begin": time.monotonic()})
            elif "wacht_tot" in stap:
                begin = uit[-1].get("begin", time.monotonic())
                einde = begin + stap.get("binnen", 2.0)
                while True:
                    tekst = browser.tekst()
                    ok = stap["wacht_tot"] in tekst and not (stap.get("zonder") and stap["zonder"] in tekst)
                    if ok or time.monotonic() > einde:
                        break
                    time.sleep(0.02)
                uit.append({"stap": "wacht", "ok": ok, "ms": round((time.monotonic() - begin) * 1000), "tekst": tekst})
        uit.append({"stap": "meldingen", "regels": browser.meldingen()})
    finally:
        browser.sluit()
    json.dump(uit, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
