"""The "Street criers" admin view: who may see it, what it flags, the download."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import pytest

from links.models import ShortLink
from tests.pdf.pdf_helpers import decode_pages

from .conftest import pdf_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def communication_user(django_user_model):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    return user


@pytest.fixture
def contributor(django_user_model):
    """May edit pages (drafts), may not print."""
    user = django_user_model.objects.create_user("contrib", "c@example.org", "password")
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


@pytest.fixture
def printer_only(django_user_model):
    """May print, may not edit any page."""
    user = django_user_model.objects.create_user("printer", "p@example.org", "password")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="print_material"),
    )
    return user


def urls(campaign):
    return [
        reverse("crier_cards", args=[campaign.pk]),
        reverse("crier_cards_pdf", args=[campaign.pk, "a6"]),
    ]


def test_anonymous_users_are_sent_to_the_login(client, campaign):
    for url in urls(campaign):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to its home page."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.mark.parametrize(("user", "may_edit"), [("contributor", True), ("printer_only", False)])
def test_users_who_may_not_both_edit_and_print_are_refused(
    client, campaign, request, user, may_edit
):
    client.force_login(request.getfixturevalue(user))
    for url in urls(campaign):
        assert refused(client.get(url)), url
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[campaign.pk]))
    assert (edit.status_code == 200) is may_edit
    assert reverse("crier_cards", args=[campaign.pk]).encode() not in edit.content


def test_buttons_on_the_campaign_only(client, communication_user, crier_pages):
    client.force_login(communication_user)
    campaign = crier_pages["campaign"]
    url = reverse("crier_cards", args=[campaign.pk]).encode()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[campaign.pk]))
    assert url in edit.content
    listing = client.get(reverse("wagtailadmin_explore", args=[campaign.get_parent().pk]))
    assert url in listing.content
    service = crier_pages["service"]
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[service.pk]))
    assert b"/criers/" not in edit.content
    assert client.get(reverse("crier_cards", args=[service.pk]), follow=True).status_code == 404


def test_the_list_flags_announcements_over_45_seconds_and_makes_no_link(
    client, communication_user, crier_pages
):
    service = crier_pages["service"]
    service.announcement = " ".join(["Oyez"] * 125)  # 50 s
    service.save_revision().publish()
    client.force_login(communication_user)
    links_before = set(ShortLink.objects.values_list("pk", flat=True))
    response = client.get(reverse("crier_cards", args=[crier_pages["campaign"].pk]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["card"].title for row in rows] == [
        "Semaine du partage",
        "Outilthèque des Aulnes",
        "Puis-je prêter ma voiture à un voisin ?",
        "Claire et la perceuse",
    ]
    assert [row["card"].too_long for row in rows] == [False, True, False, False]
    html = response.content.decode()
    assert html.count('class="crier-too-long"') == 1
    assert "≈ 50 s" in html and "Trop long : 5 s de plus que 45 s." in html
    assert "Pas d’annonce écrite : le chapeau est lu." in html  # the regulation
    assert "Mehdi et le covoiturage" in html  # left out, with its reason
    assert "Je covoiture" not in html
    # Links come with the PDF, not with the list.
    assert set(ShortLink.objects.values_list("pk", flat=True)) == links_before


def test_download_both_layouts(client, communication_user, campaign):
    client.force_login(communication_user)
    response = client.get(reverse("crier_cards_pdf", args=[campaign.pk, "a4"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="criers-semaine-du-partage-fr-a4.pdf"' in response["Content-Disposition"]
    assert len(pdf_reader(response.content).pages) == 1
    assert len(decode_pages(response.content, dpi=150)[0]) == 4
    missing = client.get(reverse("crier_cards_pdf", args=[campaign.pk, "a3"]), follow=True)
    assert missing.status_code == 404  # (through the language redirect for 404s)
