"""A real ``varnishd`` (Debian's ``varnish``) with ``deploy/varnish/crieur.vcl``.

``start_varnish(ports)`` starts one in front of application nodes listening on
those 127.0.0.1 ports (``deploy/varnishd.py``, the same code as ``make
serve-cluster``) and stops it when the test, module or session that asked for it
ends. Without ``varnishd`` the tests are skipped and say so.
"""

import contextlib

import pytest

from deploy.varnishd import Varnish, varnishd_path


@contextlib.contextmanager
def running_varnish(ports, directory):
    if not varnishd_path():
        pytest.skip("needs varnishd: apt-get install varnish (.ci/run installs it)")
    varnish = Varnish(ports, directory)
    try:
        varnish.start()
        yield varnish
    finally:
        varnish.stop()
