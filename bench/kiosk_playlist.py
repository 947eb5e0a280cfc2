"""Kiosk playlist: build time for 200 content items, SQL queries at two sizes, player size.

Run from the repository root::

    .venv/bin/python bench/kiosk_playlist.py [--items 200] [--repeat 5]

It migrates a throw-away SQLite database in a temporary directory, makes a
running campaign with ``items`` pieces of content (services, regulation
explainers and testimonials in turn) and a kiosk showing it, then times
``build_playlist`` (short links already made, as on every poll after the
first), counts its SQL queries for ``items`` and for a tenth of it (the count
must not grow with the number of items), and prints the size of the player's
HTML, CSS and JavaScript. No network.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="crieur-bench-kiosk-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = f"{WORKDIR}/media"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crieur.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Locale, Page, Site  # noqa: E402

from campaigns.models import CampaignIndexPage, CampaignItem, CampaignPage  # noqa: E402
from crieur.models import HomePage  # noqa: E402
from kiosk.models import Kiosk  # noqa: E402
from kiosk.playlist import build_playlist  # noqa: E402
from kiosk.views import ASSETS, SERVICE_WORKER, asset_bytes  # noqa: E402
from services.models import (  # noqa: E402
    RegulationIndexPage,
    RegulationPage,
    ServiceIndexPage,
    ServicePage,
)
from testimonials.models import TestimonialIndexPage, TestimonialPage  # noqa: E402


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def site():
    locale, _ = Locale.objects.get_or_create(language_code="fr")
    Locale.objects.get_or_create(language_code="en")
    home = publish(
        Page.get_first_root_node(), HomePage(title="Accueil", slug="bench", locale=locale)
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return {
        "services": publish(home, ServiceIndexPage(title="Services", slug="services")),
        "regulations": publish(home, RegulationIndexPage(title="Règles", slug="regles")),
        "testimonials": publish(home, TestimonialIndexPage(title="Témoignages", slug="temoins")),
        "campaigns": publish(home, CampaignIndexPage(title="Campagnes", slug="campagnes")),
    }


def content(indexes, number):
    today = timezone.localdate()
    kind = number % 3
    if kind == 0:
        return publish(
            indexes["services"],
            ServicePage(
                title=f"Service {number}",
                slug=f"service-{number}",
                teaser="Empruntez l’outil plutôt que de l’acheter.",
                pictogram_name=["hammer", "car", "book-open", "sprout"][number % 4],
                trial_offer="Un mois d’essai gratuit",
            ),
        )
    if kind == 1:
        return publish(
            indexes["regulations"],
            RegulationPage(
                title=f"Règle {number}",
                slug=f"regle-{number}",
                question=f"Ai-je le droit numéro {number} ?",
                answer="yes",
                answer_summary="Oui, dans les limites prévues par la loi.",
            ),
        )
    return publish(
        indexes["testimonials"],
        TestimonialPage(
            title=f"Témoignage {number}",
            slug=f"temoignage-{number}",
            display_name=f"Voisin {number}",
            quote="J’ai rencontré mes voisins en prêtant ma perceuse.",
            consent_web=True,
            consent_kiosk=number % 6 != 2,  # some without kiosk consent: filtered out
            consent_date=today - datetime.timedelta(days=10),
        ),
    )


def campaign(indexes, slug, pages):
    today = timezone.localdate()
    page = CampaignPage(
        title=f"Campagne {slug}",
        slug=slug,
        slogan="Prêter, c’est gagner des voisins",
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=30),
        channels=["kiosk"],
    )
    for order, item in enumerate(pages):
        page.items.add(CampaignItem(page=item, sort_order=order))
    return publish(indexes["campaigns"], page)


def queries(kiosk):
    build_playlist(kiosk)  # the first build makes the missing short links
    with CaptureQueriesContext(connection) as captured:
        playlist = build_playlist(kiosk)
    return len(captured.captured_queries), len(playlist["slides"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    indexes = site()
    pages = [content(indexes, number) for number in range(args.items)]
    small_size = max(3, args.items // 10)
    small = campaign(indexes, "petite", pages[:small_size])
    large = campaign(indexes, "grande", pages)
    print(f"set-up: {time.perf_counter() - started:.1f} s ({args.items} items, in {WORKDIR})")

    kiosk_small = Kiosk(name="Petite", seconds_per_slide=10)
    kiosk_small.campaigns = [small]
    kiosk_small.save()
    kiosk = Kiosk(name="Grande", seconds_per_slide=10)
    kiosk.campaigns = [large]
    kiosk.save()

    count_small, slides_small = queries(kiosk_small)
    count_large, slides_large = queries(kiosk)
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        playlist = build_playlist(kiosk)
        timings.append(time.perf_counter() - start)
    body = json.dumps(playlist, ensure_ascii=False).encode()

    client = Client()
    url = f"/kiosk/{kiosk.token}/playlist.json"
    response = client.get(url)
    etag = response["ETag"]
    start = time.perf_counter()
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    conditional = time.perf_counter() - start

    print(
        f"\nplaylist of {args.items} items ({slides_large} slides, "
        f"{len(body) / 1024:.0f} KiB JSON):"
    )
    print(
        f"  build: median {statistics.median(timings) * 1000:.0f} ms, "
        f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms "
        f"over {args.repeat} runs"
    )
    print(
        f"  poll answered 304 (build + ETag): {conditional * 1000:.0f} ms, "
        f"status {not_modified.status_code}"
    )
    print("\nSQL queries per build (short links already made):")
    print(f"  {small_size:>4} items ({slides_small} slides): {count_small}")
    print(f"  {args.items:>4} items ({slides_large} slides): {count_large}")
    print(f"  grows with items: {'yes' if count_large > count_small else 'no'}")

    html = client.get(f"/kiosk/{kiosk.token}/").content
    sizes = {"player.html (rendered)": len(html)}
    sizes.update({name: len(asset_bytes(name)) for name in sorted(ASSETS)})
    sizes[SERVICE_WORKER] = len(asset_bytes(SERVICE_WORKER))
    print("\nplayer size (bytes, uncompressed, images aside):")
    for name, size in sizes.items():
        print(f"  {name:<24} {size:>7,}")
    player_total = sum(size for name, size in sizes.items() if name != "pair.js")
    print(
        f"  {'player total':<24} {player_total:>7,}  ({player_total / 1024:.1f} KiB, limit 60 KiB)"
    )
    print(f"  {'with pairing page JS':<24} {sum(sizes.values()):>7,}")


if __name__ == "__main__":
    main()
