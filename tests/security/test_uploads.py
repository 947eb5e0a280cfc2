"""Uploads are validated: sizes, pixel counts, formats; SVG never reaches the image library."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

pytestmark = pytest.mark.django_db

HOSTILE_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)


def png(width, height):
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@pytest.fixture
def admin(client, staff_user):
    client.force_login(staff_user)
    return client


def upload_image(admin, name, content, content_type="image/png"):
    return admin.post(
        "/admin/images/add/",
        {"title": name, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_a_normal_image_is_accepted(admin):
    response = upload_image(admin, "ok.png", png(64, 64))
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="ok.png").exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("hostile.svg", HOSTILE_SVG, "image/svg+xml"),
        ("fake.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("page.html", b"<html></html>", "text/html"),
    ],
)
def test_svg_and_non_images_are_refused_by_the_image_library(admin, name, content, content_type):
    response = upload_image(admin, name, content, content_type)
    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.filter(title=name).exists()


def test_a_pixel_bomb_is_refused(admin, settings):
    # 9000 × 9000 = 81 million pixels in a few kilobytes of PNG.
    content = png(9000, 9000)
    assert len(content) < 200_000
    response = upload_image(admin, "bomb.png", content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.filter(title="bomb.png").exists()


def test_an_oversized_file_is_refused(admin, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 50_000
    response = upload_image(admin, "big.png", png(64, 64) + b"\0" * 60_000)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


@pytest.mark.parametrize("name", ["consent.html", "consent.svg", "script.js", "macro.docm"])
def test_documents_only_accept_the_listed_formats(admin, name):
    response = admin.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, b"<script>alert(1)</script>")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_document_model().objects.filter(title=name).exists()
