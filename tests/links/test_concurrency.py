"""Scans from parallel clients against a real threaded server: none lost, none failing."""

import http.client
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from links.models import ScanCount, ShortLink
from tests.factories import ServicePageFactory

SCANS = 208
WORKERS = 16


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_scans_are_all_counted(live_server, site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="covoiturage")
    service.save_revision().publish()
    link = ShortLink.objects.create_unique(service, "poster")
    host = urlsplit(live_server.url)

    def scan(index):
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        try:
            code = link.code if index % 2 else link.code.lower()
            connection.request("GET", f"/q/{code}", headers={"User-Agent": "Mozilla/5.0"})
            response = connection.getresponse()
            response.read()
            return response.status, response.getheader("Location")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(scan, range(SCANS)))

    assert {status for status, _ in results} == {302}
    assert {location for _, location in results} == {"/fr/services/covoiturage/"}
    assert sum(ScanCount.objects.filter(link=link).values_list("count", flat=True)) == SCANS
