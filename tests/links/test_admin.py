import datetime
import io

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

import pytest
import zxingcpp
from PIL import Image

from campaigns.models import CampaignPage
from demo.links import create_demo_links
from links.models import ScanCount, ShortLink, upsert_count
from tests.factories import CampaignPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def campaign(site_tree):
    page = CampaignPageFactory(parent=site_tree.campaigns, slug="printemps")
    page.save_revision().publish()
    return page


def make_user(django_user_model, name, *codenames, groups=()):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "password")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="links", codename__in=codenames),
    )
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


def test_staff_group_gets_link_permissions():
    staff = Group.objects.get(name="Communication staff")
    codenames = set(
        staff.permissions.filter(content_type__app_label="links").values_list("codename", flat=True)
    )
    assert codenames == {"add_shortlink", "change_shortlink", "view_shortlink"}


def test_snippet_listing_filters_by_campaign_and_channel(admin_client, service, campaign):
    in_campaign = ShortLink.objects.get_or_create_for(service, "poster", campaign=campaign)
    other = ShortLink.objects.get_or_create_for(service, "kiosk")
    upsert_count(ScanCount, "link", in_campaign.pk)
    index = reverse("wagtailsnippets_links_shortlink:list")

    response = admin_client.get(index)
    assert response.status_code == 200
    assert in_campaign.code in response.content.decode()
    assert other.code in response.content.decode()

    filtered = admin_client.get(index, {"campaign": campaign.pk})
    assert in_campaign.code in filtered.content.decode()
    assert other.code not in filtered.content.decode()

    by_channel = admin_client.get(index, {"channel": "kiosk"})
    assert other.code in by_channel.content.decode()
    assert in_campaign.code not in by_channel.content.decode()

    searched = admin_client.get(index, {"q": other.code})
    assert searched.status_code == 200


def test_inspect_shows_scans_per_day_and_total(admin_client, link):
    today = timezone.localdate()
    for _ in range(3):
        upsert_count(ScanCount, "link", link.pk)
    upsert_count(ScanCount, "link", link.pk, day=today - datetime.timedelta(days=2))

    response = admin_client.get(reverse("wagtailsnippets_links_shortlink:inspect", args=[link.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="links-total" data-total="4"' in html
    assert "<svg" in html
    assert link.qr_url in html
    assert response.context["total_scans"] == 4
    assert [row.count for row in response.context["scans_per_day"]] == [3, 1]


def test_create_through_admin_records_creator(admin_client, service, staff_user):
    response = admin_client.post(
        reverse("wagtailsnippets_links_shortlink:add"),
        {"page": service.pk, "channel": "bulletin", "label": "Bulletin de mai", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    link = ShortLink.objects.get(label="Bulletin de mai")
    assert link.created_by == staff_user
    assert len(link.code) == 6


def test_page_view_makes_or_reuses_a_link(admin_client, service, campaign):
    url = reverse("links_page", args=[service.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(url, {"channel": "sticker", "campaign": campaign.pk})
    assert response.status_code == 302
    link = ShortLink.objects.get(page=service)  # publishing the campaign made its own
    assert (link.page_id, link.channel, link.campaign_id) == (service.pk, "sticker", campaign.pk)
    assert response["Location"].endswith(f"?link={link.pk}")

    again = admin_client.post(url, {"channel": "sticker", "campaign": campaign.pk})
    assert again.status_code == 302
    assert ShortLink.objects.filter(page=service).count() == 1

    page = admin_client.get(response["Location"])
    html = page.content.decode()
    assert link.code in html and "<svg" in html
    assert reverse("links_qr", args=[link.pk, "png"]) in html
    assert reverse("links_qr", args=[link.pk, "svg"]) in html

    bad = admin_client.post(url, {"channel": "pigeon"})
    assert bad.status_code == 400
    assert ShortLink.objects.filter(page=service).count() == 1


def test_page_header_has_a_qr_button(admin_client, service):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[service.pk]))
    assert reverse("links_page", args=[service.pk]) in response.content.decode()


def test_qr_downloads(admin_client, link):
    png = admin_client.get(
        reverse("links_qr", args=[link.pk, "png"]),
        {"ec": "h", "scale": "6", "quiet_zone": "2", "download": "1"},
    )
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"
    assert png["Content-Disposition"].startswith("attachment;")
    image = Image.open(io.BytesIO(png.content))
    assert zxingcpp.read_barcodes(image)[0].text == link.qr_url

    svg = admin_client.get(reverse("links_qr", args=[link.pk, "svg"]), {"size_mm": "30"})
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg ") and b'width="30mm"' in svg.content


@pytest.mark.parametrize(
    "params",
    [
        {"ec": "X"},
        {"quiet_zone": "-1"},
        {"quiet_zone": "99"},
        {"quiet_zone": "abc"},
        {"scale": "0"},
        {"scale": "10000"},
        {"scale": "1e9"},
    ],
)
def test_qr_download_rejects_bad_parameters(admin_client, link, params):
    response = admin_client.get(reverse("links_qr", args=[link.pk, "png"]), params)
    assert response.status_code == 400
    assert response.content


def test_qr_download_rejects_bad_svg_size(admin_client, link):
    for size in ("0", "100000", "big"):
        response = admin_client.get(reverse("links_qr", args=[link.pk, "svg"]), {"size_mm": size})
        assert response.status_code == 400


def test_admin_views_need_permission(client, django_user_model, link, service):
    urls = [
        reverse("links_page", args=[service.pk]),
        reverse("links_qr", args=[link.pk, "svg"]),
        reverse("links_qr", args=[link.pk, "png"]),
        reverse("wagtailsnippets_links_shortlink:inspect", args=[link.pk]),
        reverse("wagtailsnippets_links_shortlink:list"),
    ]
    for url in urls:  # anonymous: to the login page
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url

    client.force_login(make_user(django_user_model, "nobody"))
    for url in urls:
        assert client.get(url).status_code in (302, 403), url
    assert client.post(urls[0], {"channel": "website"}).status_code in (302, 403)
    assert not ShortLink.objects.exclude(pk=link.pk).exists()


def test_viewer_cannot_create_from_page_view(client, django_user_model, service):
    client.force_login(make_user(django_user_model, "viewer", "view_shortlink"))
    url = reverse("links_page", args=[service.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"channel": "website"})  # Wagtail turns 403 into a redirect
    assert refused.status_code == 403 or refused["Location"] == reverse("wagtailadmin_home")
    assert not ShortLink.objects.exists()


def test_staff_group_member_can_use_the_page_view(client, django_user_model, service):
    client.force_login(make_user(django_user_model, "agent", groups=["Communication staff"]))
    url = reverse("links_page", args=[service.pk])
    assert client.post(url, {"channel": "poster"}).status_code == 302
    link = ShortLink.objects.get()
    assert client.get(reverse("links_qr", args=[link.pk, "png"])).status_code == 200


def test_demo_links_are_idempotent(site_tree, service, campaign):
    campaign.items.create(page=service)
    campaign.save_revision().publish()
    # An unknown channel (older data) is skipped.
    CampaignPage.objects.filter(pk=campaign.pk).update(channels=["poster", "sticker", "nonsense"])
    # Publishing made the campaign's links already (campaigns app); the demo loader
    # makes them for campaigns published before that existed.
    ShortLink.objects.all().delete()
    out = io.StringIO()

    assert create_demo_links(stdout=out) == 4  # (campaign + service) × 2 channels
    assert "4 created" in out.getvalue()
    assert create_demo_links() == 0
    pairs = set(ShortLink.objects.values_list("page_id", "channel", "campaign_id"))
    assert pairs == {
        (page.pk, channel, campaign.pk)
        for page in (campaign, service)
        for channel in ("poster", "sticker")
    }


def test_get_or_create_for_reuses_by_label(site_tree, service):
    from links.models import ShortLink

    drill = ShortLink.objects.get_or_create_for(service, "sticker", label="sticker:perceuse")
    ladder = ShortLink.objects.get_or_create_for(service, "sticker", label="sticker:echelle")
    assert drill.code != ladder.code
    assert (
        ShortLink.objects.get_or_create_for(service, "sticker", label="sticker:perceuse") == drill
    )
    # Without a label, any active link of the page and channel is reused.
    assert ShortLink.objects.get_or_create_for(service, "sticker") == drill
