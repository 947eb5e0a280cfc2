"""Badges from the command line and from the admin: the same sheet, the same refusals."""

from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from links.models import ShortLink
from stickers.models import StickerDesign
from tests.factories import CampaignPageFactory, TestimonialPageFactory
from tests.pdf.pdf_helpers import decode_pages
from tests.stickers.badge_helpers import stroked_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(site_tree):
    page = CampaignPageFactory(parent=site_tree.campaigns, slug="semaine-du-partage")
    page.save_revision().publish()
    return page


def test_command_writes_a_badge_sheet_for_a_campaign(tmp_path, designs, campaign):
    output = tmp_path / "badges.pdf"
    call_command(
        "badge_sheet",
        "--design",
        "covoit:3",
        "--design",
        "perceuse",
        "--size",
        "45",
        "--guides",
        "--campaign",
        "semaine-du-partage",
        "--locale",
        "fr",
        "--output",
        str(output),
    )
    pdf = output.read_bytes()
    link = ShortLink.objects.get(channel="badge", sticker_design=designs["covoit"])
    assert link.campaign_id == campaign.pk
    assert decode_pages(pdf) == [[link.qr_url] * 3]
    guides = {(26, 26, 26), (0, 153, 217), (217, 0, 140)}  # cut, face, safe area
    circles = [path for path in stroked_paths(pdf)[0] if path[0] in guides]
    assert len(circles) == 3 * 13  # 13 badges of 45 mm on A4: cut, face and safe circles
    assert {round(width) for _c, width, _h, _centre in circles} == {56, 45, 42}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--design", "outils:2", "--size", "60"], "Unknown badge size '60'"),
        (["--design", "outils:2", "--size", "grand"], "Sizes \\(face, mm\\): 25, 32, 38"),
        (["--design", "inconnu:2"], "Unknown sticker design 'inconnu'"),
        (["--design", "outils:301"], "300"),
        (["--design", "outils:0"], "1 or more"),
        (["--design", "outils:2", "--campaign", "nulle-part"], "nulle-part"),
        ([], "at least one --design"),
    ],
)
def test_command_errors(tmp_path, designs, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "badge_sheet", *arguments, "--locale", "fr", "--output", str(tmp_path / "x.pdf")
        )
    assert not (tmp_path / "x.pdf").exists()


def _form(**overrides):
    data = {"size": "32", "design_1": "", "quantity_1": ""}
    data.update(overrides)
    return data


def test_badge_printing_needs_the_print_permission(client, django_user_model, designs):
    url = reverse("print_badge_sheet")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "password")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    response = client.post(url, _form(design_1=designs["outils"].pk, quantity_1="2"))
    assert response.status_code in (302, 403)
    assert not ShortLink.objects.filter(channel="badge").exists()


def test_communication_staff_print_badges_from_the_admin(client, django_user_model, designs):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    client.force_login(user)
    admin_home = client.get(reverse("wagtailadmin_home"))
    assert reverse("print_badge_sheet").encode() in admin_home.content  # the menu entry
    url = reverse("print_badge_sheet")
    page = client.get(url)
    assert page.status_code == 200 and b"58 mm (cut at 70 mm, 9 per A4 sheet)" in page.content
    response = client.post(
        url,
        _form(design_1=designs["outils"].pk, design_2=designs["perceuse"].pk, fill_sheet="on"),
    )
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "application/pdf"
    link = ShortLink.objects.get(channel="badge", sticker_design=designs["outils"])
    assert decode_pages(response.content) == [[link.qr_url] * 12]  # 24 per sheet, one in two


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"quantity_1": "301"}, "At most 300 badges"),
        ({"quantity_1": "0"}, "1 or more"),
        ({"quantity_1": "2", "size": "60"}, "valid choice"),
        ({"quantity_1": ""}, "Fill the sheet"),
    ],
)
def test_badge_form_errors(client, staff_user, designs, overrides, message):
    client.force_login(staff_user)
    response = client.post(
        reverse("print_badge_sheet"), _form(design_1=designs["outils"].pk, **overrides)
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_badge_form_says_why_a_testimonial_is_refused(client, staff_user, locales, site_tree):
    refusing = TestimonialPageFactory(parent=site_tree.testimonials, consent_print=False)
    refusing.save_revision().publish()
    design = StickerDesign.objects.create(
        locale=locales["fr"],
        slug="mehdi",
        kind=StickerDesign.Kind.AMBASSADOR,
        text="Mehdi",
        target_page=refusing,
    )
    client.force_login(staff_user)
    response = client.post(reverse("print_badge_sheet"), _form(design_1=design.pk, quantity_1="4"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "cannot be printed on badges" in content and "did not consent" in content
