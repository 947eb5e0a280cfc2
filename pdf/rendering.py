"""Render HTML to PDF with WeasyPrint, fetching only the project's own files, in bounded time.

Every render runs under a time limit (``CRIEUR_RENDER_TIMEOUT_SECONDS``):
past it the render stops and :class:`RenderTimeout` says so in words for the
user, instead of a request thread (or a worker) busy for as long as a hostile
or unlucky document takes.

How the limit is enforced, and why this way:

* ``signal.alarm`` only works in the main thread, and under gunicorn's
  ``gthread`` workers (``gunicorn.conf.py``) requests run in other threads;
* a child process per render (fork or spawn, with the finisher and the page
  count to bring back) costs a process start and Django set-up every time, and
  forking a threaded server process is unsafe;
* a thread pool with ``future.result(timeout)`` answers the user but leaves
  the render burning CPU in the background.

So a watchdog thread (:func:`within_time_limit`) raises an exception *in the
rendering thread* when the time is up, with CPython's
``PyThreadState_SetAsyncExc`` (through :mod:`ctypes`; the few libraries that
wrap it, ``stopit`` and ``func-timeout``, are unmaintained and leave the race
on the way out open).
WeasyPrint's layout and drawing are Python code, so the exception arrives
within a few bytecodes; a single long call into C (Pango, HarfBuzz) finishes
first. The exception derives from ``BaseException`` so that WeasyPrint's
``except Exception`` (a broken image is skipped, not fatal) cannot swallow it,
and it is raised again every 50 ms until the render has stopped. Leaving the
limit clears any exception not yet delivered, under the same lock the
watchdog raises with, so none can escape later into unrelated code. Nothing
the render touches is shared with other threads (no database, no cache): a
render stopped half-way leaves nothing behind but garbage.
"""

import ctypes
import threading
from decimal import Decimal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from weasyprint import HTML

from pdf.fetcher import INTERNAL_BASE_URL, ProjectURLFetcher

#: How often the watchdog raises again while the render has not stopped.
REPEAT_SECONDS = 0.05

_active = threading.local()


class RenderTimeout(Exception):
    """A render took longer than its time limit and was stopped; ``message`` says so."""

    def __init__(self, seconds):
        super().__init__(f"render stopped after {seconds:g} s")
        self.seconds = seconds

    @property
    def message(self):
        """What the user is told, in the active language."""
        return _(
            "Making this PDF took longer than %(seconds)s seconds and was stopped. Print "
            "fewer items at once, or simplify the pictures it contains, and try again."
        ) % {"seconds": number_format(Decimal(f"{self.seconds:g}"))}


class _Interrupt(BaseException):
    """Raised in the rendering thread by the watchdog (never leaves this module)."""


def _raise_in_thread(thread_id, exception):
    """Schedule ``exception`` in thread ``thread_id``; ``None`` clears a pending one."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


def render_timeout_seconds():
    return float(settings.CRIEUR_RENDER_TIMEOUT_SECONDS)


class _Watchdog:
    """Raises :class:`_Interrupt` in one thread from ``seconds`` on, until disarmed."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.disarmed = False
        self.fired = False
        self._done = threading.Event()

    def start(self):
        threading.Thread(target=self._watch, name="render-time-limit", daemon=True).start()

    def _watch(self):
        if self._done.wait(self.seconds):
            return
        while True:
            with self.lock:  # the rendering thread takes it to clear what is in flight
                if self.disarmed:
                    return
                self.fired = True
                _raise_in_thread(self.thread_id, _Interrupt)
            if self._done.wait(REPEAT_SECONDS):
                return


def within_time_limit(function, *args, seconds=None, **kwargs):
    """``function(*args, **kwargs)``, stopped after ``seconds`` (the setting by default).

    Raises :class:`RenderTimeout` when the time ran out. Works in any thread.
    Inside another limit, runs under the outer one (one budget for a bulletin's
    layout, page count and PDF).

    The order of the steps is what keeps the interrupt inside: the first thing
    done on the way out is ``disarmed = True`` (a plain attribute store, where
    CPython never delivers an asynchronous exception), so the watchdog raises
    no more; then, under the lock the watchdog raises with, an interrupt in
    flight is cleared. An interrupt delivered anywhere before that is caught
    here, in the same frame.
    """
    if getattr(_active, "watchdog", None) is not None:
        return function(*args, **kwargs)
    watchdog = _Watchdog(render_timeout_seconds() if seconds is None else seconds)
    _active.watchdog = watchdog
    result = None
    try:
        try:
            watchdog.start()
            result = function(*args, **kwargs)
        finally:
            _active.watchdog = None
            watchdog.disarmed = True
            with watchdog.lock:
                watchdog._done.set()
                _raise_in_thread(watchdog.thread_id, None)
    except _Interrupt:
        pass
    except Exception:
        if not watchdog.fired:
            raise
    if watchdog.fired:
        raise RenderTimeout(watchdog.seconds)
    return result


def html_document(html, *, base_url=None, url_fetcher=None):
    """A WeasyPrint ``HTML`` object behind the project's network-free fetcher."""
    return HTML(
        string=html,
        base_url=base_url or INTERNAL_BASE_URL,
        url_fetcher=url_fetcher or ProjectURLFetcher(),
    )


def render_document(html, *, base_url=None, url_fetcher=None, **options):
    """Lay ``html`` out; returns a WeasyPrint ``Document`` (pages can be reused).

    The layout runs within the time limit; a caller that writes the document
    afterwards calls both inside one :func:`within_time_limit`.
    """
    document = html_document(html, base_url=base_url, url_fetcher=url_fetcher)
    return within_time_limit(document.render, **options)


def render_pdf(html: str, *, base_url=None, url_fetcher=None, finisher=None, **options) -> bytes:
    """The PDF bytes of ``html``, made within ``CRIEUR_RENDER_TIMEOUT_SECONDS``.

    Relative URLs resolve against ``base_url`` (by default an internal host
    mapped to ``STATIC_URL`` and ``MEDIA_URL`` on disk); ``options`` go to
    WeasyPrint's ``write_pdf`` (``pdf_variant``, ``uncompressed_pdf``...).
    Raises :class:`RenderTimeout` past the time limit.
    """
    document = html_document(html, base_url=base_url, url_fetcher=url_fetcher)
    return within_time_limit(document.write_pdf, finisher=finisher, **options)
