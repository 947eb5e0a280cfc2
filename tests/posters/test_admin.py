"""The admin's Poster button and view: who may print, preview, download, refusals."""

import io

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import pytest
from PIL import Image

from tests.pdf.pdf_helpers import decode_pages

from .conftest import pdf_reader, size_mm

pytestmark = pytest.mark.django_db


@pytest.fixture
def communication_user(django_user_model):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    return user


@pytest.fixture
def editor(django_user_model, site_tree):
    """May use the admin and edit pages, may not print."""
    user = django_user_model.objects.create_user("ed", "ed@example.org", "password")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    group = Group.objects.get(name="Contributors")
    user.groups.add(group)
    return user


def urls(page):
    return [
        reverse("posters_page", args=[page.pk]),
        reverse("posters_preview", args=[page.pk]),
        reverse("posters_pdf", args=[page.pk]),
    ]


def test_anonymous_visitors_go_to_the_login(client, service):
    for url in urls(service):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]


def test_editors_who_may_not_print_get_403_and_no_button(client, editor, service):
    client.force_login(editor)
    for url in urls(service):
        assert client.get(url).status_code == 403, url
    response = client.get(reverse("wagtailadmin_pages:edit", args=[service.pk]))
    assert response.status_code == 200
    assert reverse("posters_page", args=[service.pk]).encode() not in response.content


def test_communication_staff_see_the_button_preview_and_download(
    client, communication_user, service
):
    client.force_login(communication_user)
    page_url = reverse("posters_page", args=[service.pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[service.pk]))
    assert page_url.encode() in edit.content  # the page header button
    listing = client.get(reverse("wagtailadmin_explore", args=[service.get_parent().pk]))
    assert page_url.encode() in listing.content  # the listing's "more" menu

    response = client.get(page_url, {"size": "a3", "print_ready": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    preview = reverse("posters_preview", args=[service.pk]) + "?size=a3&amp;print_ready=on"
    assert preview in html
    assert "Outilthèque des Aulnes" in html

    png = client.get(reverse("posters_preview", args=[service.pk]), {"size": "a3"})
    assert png["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.width == 720 and image.height == pytest.approx(720 * 420 / 297, abs=2)

    pdf = client.get(reverse("posters_pdf", args=[service.pk]), {"size": "a4", "print_ready": "on"})
    assert pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert "poster-outilotheque-fr-a4-print-ready.pdf" in pdf["Content-Disposition"]
    assert size_mm(pdf_reader(pdf.content).pages[0].mediabox) == pytest.approx((216, 303), abs=0.1)
    assert len(decode_pages(pdf.content, dpi=100)[0]) == 1


def test_a_bad_size_falls_back_to_a4(client, staff_user, service):
    client.force_login(staff_user)
    response = client.get(reverse("posters_pdf", args=[service.pk]), {"size": "../../a0"})
    assert response.status_code == 200
    assert size_mm(pdf_reader(response.content).pages[0].mediabox) == pytest.approx(
        (210, 297), abs=0.1
    )


def test_a_refused_testimonial_shows_the_reason_and_nothing_else(client, staff_user, refusing):
    client.force_login(staff_user)
    response = client.get(reverse("posters_page", args=[refusing.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pas d’affiche pour cette page" in html or "No poster of this page" in html
    assert "consent" in html
    assert reverse("posters_preview", args=[refusing.pk]) not in html
    for url in urls(refusing)[1:]:
        refused = client.get(url)
        assert refused.status_code == 409
        assert refused["Content-Type"].startswith("text/plain")


def test_pages_without_a_card_have_no_poster(client, staff_user, site_tree):
    client.force_login(staff_user)
    root = site_tree.home.get_parent()
    # (the admin's 404 goes through the language redirect first: follow it)
    for page_id in (root.pk, 999999):
        response = client.get(reverse("posters_page", args=[page_id]), follow=True)
        assert response.status_code == 404
