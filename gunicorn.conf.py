"""gunicorn settings: `gunicorn -c gunicorn.conf.py crieur.wsgi`.

Each value can be overridden from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # PDF rendering is bounded below this
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then (a leak cannot grow for ever), but rarely: a
# recycled worker starts with an empty in-process cache. The application is
# imported once, in the master (preload_app), so a new worker is ready at once
# instead of after seconds of imports; the wide jitter keeps the workers from
# recycling at the same moment. (bench/load.py: with 2000 and a jitter of 200, both
# workers restarted together every few seconds under load, p99 went past 4 s.)
# With preload_app, new code needs a restart of the master, not just a HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in ("1", "true", "yes", "on")
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 2
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Kiosk tokens (/kiosk/<token>/...) are masked in the access and error logs.
logger_class = "crieur.logs.GunicornLogger"
