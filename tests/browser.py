"""A real browser for the web-page tests: Debian's chromium, headless, driven over its DevTools pipe.

`--remote-debugging-pipe` makes chromium read DevTools commands from fd 3 and write answers to
fd 4, each message JSON ended by a NUL byte: no port, no websocket library, no race with other
processes on the machine. One browser serves a whole test module; each `look` opens a fresh
tab at the given width, loads the page, waits for its load event and layout, then reads the
page's geometry and paragraph texts (Runtime.evaluate) and takes a PNG (Page.captureScreenshot).
The page itself holds no script: the test's JavaScript runs from outside.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# The flags the machine note gives for headless chromium in CI: no sandbox (containers), no GPU,
# no network chatter, a profile of its own.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)

# What a test reads from the laid-out page: its widths, and the text of every paragraph-like
# element in document order (innerText: what a reader sees, laid out).
PAGE_FACTS = """
(() => {
  const blocks = Array.from(document.querySelectorAll('h1, h2, h3, h4, p, li'));
  return JSON.stringify({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    bodyHeight: document.body.scrollHeight,
    paragraphs: blocks.map(e => e.innerText),
    widest: Math.max(...Array.from(document.querySelectorAll('body *')).map(e => e.getBoundingClientRect().right)),
    nameLines: (() => {
      const name = document.querySelector('h1');
      if (!name) return 0;
      const range = document.createRange();
      range.selectNodeContents(name);
      return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
    })(),
  });
})()
"""


def find_chromium() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class Look:
    """A page as the browser laid it out at one width."""

    width: int
    scroll_width: int
    client_width: int
    height: int
    widest: float
    paragraphs: list[str]
    png: bytes
    name_lines: int = 0  # lines the bulletin's name (the page's h1) takes


class Browser:
    """One headless chromium, spoken to over the DevTools pipe."""

    def __init__(self, executable: str, timeout: float = 60):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="zhoubao-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # The child's fd 3 is what we write into, fd 4 what we read from.
        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=_dup_to(to_browser_r, from_browser_w),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    # -- the protocol
    def _send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._events.append(message)

    def wait_for(self, event: str, session: str) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            for index, message in enumerate(self._events):
                if message.get("method") == event and message.get("sessionId") == session:
                    del self._events[index]
                    return
            self._events.append(self._receive(deadline))

    # -- what the tests use
    def look(self, page: Path, width: int, height: int = 844, mobile: bool = True) -> Look:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            self.call(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
                session,
            )
            self.call("Page.enable", session=session)
            self.call("Page.navigate", {"url": page.resolve().as_uri()}, session)
            self.wait_for("Page.loadEventFired", session)
            facts = json.loads(
                self.call("Runtime.evaluate", {"expression": PAGE_FACTS, "returnByValue": True}, session)["result"][
                    "value"
                ]
            )
            shot = self.call("Page.captureScreenshot", {"format": "png"}, session)
            return Look(
                width=width,
                scroll_width=facts["scrollWidth"],
                client_width=facts["clientWidth"],
                height=facts["bodyHeight"],
                widest=facts["widest"],
                paragraphs=facts["paragraphs"],
                png=base64.b64decode(shot["data"]),
                name_lines=facts["nameLines"],
            )
        finally:
            self.call("Target.closeTarget", {"targetId": target})

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)


def _dup_to(read_end: int, write_end: int):  # type: ignore[no-untyped-def]
    """In the child: our pipe ends become fd 3 (chromium reads) and fd 4 (chromium writes)."""

    def setup() -> None:
        import fcntl

        # First out of the way (either end may itself be fd 3 or 4), then into place.
        high_read, high_write = fcntl.fcntl(read_end, fcntl.F_DUPFD, 10), fcntl.fcntl(write_end, fcntl.F_DUPFD, 10)
        os.dup2(high_read, 3)
        os.dup2(high_write, 4)

    return setup
