"""Serve a built site on 127.0.0.1 as a web host would: text (HTML, CSS, JavaScript, JSON, SVG,
XML) gzipped with Content-Encoding: gzip, so Lighthouse measures the bytes a reader downloads."""
from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path

TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".bib", ".ris"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # its redirect to the address with a slash
            path = path / "index.html"
        if (path.suffix not in TEXT or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = _gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def log_message(self, *args):
        pass


class _Body:
    """What send_head returns: a file-like object the handler copies to the socket."""
    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self):
        pass


@functools.lru_cache(maxsize=None)
def _gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes())


def serve(site: Path):
    """(server, its base address); stop it with server.shutdown()."""
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"
