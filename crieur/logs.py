"""What the logs must not hold: the secret tokens of kiosk screens.

A kiosk is reached at ``/kiosk/<token>/...``, and whoever holds its token sees
what the screen shows and may report in its name. Screens fetch their
playlist and report every minute, so an access log would hold every token many
times a day. ``mask_kiosk_tokens`` writes ``/kiosk/***/`` instead, in

- gunicorn's access log and error log: ``GunicornLogger``, the ``logger_class``
  of ``gunicorn.conf.py``;
- Django's records: ``MaskKioskTokens``, a logging filter that ``LOGGING`` puts on
  the loggers whose messages carry a request path (``django.request``,
  ``django.security.csrf``, runserver's ``django.server``) and on the console
  handler, for anything else that gets printed.
"""

import logging
import re

from gunicorn.glogging import Logger

#: ``/kiosk/`` and a token (43 URL-safe characters, ``kiosk.models.TOKEN_PATTERN``).
#: Any long run of them is taken for one: cut short, percent-encoded, after an
#: encoded or doubled slash. The public routes (``pair/``, ``assets/``, ``sw.js``)
#: are short and stay as they are.
KIOSK_TOKEN = re.compile(r"(/kiosk(?:/|%2[Ff])+)[A-Za-z0-9_%-]{16,}")


def mask_kiosk_tokens(text):
    """``text`` with every kiosk token in a path replaced by ``***``."""
    if "/kiosk" not in text:
        return text
    return KIOSK_TOKEN.sub(r"\1***", text)


class MaskKioskTokens(logging.Filter):
    """Masks kiosk tokens in a record's message (left untouched when it holds none)."""

    def filter(self, record):
        message = record.getMessage()
        masked = mask_kiosk_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class GunicornLogger(Logger):
    """gunicorn's logger, with kiosk tokens masked in its access and error logs.

    Every atom of the access log format that is text (the request line ``r``,
    the path ``U``, the referer ``f``, headers ``{...}i`` and environ
    ``{...}e``) is masked; the error log ("Error handling request /kiosk/...")
    gets the filter.
    """

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, MaskKioskTokens) for f in self.error_log.filters):
            self.error_log.addFilter(MaskKioskTokens())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: mask_kiosk_tokens(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
