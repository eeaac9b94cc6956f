"""Headless Chromium, driven over the DevTools protocol on a pipe, for the few tests that need
JavaScript (the report's quick exit). Tests that use it are skipped where there is no Chromium.
"""

import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
from typing import Any

CHROMIUM = next(
    (
        found
        for name in ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)


class Browser:
    """One headless Chromium with one tab; `--remote-debugging-pipe` talks on fds 3 and 4."""

    def __init__(self) -> None:
        assert CHROMIUM is not None
        self._to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, self._from_chrome_w = os.pipe()
        self._profile = tempfile.mkdtemp()
        self._process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-pipe",
                f"--user-data-dir={self._profile}",
                "about:blank",
            ],
            preexec_fn=self._pipes_on_3_and_4,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(self._to_chrome_r)
        os.close(self._from_chrome_w)
        self._ids = itertools.count(1)
        self._buffer = b""
        target = self._send("Target.createTarget", {"url": "about:blank"})
        attached = self._send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        self._session = attached["sessionId"]

    def _pipes_on_3_and_4(self) -> None:
        reading, writing = os.dup(self._to_chrome_r), os.dup(self._from_chrome_w)
        os.dup2(reading, 3)
        os.dup2(writing, 4)
        os.set_inheritable(3, True)
        os.set_inheritable(4, True)

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        message_id = next(self._ids)
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._from_chrome, 65536)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply.get("result", {})

    def command(self, method: str, params: dict | None = None) -> dict:
        """A DevTools command to the tab."""
        return self._send(method, params, self._session)

    def run(self, script: str) -> Any:
        """Evaluate JavaScript in the tab and return its value."""
        result = self.command(
            "Runtime.evaluate", {"expression": script, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def open(self, url: str) -> None:
        """Go to a URL as if typed in the address bar, and wait for it to load."""
        self.command("Page.navigate", {"url": url})
        self.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete'")

    def wait_for(self, condition: str, timeout: float = 10) -> None:
        """Wait until a JavaScript condition holds in the tab."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.run(f"Boolean({condition})"):
                    return
            except RuntimeError:
                pass  # the page is changing under the script
            time.sleep(0.1)
        raise TimeoutError(f"never true: {condition}")

    def press(self, key: str, code: str, key_code: int) -> None:
        """Press and release one key."""
        for kind in ("keyDown", "keyUp"):
            event = {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code}
            self.command("Input.dispatchKeyEvent", event)

    def history(self) -> list[str]:
        """The URLs of the tab's history entries, oldest first."""
        entries = self.command("Page.getNavigationHistory")["entries"]
        return [entry["url"] for entry in entries]

    def back(self) -> None:
        """Press the browser's Back button."""
        history = self.command("Page.getNavigationHistory")
        previous = history["entries"][history["currentIndex"] - 1]
        self.command("Page.navigateToHistoryEntry", {"entryId": previous["id"]})

    def close(self) -> None:
        self._process.kill()
        self._process.wait(timeout=10)
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        shutil.rmtree(self._profile, ignore_errors=True)
