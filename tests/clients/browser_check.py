"""Look at HTML files in headless Chromium over the DevTools protocol; print JSON facts.

Usage: browser_check.py CHROMIUM axe AXE_MIN_JS FILE...
       browser_check.py CHROMIUM overflow FILE...
Starts one headless Chromium, opens each file in a new tab and
- axe: injects axe.min.js (the npm package axe-core) with Runtime.evaluate and
  runs `axe.run(document)`; per file a list of violations (id, impact, help,
  up to five offending nodes);
- overflow: with print media emulated, lists every printed box (card, tag,
  table tent, field) whose content is larger than the box, and every text
  line that sticks out of its box.
Prints {"FILE": [...], ...}. The assertions live in the Rust tests; this
script only reports what the browser sees.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket


def devtools_port(profile, proc):
    marker = pathlib.Path(profile) / "DevToolsActivePort"
    for _ in range(300):
        if marker.exists():
            lines = marker.read_text().split()
            if lines:
                return int(lines[0])
        if proc.poll() is not None:
            sys.exit(f"chromium stopte meteen (code {proc.returncode})")
        time.sleep(0.05)
    sys.exit("chromium opende geen DevTools-poort binnen 15 s")


class Tab:
    def __init__(self, port, url):
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/json/new?{url}", method="PUT"
        )
        info = json.load(urllib.request.urlopen(req, timeout=10))
        self.port, self.id = port, info["id"]
        self.ws = websocket.create_connection(
            info["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg["result"]

    def evaluate(self, expression, await_promise=False):
        r = self.call(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=await_promise,
            returnByValue=True,
        )
        if "exceptionDetails" in r:
            raise RuntimeError(json.dumps(r["exceptionDetails"])[:500])
        return r["result"].get("value")

    def close(self):
        self.ws.close()
        urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/close/{self.id}", timeout=10)


RUN = """
axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(
  r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160)}))
  }))))
"""


# Boxes of the printed documents, and the elements inside that must stay inside.
OVERFLOW = """
(() => {
  const boxes = document.querySelectorAll('.slot, .tent, .helft, .bordje, .speelkaart, .kolomkop, .vak, .pagina, .vel, .invul');
  const out = [];
  const name = e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '');
  for (const b of boxes) {
    if (b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1) {
      out.push({box: name(b), text: b.innerText.slice(0, 80), scroll: [b.scrollWidth, b.scrollHeight], client: [b.clientWidth, b.clientHeight]});
      continue;
    }
    const r = b.getBoundingClientRect();
    for (const t of b.querySelectorAll('p, li, span, h2, h3, div')) {
      const q = t.getBoundingClientRect();
      if (q.width === 0 && q.height === 0) continue;
      if (q.left < r.left - 1 || q.right > r.right + 1 || q.top < r.top - 1 || q.bottom > r.bottom + 1) {
        out.push({box: name(b), inner: name(t), text: t.innerText.slice(0, 80)});
        break;
      }
    }
  }
  return JSON.stringify(out);
})()
"""


def main():
    chromium, mode = sys.argv[1], sys.argv[2]
    if mode == "axe":
        axe_source, files = pathlib.Path(sys.argv[3]).read_text(), sys.argv[4:]
    elif mode == "overflow":
        axe_source, files = None, sys.argv[3:]
    else:
        sys.exit(f"onbekende soort controle: {mode}")
    profile = tempfile.mkdtemp(prefix="axe-profile-")
    proc = subprocess.Popen(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--window-size=1280,1600",
            "--remote-debugging-port=0",
            "--remote-allow-origins=*",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out = {}
    try:
        port = devtools_port(profile, proc)
        for f in files:
            tab = Tab(port, pathlib.Path(os.path.abspath(f)).as_uri())
            try:
                # A new tab is about:blank (and "complete") before the file loads.
                ready = "document.readyState === 'complete' && location.protocol === 'file:'"
                for _ in range(1000):
                    if tab.evaluate(ready):
                        break
                    time.sleep(0.02)
                else:
                    sys.exit(f"{f} laadde niet binnen 20 s")
                if mode == "axe":
                    # Inject and run in one go: nothing can reload the page in between.
                    out[f] = json.loads(tab.evaluate(axe_source + "\n;" + RUN, await_promise=True))
                else:
                    tab.call("Emulation.setEmulatedMedia", media="print")
                    out[f] = json.loads(tab.evaluate(OVERFLOW))
            finally:
                tab.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
