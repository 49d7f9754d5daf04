"""gunicorn settings for production-like serving (`DEBUG=0 make run`, `make bench`, deployments).

Sync workers: pages are rendered from the database and the cache in a few milliseconds,
so a worker per core (WEB_CONCURRENCY, default 2) is the throughput limit, and slow
clients are absorbed by the proxy or CDN in front (docs/deploy.md).
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# Recycle workers now and then so a slow leak can never take a server down (0: never).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Load the app once, before forking: faster start, shared memory between workers.
preload_app = True
# Several servers (or a test's two) on one machine must not share the control socket.
control_socket_disable = True
accesslog = "-" if os.environ.get("ACCESS_LOG") else None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    # A connection opened while preloading must not be shared by forked workers.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
