"""Bench: a 16-page bulletin of 40 articles with one photo each, then its cached download.

Prints the wall time and peak memory of the first download of ``<edition>pdf/``
(content, renditions at 300 dpi, short links, WeasyPrint layout, tagged PDF,
store), made in a forked process so that its peak RSS is its own; the time of
the same download once the renditions exist (the print-ready output); and the
second download, served from the store. Targets: under 10 s and 1 GiB for the
first, under 50 ms for the second. The machine's load average is printed too:
other work on the same cores slows every figure.

    .venv/bin/python bench/bulletin.py [ARTICLES]
"""

import datetime
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
WORK = Path(tempfile.mkdtemp(prefix="crieur-bench-bulletin-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crieur.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

ARTICLES = int(sys.argv[1]) if len(sys.argv) > 1 else 40
PARAGRAPH = (
    "Ouvert à tous les habitants, sans condition de ressources : on emprunte pour une "
    "semaine, on rapporte, et on revient quand on veut."
)


def setup_content():
    from wagtail.models import Locale, Page, Site

    from bulletins.models import BulletinIndexPage, BulletinPage
    from crieur.demo.images import get_or_create_image
    from crieur.models import HomePage
    from services.models import ServiceIndexPage, ServicePage

    call_command("migrate", verbosity=0)
    french, _ = Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Accueil", slug="bench-home", locale=french))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home, "site_name": "Bench"},
    )
    services = home.add_child(instance=ServiceIndexPage(title="Services", slug="services"))
    pages = []
    for number in range(1, ARTICLES + 1):
        photo = get_or_create_image(f"Service {number}", f"Photo du service {number}")
        page = services.add_child(
            instance=ServicePage(
                title=f"Service de partage numéro {number}",
                slug=f"service-{number}",
                teaser="Empruntez plutôt que d’acheter : près de chez vous, entre voisins.",
                pictogram_name="hammer",
                image=photo,
                body=[("paragraph", f"<p>{PARAGRAPH}</p>")],
                join_address=f"{number} rue des Tilleuls",
            )
        )
        page.save_revision().publish()
        pages.append(page)
    index = home.add_child(instance=BulletinIndexPage(title="Bulletin", slug="bulletin"))
    edition = BulletinPage(
        title="Bulletin 7",
        slug="bulletin-7",
        edition_number=7,
        issue_date=datetime.date.today(),
        cover_headline="Quarante services à essayer près de chez vous",
        cover_image=pages[0].image,
        editorial=f"<p>{PARAGRAPH}</p>",
        articles=[
            ("page_article", {"page": page, "print_title": "", "print_teaser": ""})
            for page in pages
        ],
    )
    index.add_child(instance=edition)
    edition.save_revision().publish()
    return edition


def download(client, url, **headers):
    started = time.perf_counter()
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return time.perf_counter() - started, body, response


def first_download_in_a_child(url):
    """The first download in a forked process: its peak RSS is the download's own peak."""
    from django.db import connections
    from django.test import Client

    connections.close_all()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one download, then report and leave
        os.close(read_end)
        elapsed, body, response = download(Client(), url)
        os.write(write_end, f"{elapsed} {len(body)} {response.status_code}".encode())
        os._exit(0)
    os.close(write_end)
    report = os.read(read_end, 200).decode().split()
    os.waitpid(pid, 0)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    elapsed, size, status = float(report[0]), int(report[1]), int(report[2])
    assert status == 200, status
    return elapsed, size, peak_kib


def main():
    from django.test import Client

    from bulletins.models import BulletinPDF

    edition = setup_content()
    url = f"{edition.url}pdf/"
    first, size, peak_kib = first_download_in_a_child(url)
    client = Client()
    _elapsed, body, response = download(client, url)
    stored = BulletinPDF.objects.get(key=response["ETag"].strip('"'))
    ready, ready_body, _response = download(client, f"{url}print-ready/")

    cached = []
    for _ in range(30):
        elapsed, again, _response = download(client, url)
        cached.append(elapsed)
        assert again == body
    conditional = []
    for _ in range(30):
        elapsed, _body, again = download(client, url, HTTP_IF_NONE_MATCH=response["ETag"])
        conditional.append(elapsed)
        assert again.status_code == 304

    mib = 1024 * 1024
    print(f"Bulletin: {ARTICLES} articles with one photo each, {stored.page_count} pages")
    print(
        f"  first download (renditions made, layout, tagged PDF): {first:6.2f} s, "
        f"peak RSS {peak_kib / 1024:6.1f} MiB, {size / mib:.1f} MiB PDF"
    )
    print(
        f"  print-ready, renditions already made:               {ready:6.2f} s, "
        f"{len(ready_body) / mib:.1f} MiB PDF"
    )
    print(
        f"  second download, from the store: median {statistics.median(cached) * 1000:5.1f} ms, "
        f"max {max(cached) * 1000:5.1f} ms (30 downloads)"
    )
    print(
        f"  conditional (If-None-Match, 304): median "
        f"{statistics.median(conditional) * 1000:5.1f} ms"
    )
    print("  targets: first < 10 s and < 1 GiB; second < 50 ms")
    print(f"  (load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
