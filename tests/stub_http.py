"""A throwaway HTTP server on loopback that records every request and answers as it is told:
it stands in for Fastly's and Cloudflare's APIs, for a Varnish node, or for an app server."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Recorded:
    method: str
    path: str
    headers: Message  # names as sent; get() and `in` ignore case
    body: bytes


# Status, headers, body; or bytes sent as they are, HTTP or not (a broken or hostile server).
Answer = tuple[int, dict[str, str], bytes] | bytes


def ok(request: Recorded) -> Answer:
    return 200, {"Content-Type": "application/json"}, b'{"success": true}'


class StubServer:
    """`with StubServer(answer) as stub:` serves on `stub.url`; `stub.requests` is what came in."""

    def __init__(self, answer: Callable[[Recorded], Answer] = ok):
        self.answer = answer
        self.requests: list[Recorded] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, as a real service (and Varnish's backend connections) would.
            protocol_version = "HTTP/1.1"

            def handle_any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                recorded = Recorded(self.command, self.path, self.headers, self.rfile.read(length))
                stub.requests.append(recorded)
                try:
                    answer = stub.answer(recorded)
                except ConnectionAbortedError:
                    # The answer is to hang up without a word (a crashed server).
                    self.close_connection = True
                    return
                if isinstance(answer, bytes):
                    self.wfile.write(answer)
                    self.close_connection = True
                    return
                status, headers, body = answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_HEAD = do_POST = do_PURGE = handle_any

            def log_message(self, format, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # A test's last request may still be sleeping (the timeout case): don't wait for it.
        self.server.daemon_threads = True
        self.server.block_on_close = False

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "StubServer":
        # A short poll: shutdown() waits for it.
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
