"""gunicorn's settings for Zheli: ``gunicorn -c python:intranet.gunicorn_conf wsgi:app``.

Threaded workers (``gthread``) keep a client's connection open between requests, so a phone on
a slow link, or the reverse proxy, does not pay a new TCP handshake for every page and file;
gunicorn's default ``sync`` workers close the connection after each answer. A kept connection
waits in the worker's poller, not in a thread. One thread per worker is the default: Zheli's
pages are CPU work under one interpreter lock, and in ``make bench`` four threads per worker
served fewer pages a second than one on most pages (the sign-in page 461 against 849, home
signed in 200 against 264). With the database on another machine,
where a request waits on the network, ``GUNICORN_THREADS=2`` or more may serve more; the app
keeps nothing per thread that another request could see (the session is per request, the kept
fragments are locked).

Every setting can still be changed from the command line or ``GUNICORN_CMD_ARGS``, e.g.
``-b 0.0.0.0:8000``; ``WEB_CONCURRENCY`` sets the number of workers.
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
#: About two workers per CPU core (gunicorn reads WEB_CONCURRENCY itself when it is set).
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
#: Seconds an idle kept-alive connection waits for its next request.
keepalive = 5
#: A request that takes longer is cut off and its worker replaced (a 50 MB upload on a slow
#: link takes minutes: the reverse proxy buffers it, see the README).
timeout = 120
graceful_timeout = 30
