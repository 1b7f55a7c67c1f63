"""A minimal Chrome DevTools Protocol client over a WebSocket, standard library only (the checks install nothing).

Enough for the dashboard check: start headless Chromium, open a page, evaluate JavaScript in it, take a screenshot.
"""
import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request


class CdpError(Exception):
    pass


class Page:
    """One page target's WebSocket (RFC 6455 client frames are masked; the browser's are not)."""

    def __init__(self, ws_url, timeout=60):
        url = urllib.parse.urlparse(ws_url)
        self.sock = socket.create_connection((url.hostname, url.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {url.path} HTTP/1.1\r\nHost: {url.hostname}:{url.port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise CdpError("the browser closed the DevTools connection during the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise CdpError(f"DevTools handshake refused: {head.decode(errors='replace')}")
        self.next_id = 0

    def _send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        if len(data) < 126:
            header += bytes([0x80 | len(data)])
        elif len(data) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise CdpError("the browser closed the DevTools connection")
            data += chunk
        return data

    def _message(self):
        payload = b""
        while True:
            b1, b2 = self._exact(2)
            length = b2 & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._exact(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._exact(8))[0]
            data = self._exact(length)
            opcode = b1 & 0x0F
            if opcode == 0x8:
                raise CdpError("the browser closed the DevTools connection")
            if opcode == 0x9:  # ping: answer, keep reading
                continue
            payload += data
            if b1 & 0x80:
                return json.loads(payload.decode())

    def call(self, method, **params):
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = self._message()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise CdpError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        """The value of a JavaScript expression (awaited when it is a promise)."""
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            why = result["exceptionDetails"].get("exception", {}).get("description")
            raise CdpError(f"{expression[:80]}...: {why}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout_s, what):
        """Polls an expression until it is truthy; navigations in between are expected (the page's context changes)."""
        deadline = time.monotonic() + timeout_s
        last = None
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
                if value:
                    return value
            except CdpError as e:
                last = e
            time.sleep(0.25)
        raise CdpError(f"timed out after {timeout_s} s waiting for {what} (page at {self.url()}; last error {last})")

    def url(self):
        try:
            return self.evaluate("location.href")
        except CdpError:
            return "?"

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


class Browser:
    """Headless Chromium with a throw-away profile and a DevTools port of its own."""

    def __init__(self, executable):
        self.profile = tempfile.mkdtemp(prefix="dashboard-check-")
        self.process = subprocess.Popen(
            [executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--disable-extensions", f"--user-data-dir={self.profile}", "--window-size=1440,900",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        self.port = None
        while time.monotonic() < deadline and self.port is None:
            line = self.process.stderr.readline()
            if not line and self.process.poll() is not None:
                raise CdpError(f"Chromium exited ({self.process.returncode}) before opening its DevTools port")
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if found:
                self.port = int(found.group(1))
        if self.port is None:
            self.close()
            raise CdpError("Chromium did not open its DevTools port within 60 s")
        # Keep draining stderr so a chatty browser never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.process.stderr], daemon=True).start()

    def page(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=30) as response:
            targets = json.load(response)
        pages = [t for t in targets if t.get("type") == "page"]
        if not pages:
            raise CdpError("Chromium has no page open")
        page = Page(pages[0]["webSocketDebuggerUrl"])
        page.call("Page.enable")
        page.call("Runtime.enable")
        return page

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
