"""Getting the PDF: the edition's URL, the store, the admin, the command line, the bounds."""

import io

from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.blocks import StreamBlockValidationError

import pytest

from bulletins import render as bulletin_render
from bulletins.blocks import MAX_ARTICLES, BulletinArticlesBlock
from bulletins.models import BulletinPDF
from bulletins.render import BulletinTooLarge, render_bulletin

from .conftest import page_article, publish

pytestmark = pytest.mark.django_db


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


def test_second_download_is_served_from_the_store_until_an_included_page_is_published(
    client, edition, content_pages, layouts
):
    url = f"{edition.url}pdf/"
    first, body = download(client, url)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF-1.7")
    assert first["ETag"] and first["Last-Modified"]
    assert "bulletin-12-fr.pdf" in first["Content-Disposition"]
    assert len(layouts) == 1

    second, again = download(client, url)
    assert again == body and second["ETag"] == first["ETag"]
    assert len(layouts) == 1  # no rendering: read from the store

    not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert len(layouts) == 1

    # The print-ready output is stored on its own.
    ready, ready_body = download(client, f"{edition.url}pdf/print-ready/")
    assert ready.status_code == 200 and ready["ETag"] != first["ETag"]
    assert len(layouts) == 2

    # Publishing an included page makes the next download render again.
    service = content_pages["service"]
    service.teaser = "Une perceuse, un marteau, une scie."
    publish(service)
    third, renewed = download(client, url)
    assert third["ETag"] != first["ETag"] and renewed != body
    assert len(layouts) == 3
    download(client, url)
    assert len(layouts) == 3
    assert BulletinPDF.objects.filter(page=edition, kind="home").count() <= 3


def test_drafts_are_never_public_and_editors_download_them(
    client, staff_user, make_edition, content_pages, layouts
):
    draft = make_edition([page_article(content_pages["regulation"])], number=13, live=False)
    assert client.get(f"{draft.url}pdf/").status_code == 404
    assert client.get(f"{draft.url}pdf/print-ready/").status_code == 404
    assert client.get(draft.url).status_code == 404
    assert not layouts

    client.force_login(staff_user)
    response, body = download(client, f"{draft.url}pdf/")
    assert response.status_code == 200 and body.startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-cache"


def test_admin_print_view_says_what_was_left_out_and_offers_preview_and_downloads(
    client, staff_user, edition, layouts
):
    client.force_login(staff_user)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[edition.pk]))
    print_url = reverse("print_bulletin", args=[edition.pk])
    assert print_url in edit.content.decode()

    page = client.get(print_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mehdi et le covoiturage" in html
    assert "the author did not consent to print" in html
    pdf_url = reverse("print_bulletin_pdf", args=[edition.pk, "print-ready"])
    assert pdf_url in html

    preview = client.get(reverse("print_bulletin_html", args=[edition.pk]))
    assert preview.status_code == 200
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "Le partage s’installe dans nos rues" in preview.content.decode()
    assert not layouts  # the preview is HTML: nothing laid out

    response, body = download(client, pdf_url)
    assert response.status_code == 200 and body.startswith(b"%PDF")
    assert len(layouts) == 1

    # Wagtail's preview panel has a "print" mode showing the same HTML.
    from bulletins.models import BulletinPage

    assert ("print", "Print (HTML)") in [
        (mode, str(label)) for mode, label in BulletinPage.preview_modes
    ]


def test_admin_views_need_edit_permission(client, django_user_model, edition):
    user = django_user_model.objects.create_user("visitor", password="x")
    client.force_login(user)
    for name, args in (
        ("print_bulletin", [edition.pk]),
        ("print_bulletin_html", [edition.pk]),
        ("print_bulletin_pdf", [edition.pk, "home"]),
    ):
        assert client.get(reverse(name, args=args)).status_code in (302, 403)


def test_command_prints_to_a_file_and_reuses_the_store(edition, tmp_path, layouts):
    output = tmp_path / "bulletin.pdf"
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "bulletin_pdf", "--page", edition.slug, "--output", str(output), stdout=out, stderr=err
    )
    assert output.read_bytes().startswith(b"%PDF")
    assert "pages" in out.getvalue()
    assert "Left out: Mehdi et le covoiturage" in err.getvalue()
    call_command(
        "bulletin_pdf",
        "--page",
        str(edition.pk),
        "--print-ready",
        "--output",
        str(tmp_path / "ready.pdf"),
        stdout=out,
        stderr=err,
    )
    call_command("bulletin_pdf", "--page", str(edition.pk), "--output", str(output), stdout=out)
    assert "(from the store)" in out.getvalue()
    assert len(layouts) == 2
    with pytest.raises(CommandError, match="no en translation"):
        call_command("bulletin_pdf", "--page", edition.slug, "--locale", "en", "--output", "x")
    with pytest.raises(CommandError, match="No bulletin edition"):
        call_command("bulletin_pdf", "--page", "nope", "--output", "x")


def test_more_than_60_articles_is_refused_with_a_clear_message(
    client, make_edition, content_pages, layouts
):
    articles = [page_article(content_pages["regulation"])] * (MAX_ARTICLES + 1)
    block = BulletinArticlesBlock()
    raw = [
        {"type": kind, "value": block.child_blocks[kind].get_prep_value(value)}
        for kind, value in articles
    ]
    with pytest.raises(StreamBlockValidationError) as error:
        block.clean(block.to_python(raw))
    assert "at most 60 articles (this one has 61)" in str(error.value.as_json_data())
    edition = make_edition(articles, number=14)
    with pytest.raises(BulletinTooLarge, match="at most 60 articles"):
        render_bulletin(edition)
    response = client.get(f"{edition.url}pdf/")
    assert response.status_code == 422
    # In the language of the site the visitor is on (/fr/...).
    assert "au plus 60 articles (celui-ci en a 61)" in response.content.decode()
    assert not layouts


def test_more_pages_than_the_bound_is_refused_with_a_clear_message(edition, monkeypatch):
    monkeypatch.setattr(bulletin_render, "MAX_PAGES", 2)
    with pytest.raises(BulletinTooLarge) as error:
        render_bulletin(edition)
    assert "pages; at most 2 can be printed" in error.value.message
