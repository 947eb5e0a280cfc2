"""Portraits outlive no consent: their public renditions go when the consent ends.

Renditions are files under ``MEDIA_URL`` that anyone with the address can
fetch. When a testimonial may no longer be shown anywhere (its consent expired,
was withdrawn, the page was unpublished or deleted, or the portrait replaced),
the portrait's renditions are deleted, rows and files.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.utils import timezone

from wagtail.images import get_image_model

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from testimonials.consent import sweep
from testimonials.models import TestimonialPage
from tests.factories import TestimonialPageFactory

pytestmark = pytest.mark.django_db

Rendition = get_image_model().get_rendition_model()


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def media_urls(client, url):
    """Every /media/ address the public page at ``url`` shows (images and metadata)."""
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    found = [img["src"] for img in soup.find_all("img")]
    found += [meta.get("content", "") for meta in soup.find_all("meta")]
    return {
        value.split("://", 1)[-1].partition("/")[2] if "://" in value else value.lstrip("/")
        for value in found
        if settings.MEDIA_URL in value
    }


def stored(url_path):
    """Whether the file behind a path like ``media/images/x.png`` is still in storage."""
    name = url_path.removeprefix(settings.MEDIA_URL.lstrip("/"))
    return default_storage.exists(name)


@pytest.fixture(autouse=True)
def fresh_rendition_cache():
    """Wagtail caches renditions by image id in the default cache, which outlives test databases."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portrait():
    return ImageFactory(title="Amina au jardin", width=400, height=400)


@pytest.fixture
def testimonial(site_tree, portrait):
    return publish(
        TestimonialPageFactory(
            parent=site_tree.testimonials,
            slug="amina",
            portrait=portrait,
            consent_web=True,
            consent_print=True,
            consent_kiosk=True,
            consent_social=True,
            consent_until=timezone.localdate(),
        )
    )


@pytest.fixture
def shown(client, site_tree, testimonial, django_capture_on_commit_callbacks):
    """The portrait's files the testimonial page and the listing show, all stored."""
    with django_capture_on_commit_callbacks(execute=True):
        paths = media_urls(client, testimonial.url) | media_urls(client, site_tree.testimonials.url)
    assert len(paths) >= 3  # the page's portrait, the social preview, the listing's card
    assert all("images/" in path for path in paths)
    assert all(stored(path) for path in paths)
    return paths


def test_sweep_deletes_the_renditions_of_an_expired_consent(
    client, testimonial, portrait, shown, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    # Time passes: the last valid day was yesterday (nothing saved, no page signal).
    TestimonialPage.objects.filter(pk=testimonial.pk).update(
        consent_until=today - datetime.timedelta(days=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        report = sweep(today)

    assert report.renditions_deleted == len(shown)
    assert not Rendition.objects.filter(image=portrait).exists()
    assert not any(stored(path) for path in shown)
    assert client.get(testimonial.url).status_code == 404
    assert not any(
        path in client.get(testimonial.get_parent().url).content.decode() for path in shown
    )
    # The original stays in the image library (the consent may be renewed).
    assert default_storage.exists(portrait.file.name)

    # A second sweep has nothing left to do.
    assert sweep(today).renditions_deleted == 0


def test_sweep_keeps_a_portrait_another_consented_testimonial_shows(
    site_tree, testimonial, portrait, shown, django_capture_on_commit_callbacks
):
    publish(
        TestimonialPageFactory(
            parent=site_tree.testimonials, slug="amina-encore", portrait=portrait, consent_web=True
        )
    )
    today = timezone.localdate()
    TestimonialPage.objects.filter(pk=testimonial.pk).update(
        consent_until=today - datetime.timedelta(days=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        report = sweep(today)

    assert report.renditions_deleted == 0
    assert all(stored(path) for path in shown)


def test_sweep_leaves_portraits_with_consent_alone(
    testimonial, portrait, shown, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep(timezone.localdate())

    assert report.renditions_deleted == 0
    assert all(stored(path) for path in shown)


@pytest.mark.parametrize(
    "withdrawal",
    [
        {"consent_web": False, "consent_print": False, "consent_kiosk": False},
        {"consent_until": datetime.date(2020, 1, 1), "consent_date": datetime.date(2019, 1, 1)},
        {"consent_web": False},  # the other channels still hold: they make their own again
    ],
    ids=["every-channel", "expired", "web-only"],
)
def test_withdrawn_consent_deletes_the_renditions_when_published(
    client, testimonial, portrait, shown, withdrawal, django_capture_on_commit_callbacks
):
    testimonial.consent_social = False
    for name, value in withdrawal.items():
        setattr(testimonial, name, value)

    with django_capture_on_commit_callbacks(execute=True):
        publish(testimonial)

    assert not Rendition.objects.filter(image=portrait).exists()
    assert not any(stored(path) for path in shown)


def test_social_consent_withdrawn_leaves_no_social_preview_file(
    client, testimonial, portrait, shown, django_capture_on_commit_callbacks
):
    social = portrait.get_rendition("fill-1200x630").url.lstrip("/")
    assert social in shown

    testimonial.consent_social = False
    with django_capture_on_commit_callbacks(execute=True):
        publish(testimonial)
        now_shown = media_urls(client, testimonial.url)

    assert not stored(social)
    assert social not in now_shown
    assert now_shown and all(stored(path) for path in now_shown)  # the web page makes its own


def test_unpublished_testimonial_leaves_no_rendition(
    testimonial, portrait, shown, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        testimonial.unpublish()

    assert not Rendition.objects.filter(image=portrait).exists()
    assert not any(stored(path) for path in shown)


def test_deleted_testimonial_leaves_no_rendition(
    testimonial, portrait, shown, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        TestimonialPage.objects.get(pk=testimonial.pk).delete()

    assert not Rendition.objects.filter(image=portrait).exists()
    assert not any(stored(path) for path in shown)


def test_replaced_portrait_leaves_no_rendition(
    testimonial, portrait, shown, django_capture_on_commit_callbacks
):
    testimonial.portrait = ImageFactory(title="Un arrosoir")
    with django_capture_on_commit_callbacks(execute=True):
        publish(testimonial)

    assert not Rendition.objects.filter(image=portrait).exists()
    assert not any(stored(path) for path in shown)


def test_an_edit_that_keeps_the_consent_keeps_the_renditions(
    testimonial, portrait, shown, django_capture_on_commit_callbacks
):
    testimonial.title = "Amina et sa perceuse"
    with django_capture_on_commit_callbacks(execute=True):
        testimonial.save_revision()  # a draft changes nothing public
        publish(testimonial)

    assert all(stored(path) for path in shown)


def test_public_pages_never_link_to_the_original(client, site_tree, testimonial, shown):
    for url in (testimonial.url, site_tree.testimonials.url):
        assert "original_images" not in client.get(url).content.decode()
