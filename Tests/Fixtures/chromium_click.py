#!/usr/bin/env python3
"""Clicks a button in headless Chromium as a person would, and reports the page it leads to.

Drives Debian's Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: commands on fd 3, answers
on fd 4, each a JSON object ended by a NUL byte), so no debugging port is opened. Opens URL, waits for it to load,
clicks the first element matching SELECTOR (a real mouse click at its centre, through Input.dispatchMouseEvent),
waits for the page the click navigates to, and prints that page's DOM. --screenshot FILE saves a PNG of it.

    chromium_click.py URL SELECTOR [--screenshot FILE] [--timeout SECONDS]

Exit 0 with the DOM on stdout; 2 when SELECTOR matches nothing; 1 on any other failure (message on stderr).
"""
import argparse
import base64
import fcntl
import json
import os
import subprocess
import sys
import tempfile
import time


class Chromium:
    def __init__(self, timeout):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="df-chromium-")
        to_chrome_read, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_write = os.pipe()
        # Above 4 first, so wiring one end to 3 or 4 never overwrites the other.
        high_read, high_write = fcntl.fcntl(to_chrome_read, fcntl.F_DUPFD, 10), fcntl.fcntl(from_chrome_write, fcntl.F_DUPFD, 10)
        os.close(to_chrome_read)
        os.close(from_chrome_write)
        to_chrome_read, from_chrome_write = high_read, high_write

        # The child sees the pipe ends as fd 3 (its commands) and fd 4 (its answers); subprocess closes every other
        # descriptor after this runs, except those in pass_fds.
        def wire():
            os.dup2(to_chrome_read, 3)
            os.dup2(from_chrome_write, 4)
        self.process = subprocess.Popen(
            ["/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--window-size=1280,1000", f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_read)
        os.close(from_chrome_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        wanted = self.next_id
        while True:
            reply = self.read()
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def read(self):
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_event(self, method, session):
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            for index, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    del self.events[index]
                    return event
            self.events.append(self.read())
        raise TimeoutError(f"no {method} within {self.timeout} s")

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        subprocess.run(["rm", "-rf", self.profile], check=False)


def evaluate(chrome, session, expression):
    result = chrome.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
    return result.get("result", {}).get("value")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("selector")
    parser.add_argument("--screenshot")
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    chrome = Chromium(args.timeout)
    try:
        target = chrome.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = chrome.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        chrome.send("Page.enable", session=session)
        chrome.send("Runtime.enable", session=session)
        chrome.send("Page.navigate", {"url": args.url}, session)
        chrome.wait_event("Page.loadEventFired", session)
        box = evaluate(chrome, session, f"""(() => {{
            const element = document.querySelector({json.dumps(args.selector)});
            if (!element) return null;
            element.scrollIntoView({{block: "center"}});
            const r = element.getBoundingClientRect();
            return {{x: r.left + r.width / 2, y: r.top + r.height / 2}};
        }})()""")
        if box is None:
            print(f"nothing matches {args.selector}", file=sys.stderr)
            return 2
        for kind in ("mousePressed", "mouseReleased"):
            chrome.send("Input.dispatchMouseEvent", {"type": kind, "x": box["x"], "y": box["y"], "button": "left",
                                                     "clickCount": 1}, session)
        chrome.wait_event("Page.loadEventFired", session)
        dom = evaluate(chrome, session, "document.documentElement.outerHTML")
        if args.screenshot:
            shot = chrome.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session)
            with open(args.screenshot, "wb") as handle:
                handle.write(base64.b64decode(shot["data"]))
        print(dom)
        return 0
    except Exception as error:
        print(f"chromium_click: {error}", file=sys.stderr)
        return 1
    finally:
        chrome.close()


if __name__ == "__main__":
    sys.exit(main())
