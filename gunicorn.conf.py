"""gunicorn settings for production-like serving (`DEBUG=0 make run`, `make bench`, deployments)."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# Recycle workers now and then so a slow leak can never take a server down.
max_requests = 5000
max_requests_jitter = 500
timeout = 30
accesslog = "-" if os.environ.get("ACCESS_LOG") else None
