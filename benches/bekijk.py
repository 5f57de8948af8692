"""Latency of `draaiboek bekijk`: from saving the session file to the new
content on the open page, in headless Chromium; median over repeated edits.

Two figures per edit, both starting at the moment the file is written:
  - event: the page's event stream announces a new rendering (file watch,
    render in memory, push), measured with a plain socket;
  - page:  the open agenda in Chromium shows the new start time (the above,
    plus the page fetching itself and swapping in the new document), seen by
    a MutationObserver in the page, over the DevTools protocol.

Usage: python benches/bekijk.py DRAAIBOEK CHROMIUM [EDITS]
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "clients"))
from cdp import Chromium  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def versie(poort):
    with socket.create_connection(("127.0.0.1", poort)) as s:
        s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{poort}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return int(re.search(rb'data-versie="(\d+)"', data).group(1))


def zet_tijd(pad, tekst, uur, minuut):
    nieuw = re.sub(r"(?m)^begintijd = .*$", f"begintijd = {uur:02}:{minuut:02}:00", tekst)
    with open(pad, "w", encoding="utf-8") as f:
        f.write(nieuw)


def main():
    draaiboek, chromium = sys.argv[1:3]
    keer = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    tmp = tempfile.mkdtemp(prefix="draaiboek-bekijk-bench-")
    sessie = os.path.join(tmp, "zeist.toml")
    shutil.copy(os.path.join(ROOT, "examples", "zeist.toml"), sessie)
    tekst = open(sessie, encoding="utf-8").read()
    server = subprocess.Popen(
        [draaiboek, "bekijk", sessie, "--vandaag", "2027-01-15"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    url = server.stdout.readline().strip()
    poort = int(url.rsplit(":", 1)[1].strip("/"))
    browser = Chromium(chromium)
    event_ms, pagina_ms = [], []
    try:
        # 1. The event stream alone.
        for i in range(keer):
            v = versie(poort)
            s = socket.create_connection(("127.0.0.1", poort))
            s.sendall(f"GET /_bekijk/gebeurtenissen?versie={v} HTTP/1.1\r\nHost: 127.0.0.1:{poort}\r\n\r\n".encode())
            data = b""
            while b"retry:" not in data:
                data += s.recv(4096)
            begin = time.perf_counter()
            zet_tijd(sessie, tekst, 9, i)
            while b"event: vernieuw" not in data:
                data += s.recv(4096)
            event_ms.append((time.perf_counter() - begin) * 1000)
            s.close()
            time.sleep(0.1)

        # 2. The open page in Chromium. A promise in the page resolves as
        # soon as its text shows the new time (the page swaps in the new
        # document itself); it is in place before the file is written.
        browser.ga_naar(url + "agenda.html")
        for i in range(keer):
            time.sleep(0.15)
            nieuw = f"{10 + i // 60:02}:{i % 60:02}"
            wacht = (
                "new Promise(function (klaar) {"
                f"  var ok = function () {{ return document.body && document.body.innerText.indexOf('{nieuw}') >= 0; }};"
                "  if (ok()) { klaar(1); return; }"
                "  var m = new MutationObserver(function () { if (ok()) { m.disconnect(); klaar(1); } });"
                "  m.observe(document, {subtree: true, childList: true, characterData: true});"
                "})"
            )
            nummer = browser.stuur("Runtime.evaluate", expression=wacht, awaitPromise=True, returnByValue=True)
            browser.js("1")  # commands run in order: the observer is now in place
            begin = time.perf_counter()
            zet_tijd(sessie, tekst, 10 + i // 60, i % 60)
            browser.antwoord(nummer, "wachten op de nieuwe tijd")
            pagina_ms.append((time.perf_counter() - begin) * 1000)
    finally:
        browser.sluit()
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)

    def regel(naam, xs):
        xs = sorted(xs)
        p90 = xs[int(0.9 * (len(xs) - 1))]
        return (f"| {naam} | {statistics.median(xs):.1f} ms | {xs[0]:.1f} ms | {p90:.1f} ms | {xs[-1]:.1f} ms |")

    print(f"bekijk: bewaren → nieuwe inhoud, {keer} keer (zeist.toml, release)")
    print("| van bewaren tot | mediaan | min | p90 | max |")
    print("| --- | --- | --- | --- | --- |")
    print(regel("bericht aan de pagina (server-sent event)", event_ms))
    print(regel("nieuwe tijd in de open agenda (Chromium)", pagina_ms))


if __name__ == "__main__":
    main()
