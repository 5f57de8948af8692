"""A small Chrome DevTools Protocol client: start headless Chromium, open
one page, navigate, read its text. Used by the `bekijk` test and benchmark.
Needs `websocket-client`."""

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket


class Chromium:
    def __init__(self, pad):
        self.profiel = tempfile.mkdtemp(prefix="draaiboek-cdp-")
        self.proc = subprocess.Popen(
            [
                pad, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + self.profiel,
                "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--window-size=1200,1600", "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        poort = self._poort()
        doelen = json.load(urllib.request.urlopen(f"http://127.0.0.1:{poort}/json/list", timeout=10))
        pagina = next(d for d in doelen if d["type"] == "page")
        self.ws = websocket.create_connection(pagina["webSocketDebuggerUrl"], timeout=10)
        self.volgnummer = 0
        self.gebeurtenissen = []
        for domein in ("Page", "Runtime", "Log"):
            self.roep(domein + ".enable")

    def _poort(self):
        bestand = os.path.join(self.profiel, "DevToolsActivePort")
        einde = time.time() + 20
        while time.time() < einde:
            if os.path.exists(bestand):
                regels = open(bestand).read().split("\n")
                if regels and regels[0].strip():
                    return int(regels[0])
            time.sleep(0.05)
        raise RuntimeError("chromium gaf geen DevTools-poort")

    def stuur(self, methode, **params):
        """Send a command without waiting; `antwoord` collects the result."""
        self.volgnummer += 1
        self.ws.send(json.dumps({"id": self.volgnummer, "method": methode, "params": params}))
        return self.volgnummer

    def antwoord(self, nummer, methode="?"):
        for i, g in enumerate(self.gebeurtenissen):
            if g.get("id") == nummer:
                bericht = self.gebeurtenissen.pop(i)
                break
        else:
            while True:
                bericht = json.loads(self.ws.recv())
                if bericht.get("id") == nummer:
                    break
                self.gebeurtenissen.append(bericht)
        if "error" in bericht:
            raise RuntimeError(f"{methode}: {bericht['error']}")
        return bericht.get("result", {})

    def roep(self, methode, **params):
        return self.antwoord(self.stuur(methode, **params), methode)

    def wacht_op(self, methode, max_s=10.0):
        """The next event `methode` (earlier ones already received count)."""
        einde = time.time() + max_s
        while True:
            for i, g in enumerate(self.gebeurtenissen):
                if g.get("method") == methode:
                    return self.gebeurtenissen.pop(i)
            rest = einde - time.time()
            if rest <= 0:
                raise TimeoutError(methode)
            self.ws.settimeout(rest)
            try:
                self.gebeurtenissen.append(json.loads(self.ws.recv()))
            finally:
                self.ws.settimeout(10)

    def ga_naar(self, url):
        self.gebeurtenissen = [g for g in self.gebeurtenissen if g.get("method") != "Page.loadEventFired"]
        self.roep("Page.navigate", url=url)
        self.wacht_op("Page.loadEventFired")

    def js(self, expressie):
        r = self.roep("Runtime.evaluate", expression=expressie, returnByValue=True)
        return r.get("result", {}).get("value")

    def tekst(self):
        """The page's visible text; empty while a reload is under way."""
        try:
            return self.js("document.body ? document.body.innerText : ''") or ""
        except RuntimeError:
            return ""

    def meldingen(self):
        """Console and browser log lines received so far (CSP violations land here)."""
        uit = []
        for g in self.gebeurtenissen:
            if g.get("method") == "Log.entryAdded":
                uit.append(g["params"]["entry"].get("text", ""))
            elif g.get("method") == "Runtime.consoleAPICalled":
                uit.append(" ".join(str(a.get("value", "")) for a in g["params"].get("args", [])))
        return uit

    def sluit(self):
        try:
            self.ws.close()
        finally:
            self.proc.kill()
            self.proc.wait()
            shutil.rmtree(self.profiel, ignore_errors=True)
