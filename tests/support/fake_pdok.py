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
        "centroide_ll": "POINT(6.56536 53.22046)",
    },
    "Dam 1, Amsterdam": {
        "weergavenaam": "Dam 1, 1012JS Amsterdam", "type": "adres",
        "centroide_ll": "POINT(4.89256 52.37312)",
    },
    "Nieuwe Markt 1, 9712 KN Groningen": {
        "weergavenaam": "Nieuwe Markt 1, 9712KN Groningen", "type": "adres",
        "centroide_ll": "POINT(6.57024 53.21879)",
    },
}


class FakePdok:
    def __init__(self):
        self.behaviour = "answer"  # or "fail", "slow", "garbage"
        self.requests: list[dict] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/bzk/locatieserver/search/v3_1/free"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                params = parse_qs(urlsplit(self.path).query)
                fake.requests.append(params)
                if fake.behaviour == "slow":
                    time.sleep(1.5)
                if fake.behaviour == "fail":
                    return self._send(500, b"Internal Server Error")
                if fake.behaviour == "garbage":
                    return self._send(200, b"<html>not json</html>")
                doc = ADDRESSES.get(params.get("q", [""])[0])
                docs = [doc] if doc else []
                page = {"response": {"numFound": len(docs), "start": 0, "maxScore": 9.1,
                                     "numFoundExact": True, "docs": docs}}
                self._send(200, json.dumps(page).encode(), "application/json")

            def _send(self, status, body, content_type="text/plain"):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
