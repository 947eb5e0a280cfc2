"""The social media kit in the admin: who sees the button, who gets the images and the ZIP."""

import io
import zipfile

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest
from PIL import Image

from social.wagtail_hooks import social_header_button, social_listing_button

pytestmark = pytest.mark.django_db


def _urls(page, campaign=None):
    query = f"?campaign={campaign.pk}" if campaign is not None else ""
    return {
        "view": reverse("social_kit", args=[page.pk]) + query,
        "image": reverse("social_kit_image", args=[page.pk, "link"]) + query,
        "zip": reverse("social_kit_zip", args=[page.pk]) + query,
    }


def test_the_button_is_for_content_pages_and_users_who_may_print(
    pages, site_tree, communication_user, contributor
):
    service = pages["service"]
    buttons = social_header_button(service, communication_user)
    assert [button.url for button in buttons] == [reverse("social_kit", args=[service.pk])]
    assert social_listing_button(pages["campaign"], communication_user)
    assert social_header_button(service, contributor) == []
    assert social_listing_button(service, contributor) == []
    assert social_header_button(site_tree.services, communication_user) == []  # an index


def test_users_who_may_not_print_get_nothing(client, pages, contributor, django_user_model):
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "password")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for user in (contributor, editor):
        client.force_login(user)
        for url in _urls(pages["service"]).values():
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert response.get("Content-Type", "").split(";")[0] not in (
                "image/png",
                "application/zip",
            )
    client.logout()
    for url in _urls(pages["service"]).values():
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_the_kit_view_shows_images_alt_texts_and_lengths_against_limits(
    client, pages, communication_user
):
    client.force_login(communication_user)
    service, campaign = pages["service"], pages["campaign"]
    urls = _urls(service, campaign)
    response = client.get(urls["view"])
    assert response.status_code == 200
    kit = response.context["kit"]
    item = kit.items[0]
    html = response.content.decode()
    for post in item.posts:
        assert f"{post.length} / {post.limit}" in html
        assert post.length <= post.limit
    assert "/ 300" in html and "/ 500" in html and "/ 2200" in html
    assert "#SemaineDuPartage" in html
    assert html.count(reverse("social_kit_image", args=[service.pk, "square"])) == 2
    assert urls["zip"].replace("&", "&amp;") in html or urls["zip"] in html
    assert "Perceuse, escabeau, taille-haie" in html  # the alternative text

    image = client.get(urls["image"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (1200, 630)
    huge = reverse("social_kit_image", args=[service.pk, "huge"])
    assert client.get(huge, follow=True).status_code == 404


def test_the_zip_download(client, pages, communication_user):
    client.force_login(communication_user)
    response = client.get(_urls(pages["regulation"])["zip"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="social-preter-sa-voiture-fr.zip"' in response["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "README.txt" in names and len(names) == 10


def test_a_refused_page_shows_why_and_serves_nothing(client, pages, communication_user):
    client.force_login(communication_user)
    urls = _urls(pages["print_only"])
    response = client.get(urls["view"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "ne peut pas aller sur les réseaux sociaux" in html
    assert "n’a pas consenti à ce canal (Réseaux sociaux)" in html
    assert response.context["kit"] is None
    assert client.get(urls["image"], follow=True).status_code == 404
    response = client.get(urls["zip"])
    assert response.status_code == 302
    assert response["Location"] == urls["view"]


def test_only_content_pages_and_campaigns_of_the_page(client, pages, site_tree, communication_user):
    client.force_login(communication_user)
    # (A 404 under /admin/ is sent to the language-prefixed address first.)
    assert client.get(_urls(site_tree.home)["view"], follow=True).status_code == 404
    assert client.get(_urls(site_tree.services)["image"], follow=True).status_code == 404
    # A campaign that does not select the page is ignored: no hashtags, no campaign link.
    response = client.get(_urls(pages["regulation"], pages["campaign"])["view"])
    assert response.status_code == 200
    assert response.context["campaign"] is None
    assert response.context["kit"].items[0].link.campaign_id is None
