"""What an edition may show: the gate decides, on the day it is served or made.

The web page of an edition shows what the website may show today; a PDF made
today prints what the bulletin may print from today through the issue date
(today only when the issue date has passed); a stored PDF is not served once a
page it contains stops passing the gate.
"""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from bulletins import render as bulletin_render
from bulletins.content import select_articles
from bulletins.render import render_bulletin
from testimonials.models import TestimonialPage
from tests.factories import ServicePageFactory, TestimonialPageFactory

from .conftest import ISSUE_DATE, free_article, normalise, page_article, page_texts, publish

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def layouts(monkeypatch):
    """Counts WeasyPrint layouts (a download served from the store makes none)."""
    calls = []
    original = bulletin_render.render_document

    def counting(html, **options):
        calls.append(1)
        return original(html, **options)

    monkeypatch.setattr(bulletin_render, "render_document", counting)
    return calls


def download(client, url, **headers):
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def pdf_text(pdf_bytes):
    return " ".join(page_texts(pdf_bytes))


def make_testimonial(site_tree, slug, title, quote, **consent):
    page = TestimonialPageFactory(
        parent=site_tree.testimonials,
        slug=slug,
        title=title,
        display_name=slug.title(),
        quote=quote,
        **consent,
    )
    return publish(page)


@pytest.fixture
def dated_edition(make_edition):
    """An edition published with the issue date given."""

    def make(articles, issue_date, number):
        edition = make_edition(articles, number=number)
        edition.issue_date = issue_date
        edition.agenda_until = None
        return publish(edition)

    return make


def test_web_page_shows_only_what_the_website_may_show_today(
    client, site_tree, make_edition, content_pages
):
    paul = make_testimonial(
        site_tree,
        "paul",
        "Paul et le compost",
        "Mon compost nourrit le jardin partagé.",
        consent_web=False,
        consent_print=True,
        consent_date=ISSUE_DATE - 365 * DAY,  # valid for print on the issue date
    )
    hidden = publish(
        ServicePageFactory(parent=site_tree.services, slug="jardin", title="Jardin secret")
    )
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    edition = make_edition(
        [
            page_article(paul),
            page_article(content_pages["consenting"]),
            page_article(hidden),
            page_article(content_pages["regulation"]),
        ],
        number=20,
    )

    response = client.get(edition.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Claire et la perceuse" in html  # web consent: shown
    assert "Puis-je prêter ma voiture à un voisin ?" in html
    # Print consent only: neither its title nor its quote is on the website.
    assert "Paul et le compost" not in html
    assert "Mon compost nourrit" not in html
    assert paul.url not in html
    assert "Jardin secret" not in html  # private


def test_web_page_drops_a_testimonial_whose_web_consent_ended_yesterday(
    client, site_tree, make_edition
):
    today = timezone.localdate()
    ended = make_testimonial(
        site_tree,
        "lea",
        "Léa et la boîte à livres",
        "J’y dépose un livre chaque semaine.",
        consent_date=ISSUE_DATE - 365 * DAY,
        consent_until=today - DAY,  # valid on the issue date, not today
    )
    edition = make_edition([page_article(ended)], number=21)
    html = client.get(edition.url).content.decode()
    assert "Léa et la boîte à livres" not in html
    assert "J’y dépose un livre" not in html


def test_past_issue_date_never_brings_back_a_consent_that_ended_yesterday(site_tree, dated_edition):
    today = timezone.localdate()
    issue_date = today - 30 * DAY
    sophie = make_testimonial(
        site_tree,
        "sophie",
        "Sophie et la grainothèque",
        "Mes tomates viennent de la grainothèque.",
        consent_date=issue_date - 10 * DAY,
        consent_until=today - DAY,  # valid on the issue date, not today
    )
    edition = dated_edition([page_article(sophie), free_article()], issue_date, number=22)

    rendered = render_bulletin(edition, "home")
    whole = pdf_text(rendered.pdf)
    assert "Le mot des associations" in whole  # the PDF was made
    assert "Sophie et la grainothèque" not in whole
    assert normalise("Mes tomates viennent de la grainothèque.") not in whole
    assert [(item.title, item.code) for item in rendered.left_out] == [
        ("Sophie et la grainothèque", "consent_expired")
    ]


def test_future_issue_date_needs_consent_from_today_through_the_issue_date(
    site_tree, dated_edition
):
    today = timezone.localdate()
    issue_date = today + 20 * DAY
    through = make_testimonial(
        site_tree,
        "valid",
        "Nadia et le repair café",
        "On a réparé mon grille-pain.",
        consent_date=today - DAY,
        consent_until=issue_date,
    )
    ends_before = make_testimonial(
        site_tree,
        "ends",
        "Karim et le covoiturage",
        "Je partage ma voiture le lundi.",
        consent_date=today - DAY,
        consent_until=issue_date - DAY,
    )
    starts_later = make_testimonial(
        site_tree,
        "later",
        "Inès et le jardin",
        "Le jardin partagé m’a fait des amis.",
        consent_date=today + DAY,
    )
    edition = dated_edition(
        [page_article(through), page_article(ends_before), page_article(starts_later)],
        issue_date,
        number=23,
    )
    selection = select_articles(edition)
    assert [selected.page.pk for selected in selection.articles] == [through.pk]
    assert [(item.title, item.code) for item in selection.left_out] == [
        ("Karim et le covoiturage", "consent_ends"),
        ("Inès et le jardin", "consent_later"),
    ]

    whole = pdf_text(render_bulletin(edition, "home").pdf)
    assert "Nadia et le repair café" in whole
    assert "Karim" not in whole and "Je partage ma voiture" not in whole
    assert "Inès" not in whole and "jardin partagé" not in whole


def test_stored_pdf_is_not_served_once_a_testimonial_consent_has_ended(
    client, site_tree, dated_edition, content_pages, layouts, monkeypatch
):
    today = timezone.localdate()
    last_day = make_testimonial(
        site_tree,
        "yann",
        "Yann et la ressourcerie",
        "Ma table vient de la ressourcerie.",
        consent_date=today - 60 * DAY,
        consent_until=today,  # valid today, not tomorrow
    )
    edition = dated_edition(
        [page_article(content_pages["regulation"]), page_article(last_day)], today, number=24
    )
    url = f"{edition.url}pdf/"
    first, body = download(client, url)
    assert first.status_code == 200
    assert "Yann et la ressourcerie" in pdf_text(body)
    assert download(client, url)[1] == body and len(layouts) == 1  # from the store

    # Tomorrow: nothing was edited or published, but the consent has ended.
    real_localdate = timezone.localdate

    def tomorrow(value=None, timezone=None):
        if value is not None:
            return real_localdate(value, timezone)
        return today + DAY

    monkeypatch.setattr("django.utils.timezone.localdate", tomorrow)
    assert not TestimonialPage.objects.filter(pk=last_day.pk).consented_for("print").exists()

    stale = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert stale.status_code == 200  # not a 304 for the PDF that printed it
    assert stale["ETag"] != first["ETag"]
    renewed = b"".join(stale.streaming_content)
    assert len(layouts) == 2
    whole = pdf_text(renewed)
    assert "Puis-je prêter ma voiture" in whole
    assert "Yann" not in whole and "Ma table vient" not in whole


@pytest.mark.parametrize("restricted", ["page", "ancestor"])
def test_stored_pdf_is_not_served_once_a_page_it_prints_went_private(
    client, site_tree, edition, content_pages, layouts, restricted
):
    url = f"{edition.url}pdf/"
    first, body = download(client, url)
    assert "L'outilthèque ouvre le samedi" in pdf_text(body)
    assert len(layouts) == 1

    service = content_pages["service"]
    PageViewRestriction.objects.create(
        page=service if restricted == "page" else site_tree.services,
        restriction_type=PageViewRestriction.LOGIN,
    )

    stale = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert stale.status_code == 200
    assert stale["ETag"] != first["ETag"]
    whole = pdf_text(b"".join(stale.streaming_content))
    assert len(layouts) == 2
    assert "L'outilthèque ouvre le samedi" not in whole
    assert "On adhère, on emprunte" not in whole
    assert "Claire et la perceuse" in whole  # the rest is still printed
