"""Hostile text in the social media kit: images keep their exact size, texts their limits,
markup stays text, and the admin's parameters cannot be abused."""

import dataclasses
import io

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest
from PIL import Image

from pdf.print_style import print_style
from social.images import FORMATS, alt_text, image_html, image_layout, render_image
from social.kit import build_social_kit
from social.networks import post_length
from social.posts import build_posts
from social.text import graphemes
from tests.factories import CampaignPageFactory, RegulationPageFactory, ServicePageFactory
from tests.stickers.conftest import fresh_link_cache  # noqa: F401

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
HOSTILE_TITLE = (
    f"{SCRIPT} \u202eesrever\u202c \u200fمكتبة الأدوات\u200f 👨‍👩‍👧‍👦🔨 "
    + "Anticonstitutionnellement" * 10
    + " le partage " * 80
)[:1200]


@pytest.fixture
def pages(site_tree):
    """A service with a trial offer in a campaign with hashtags, and a regulation."""
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque")
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns, slug="partage", hashtags="#Partage #ValDesAulnes"
    )
    campaign.items.add(campaign.items.model(page=service))
    campaign.save()
    regulation = RegulationPageFactory(parent=site_tree.regulations, slug="voiture")
    for page in (service, campaign, regulation):
        page.save_revision().publish()
        page.refresh_from_db()
    return {"service": service, "campaign": campaign, "regulation": regulation}


@pytest.fixture
def communication_user(django_user_model):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    return user


@pytest.fixture
def hostile_card(pages):
    card = pages["service"].card
    assert len(HOSTILE_TITLE) == 1200
    return dataclasses.replace(
        card,
        title=HOSTILE_TITLE,
        teaser=f"{SCRIPT} " + "🔨👨‍👩‍👧‍👦 ﷽ " * 300,
        trial=dataclasses.replace(card.trial, text=HOSTILE_TITLE),
    )


def test_hostile_texts_keep_every_image_at_its_exact_size(hostile_card, pages):
    style = print_style(pages["service"])
    for fmt in FORMATS:
        html = image_html(hostile_card, fmt, style=style, short_url="testserver/q/ABC")
        assert SCRIPT not in html and "&lt;script&gt;" in html
        for block in image_layout(hostile_card, fmt, primary="#1d4e89", accent="#f4b400"):
            assert block.x >= 0 and block.x + block.w <= fmt.width, (fmt.key, block.kind)
            assert block.y >= 0 and block.y + block.h <= fmt.height, (fmt.key, block.kind)
        png = render_image(hostile_card, fmt, style=style, short_url="testserver/q/ABC")
        assert Image.open(io.BytesIO(png)).size == (fmt.width, fmt.height)


def test_hostile_texts_stay_within_every_networks_limit(hostile_card, pages):
    kit = build_social_kit(pages["service"], campaign=pages["campaign"])
    link = kit.items[0].link
    for post in build_posts(hostile_card, link, kit.items[0].hashtags):
        assert post_length(post.text, post.network) <= post.network.limit, post.network.key
        assert link.short_url in post.text
    assert len(graphemes(alt_text(hostile_card))) <= 1000


def test_a_hostile_page_title_goes_through_the_kit(pages):
    service = pages["service"]
    service.title = HOSTILE_TITLE[:255]
    service.teaser = SCRIPT
    service.save_revision().publish()
    kit = build_social_kit(service)
    for post in kit.items[0].posts:
        assert post.within_limit
        assert SCRIPT in post.text  # plain text in a .txt file, never markup


def test_admin_parameters_cannot_be_abused(client, pages, communication_user):
    client.force_login(communication_user)
    service = pages["service"]
    view = reverse("social_kit", args=[service.pk])
    for value in ("1 OR 1=1", "-1", "9" * 40, "<script>", pages["regulation"].pk):
        response = client.get(view, {"campaign": value})
        assert response.status_code == 200
        assert response.context["campaign"] is None
    for key in ("../../etc/passwd", "square.png", "x" * 300):
        response = client.get(f"/admin/social/{service.pk}/image/{key}.png", follow=True)
        assert response.status_code == 404
    response = client.get(view + "?campaign=<script>")
    assert b"<script>" not in response.content
