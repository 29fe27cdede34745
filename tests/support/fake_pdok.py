"""A local stand-in for the PDOK Locatieserver, answering in its response format."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# What the real service answers for these queries (fields as asked with fl=).
ADDRESSES = {
    "Oude Boteringestraat 44, Groningen": {
        "weergavenaam": "Oude Boteringestraat 44, 9712GK Groningen", "type": "adres",
        "centroide_ll": "POINT(6.56536 53.22046)", "postcode": "9712GK",
    },
    "Dam 1, Amsterdam": {
        "weergavenaam": "Dam 1, 1012JS Amsterdam", "type": "adres",
        "centroide_ll": "POINT(4.89256 52.37312)", "postcode": "1012JS",
    },
    "Nieuwe Markt 1, 9712 KN Groningen": {
        "weergavenaam": "Nieuwe Markt 1, 9712KN Groningen", "type": "adres",
        "centroide_ll": "POINT(6.57024 53.21879)", "postcode": "9712KN",
    },
}


class FakePdok:
    def __init__(self):
        # or "fail", "slow", "garbage"; "hang" (nothing, for up to 10 s) and "drip" (an
        # answer one byte at a time, each within any read timeout, 10 s in all)
        self.behaviour = "answer"
        self.released = threading.Event()
        self.requests: list[dict] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/bzk/locatieserver/search/v3_1/free"

    def _handler(self):
        return type("Handler", (PdokHandler,), {"fake": self})

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


class PdokHandler(BaseHTTPRequestHandler):
    """Answers as the FakePdok it belongs to (`fake`) is told to behave."""

    fake: FakePdok

    def do_GET(self):  # noqa: N802 (http.server's name)
        params = parse_qs(urlsplit(self.path).query)
        self.fake.requests.append(params)
        if self._misbehave():
            return
        doc = ADDRESSES.get(params.get("q", [""])[0])
        docs = [doc] if doc else []
        page = {"response": {"numFound": len(docs), "start": 0, "maxScore": 9.1,
                             "numFoundExact": True, "docs": docs}}
        self._send(200, json.dumps(page).encode(), "application/json")

    def _misbehave(self) -> bool:
        """Whether the behaviour took the place of an answer."""
        behaviour = self.fake.behaviour
        if behaviour == "slow":
            time.sleep(1.5)
        elif behaviour == "hang":
            self.fake.released.wait(10)
        elif behaviour == "drip":
            self._drip(b'{"response": {"docs": []}}' + b" " * 74)
        elif behaviour == "fail":
            self._send(500, b"Internal Server Error")
        elif behaviour == "garbage":
            self._send(200, b"<html>not json</html>")
        return behaviour in ("hang", "drip", "fail", "garbage")

    def _drip(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for byte in body:
            if self.fake.released.wait(0.1):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def _send(self, status, body, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass
