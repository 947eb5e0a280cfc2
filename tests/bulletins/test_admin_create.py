"""A staff member builds an edition in the admin, is told what is left out, then prints it."""

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from bulletins.models import BulletinPage

pytestmark = pytest.mark.django_db


def test_staff_builds_an_edition_in_the_admin_and_downloads_both_pdfs(
    client, staff_user, bulletin_index, content_pages
):
    client.force_login(staff_user)
    data = nested_form_data(
        {
            "title": "Bulletin de printemps",
            "slug": "printemps",
            "edition_number": "3",
            "issue_date": "2026-03-01",
            "agenda_until": "2026-04-30",
            "cover_headline": "Le printemps du partage",
            "cover_image": "",
            "editorial": rich_text("<p>Bonne lecture.</p>"),
            "editorial_signature": "La maire",
            "articles": streamfield(
                [
                    (
                        "page_article",
                        {
                            "page": content_pages["service"].pk,
                            "print_title": "Outils à prêter",
                            "print_teaser": "",
                        },
                    ),
                    (
                        "page_article",
                        {
                            "page": content_pages["refusing"].pk,
                            "print_title": "",
                            "print_teaser": "",
                        },
                    ),
                    (
                        "free_article",
                        {
                            "title": "Nouvelles du conseil",
                            "teaser": "",
                            "image": {"image": "", "alt_text": "", "decorative": ""},
                            "body": rich_text("<p>Le conseil a voté le budget.</p>"),
                            "link_page": "",
                        },
                    ),
                ]
            ),
            "action-publish": "action-publish",
        }
    )
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["bulletins", "bulletinpage", bulletin_index.pk]),
        data,
        follow=True,
    )
    assert response.status_code == 200
    edition = BulletinPage.objects.get(slug="printemps")
    assert edition.live and len(edition.articles) == 3
    messages = [str(message) for message in response.context["messages"]]
    assert any(
        "Left out of the printed edition: “Mehdi et le covoiturage”" in message
        for message in messages
    ), messages

    preview = client.get(reverse("print_bulletin_html", args=[edition.pk]))
    assert "Outils à prêter" in preview.content.decode()
    for kind in ("home", "print-ready"):
        pdf = client.get(reverse("print_bulletin_pdf", args=[edition.pk, kind]))
        assert pdf.status_code == 200
        assert b"".join(pdf.streaming_content).startswith(b"%PDF")
