"""Bad input around the bulletin's privacy: dates editors choose, private pages, QR targets.

Nothing an editor types (an issue date far in the past or the future, a link to
a private page) makes the bulletin show what the gate refuses, on paper, on
its web page or behind its QR codes.
"""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from bulletins.content import build_bulletin, select_articles
from bulletins.render import render_bulletin
from tests.bulletins.conftest import (
    content_pages,  # noqa: F401
    free_article,
    page_article,
    page_texts,
    publish,
)
from tests.factories import ServicePageFactory, TestimonialPageFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def dated(edition, issue_date):
    edition.issue_date = issue_date
    edition.agenda_until = None
    return publish(edition)


def make_testimonial(site_tree, slug, **fields):
    return publish(
        TestimonialPageFactory(parent=site_tree.testimonials, slug=slug, title=slug, **fields)
    )


def private(page, kind=PageViewRestriction.LOGIN):
    PageViewRestriction.objects.create(page=page, restriction_type=kind, password="motdepasse")
    return page


@pytest.mark.parametrize(
    "issue_date",
    [datetime.date(1900, 1, 1), datetime.date(2000, 2, 29), datetime.date(1, 1, 1)],
    ids=["1900", "leap-day-2000", "year-1"],
)
def test_an_issue_date_long_past_brings_back_no_ended_consent(site_tree, make_edition, issue_date):
    today = timezone.localdate()
    ended = make_testimonial(
        site_tree,
        "consentement-fini",
        consent_date=datetime.date(1, 1, 1),
        consent_until=today - DAY,
    )
    kept = make_testimonial(
        site_tree, "consentement-valable", consent_date=datetime.date(1899, 1, 1)
    )
    edition = dated(make_edition([page_article(ended), page_article(kept)], number=40), issue_date)
    selection = select_articles(edition)
    assert [selected.page.pk for selected in selection.articles] == [kept.pk]
    assert [(item.title, item.code) for item in selection.left_out] == [
        ("consentement-fini", "consent_expired")
    ]


def test_an_issue_date_at_the_end_of_time_needs_consent_until_then(site_tree, make_edition):
    today = timezone.localdate()
    forever = make_testimonial(site_tree, "sans-fin", consent_date=today - DAY)
    until_2100 = make_testimonial(
        site_tree,
        "jusqu-en-2100",
        consent_date=today - DAY,
        consent_until=datetime.date(2100, 1, 1),
    )
    edition = dated(
        make_edition([page_article(forever), page_article(until_2100)], number=41),
        datetime.date.max,
    )
    selection = select_articles(edition)
    assert [selected.page.pk for selected in selection.articles] == [forever.pk]
    assert [(item.title, item.code) for item in selection.left_out] == [
        ("jusqu-en-2100", "consent_ends")
    ]


@pytest.mark.parametrize(
    "kind", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS]
)
def test_private_pages_are_neither_printed_nor_on_the_web_page(
    client, site_tree, make_edition, kind
):
    secret = private(
        publish(
            ServicePageFactory(parent=site_tree.services, slug="secret", title="Atelier caché")
        ),
        kind,
    )
    edition = make_edition([page_article(secret), free_article()], number=42)
    assert "Atelier caché" not in client.get(edition.url).content.decode()
    rendered = render_bulletin(edition)
    assert "Atelier caché" not in " ".join(page_texts(rendered.pdf))
    assert [(item.title, item.code) for item in rendered.left_out] == [("Atelier caché", "private")]


def test_qr_codes_never_lead_to_a_page_the_public_cannot_see(
    site_tree,
    make_edition,
    content_pages,  # noqa: F811
):
    hidden = private(
        publish(ServicePageFactory(parent=site_tree.services, slug="cache", title="Caché"))
    )
    # Print consent only: its QR code leads to the service it is about...
    print_only = make_testimonial(
        site_tree,
        "papier-seulement",
        consent_web=False,
        service=content_pages["service"],
    )
    # ... and to the edition when that service is private too.
    print_only_hidden_service = make_testimonial(
        site_tree, "papier-service-cache", consent_web=False, service=hidden
    )
    free_to_hidden = free_article(title="Lien vers une page privée")
    free_to_hidden[1]["link_page"] = hidden
    edition = make_edition(
        [page_article(print_only), page_article(print_only_hidden_service), free_to_hidden],
        number=43,
    )
    content = build_bulletin(edition)
    targets = [article.link.page_id for article in content.articles]
    assert targets == [content_pages["service"].pk, edition.pk, edition.pk]


def test_a_private_edition_is_neither_listed_nor_kept_by_shared_caches(
    client, django_user_model, bulletin_index, make_edition
):
    edition = private(make_edition([free_article()], number=44))
    listing = client.get(bulletin_index.url).content.decode()
    assert edition.url not in listing
    assert client.get(f"{edition.url}pdf/").status_code == 302  # to the login page

    client.force_login(django_user_model.objects.create_user("habitant", password="x"))
    response = client.get(f"{edition.url}pdf/")
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control
