"""Support modules of ``bench/qr_resolver.py`` (settings, a bare Django app). Not shipped."""
