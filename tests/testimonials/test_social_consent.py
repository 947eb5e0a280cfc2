"""Sharing metadata of a testimonial follows its author's social-media consent.

Social networks copy ``og:*``, ``twitter:*`` and the page description when
the page is shared: without social consent, neither the portrait nor the
quote may go there, even though the page itself (web consent) shows both.
"""

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from tests.factories import TestimonialPageFactory

pytestmark = pytest.mark.django_db

QUOTE = "Grâce à la perceuse de Paul, j’ai monté mes étagères en une heure."


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def metadata(client, page):
    """The page's sharing metadata as {name: content}, and its <img> sources."""
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    meta = {}
    for tag in soup.head.find_all("meta"):
        name = tag.get("property") or tag.get("name")
        if name:
            meta[name] = tag.get("content", "")
    images = [img["src"] for img in soup.find("main").find_all("img")]
    return meta, images


@pytest.fixture
def portrait():
    return ImageFactory(title="Amina au jardin", width=400, height=400)


def make(site_tree, portrait, **kwargs):
    return publish(
        TestimonialPageFactory(
            parent=site_tree.testimonials,
            title="Amina et la perceuse",
            quote=QUOTE,
            portrait=portrait,
            **kwargs,
        )
    )


def test_without_social_consent_no_portrait_nor_quote_in_sharing_metadata(
    client, site_tree, portrait
):
    page = make(site_tree, portrait, consent_web=True, consent_social=False)

    meta, images = metadata(client, page)

    # The page itself shows the portrait and the quote (web consent) ...
    assert len(images) == 1
    assert page.quote in client.get(page.url).content.decode()
    # ... but nothing networks copy carries them.
    for name in ("og:image", "og:image:alt", "twitter:image"):
        assert name not in meta
    assert meta["twitter:card"] == "summary"
    for name in ("description", "og:description", "twitter:description"):
        assert meta[name]  # a neutral description stays
        assert QUOTE not in meta[name]
        assert "perceuse de Paul" not in meta[name]
    assert meta["og:description"] == "Le témoignage d’un habitant ou d’une habitante."
    assert not any(portrait.title in value for value in meta.values())
    assert not any("/media/" in value for value in meta.values())
    # The title may stay.
    assert meta["og:title"] == "Amina et la perceuse"


def test_without_social_consent_even_the_chosen_social_image_is_left_out(
    client, site_tree, portrait
):
    page = make(
        site_tree,
        portrait,
        consent_web=True,
        consent_social=False,
        social_image=ImageFactory(title="Amina en gros plan"),
    )

    meta, _images = metadata(client, page)

    assert "og:image" not in meta
    assert "twitter:image" not in meta


def test_an_editor_description_stays_without_social_consent(client, site_tree, portrait):
    page = make(
        site_tree,
        portrait,
        consent_web=True,
        consent_social=False,
        search_description="Une habitante raconte l’outilthèque.",
    )

    meta, _images = metadata(client, page)

    assert meta["og:description"] == "Une habitante raconte l’outilthèque."


def test_with_social_consent_portrait_and_quote_are_shared(client, site_tree, portrait):
    page = make(site_tree, portrait, consent_web=True, consent_social=True)

    meta, _images = metadata(client, page)

    rendition = portrait.get_rendition("fill-1200x630")
    assert meta["og:image"] == f"http://testserver{rendition.url}"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image:alt"] == portrait.title
    assert meta["og:description"] == QUOTE
    assert meta["twitter:description"] == QUOTE


def test_social_consent_ended_in_the_admin_takes_the_portrait_out_at_once(
    client, site_tree, portrait
):
    page = make(site_tree, portrait, consent_web=True, consent_social=True)
    assert "og:image" in metadata(client, page)[0]

    page.consent_social = False
    publish(page)

    meta, _images = metadata(client, page)
    assert "og:image" not in meta
    assert QUOTE not in meta["og:description"]
