"""Kiosks in the admin: permissions, states, pairing, token, preview, dashboard, demo."""

import datetime
import json

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from demo.kiosks import create_demo_kiosks
from kiosk.models import Kiosk, PairingRequest
from kiosk.playlist import build_playlist
from links.models import ShortLink

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_kiosk_kiosk:list"
EDIT = "wagtailsnippets_kiosk_kiosk:edit"
ADD = "wagtailsnippets_kiosk_kiosk:add"


def make_user(django_user_model, name, group=None):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "password")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(make_user(django_user_model, "camille", "Communication staff"))
    return client


@pytest.fixture
def contributor(client, django_user_model):
    client.force_login(make_user(django_user_model, "dominique", "Contributors"))
    return client


def test_staff_group_gets_kiosk_permissions():
    staff = Group.objects.get(name="Communication staff")
    codenames = set(
        staff.permissions.filter(content_type__app_label="kiosk").values_list("codename", flat=True)
    )
    assert codenames == {"add_kiosk", "change_kiosk", "delete_kiosk", "view_kiosk"}


def test_listing_shows_the_state_of_each_kiosk(staff, db):
    now = timezone.now()
    Kiosk.objects.create(name="En ligne", last_seen_at=now - datetime.timedelta(minutes=1))
    Kiosk.objects.create(name="Muet", last_seen_at=now - datetime.timedelta(minutes=6))
    Kiosk.objects.create(name="Jamais vu")
    with override("en"):
        response = staff.get(reverse(LIST), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    states = {kiosk.name: kiosk.state(now) for kiosk in Kiosk.objects.all()}
    assert states == {"En ligne": "online", "Muet": "silent", "Jamais vu": "never"}
    for label in ["Online", "Silent for more than 5 minutes", "Never seen"]:
        assert label in html
    assert reverse("kiosk_pair") in html  # "Pair a screen" header button


def test_edit_page_shows_state_address_preview_and_actions(staff, bare_kiosk):
    response = staff.get(reverse(EDIT, args=[bare_kiosk.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/kiosk/{bare_kiosk.token}/" in html
    assert reverse("kiosk_preview", args=[bare_kiosk.pk]) in html
    assert reverse("kiosk_regenerate_token", args=[bare_kiosk.pk]) in html


def test_staff_create_a_kiosk_with_opening_hours_and_a_campaign(staff, campaign):
    data = nested_form_data(
        {
            "name": "Médiathèque",
            "place": "Entrée",
            "orientation": "portrait",
            "language": "alternate",
            "seconds_per_slide": 8,
            "opening_hours": inline_formset(
                [
                    {"weekday": 1, "opens": "09:00", "closes": "12:30"},
                    {"weekday": 2, "opens": "14:00", "closes": "18:00"},
                ]
            ),
        }
    )
    data["campaigns"] = [campaign.page.pk]
    response = staff.post(reverse(ADD), data)
    assert response.status_code == 302, response.context["form"].errors
    kiosk = Kiosk.objects.get(name="Médiathèque")
    assert list(kiosk.campaigns.all()) == [campaign.page]
    assert kiosk.hours() == [
        (1, datetime.time(9), datetime.time(12, 30)),
        (2, datetime.time(14), datetime.time(18)),
    ]
    assert kiosk.token and kiosk.token_digest


def test_opening_hours_must_close_after_opening(staff, kiosk):
    data = nested_form_data(
        {
            "name": kiosk.name,
            "place": "",
            "orientation": "landscape",
            "language": "fr",
            "seconds_per_slide": 8,
            "opening_hours": inline_formset([{"weekday": 1, "opens": "18:00", "closes": "09:00"}]),
        }
    )
    response = staff.post(reverse(EDIT, args=[kiosk.pk]), data)
    assert response.status_code == 200
    assert not kiosk.opening_hours.exists()


def test_staff_regenerate_a_token(staff, bare_kiosk):
    old = bare_kiosk.token
    url = reverse("kiosk_regenerate_token", args=[bare_kiosk.pk])
    assert staff.get(url).status_code == 200  # asks first
    assert Kiosk.objects.get(pk=bare_kiosk.pk).token == old
    assert staff.post(url).status_code == 302
    assert Kiosk.objects.get(pk=bare_kiosk.pk).token != old
    assert staff.get(f"/kiosk/{old}/playlist.json").status_code == 404


def test_staff_preview_what_a_kiosk_shows(staff, kiosk):
    response = staff.get(reverse("kiosk_preview", args=[kiosk.pk]))
    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    html = response.content.decode()
    assert 'data-preview="1"' in html
    assert "data-heartbeat-url" not in html  # a preview reports nothing
    assert kiosk.token not in html
    data = html.split('id="kiosk-playlist" type="application/json">')[1].split("</script>")[0]
    playlist = json.loads(data)
    assert [slide["kind"] for slide in playlist["slides"]][:2] == ["campaign", "service"]
    # The codes shown are this kiosk's own, those its screen shows.
    codes = {slide["short_url"].rsplit("/", 1)[-1] for slide in playlist["slides"]}
    kiosks = set(ShortLink.objects.filter(code__in=codes).values_list("kiosk", flat=True))
    assert len(codes) == 4 and kiosks == {kiosk.pk}
    assert codes == {s["short_url"].rsplit("/", 1)[-1] for s in build_playlist(kiosk)["slides"]}


def test_live_preview_in_the_edit_form(staff, kiosk):
    url = reverse("wagtailsnippets_kiosk_kiosk:preview_on_edit", args=[kiosk.pk])
    data = nested_form_data(
        {
            "name": "Aperçu",
            "place": "",
            "orientation": "portrait",
            "language": "fr",
            "seconds_per_slide": 8,
            "opening_hours": inline_formset([]),
        }
    )
    assert staff.post(url, data).json()["is_valid"]
    response = staff.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="portrait"' in html
    assert "Content-Security-Policy" in response
    data = html.split('id="kiosk-playlist" type="application/json">')[1].split("</script>")[0]
    codes = {slide["short_url"].rsplit("/", 1)[-1] for slide in json.loads(data)["slides"]}
    kiosks = set(ShortLink.objects.filter(code__in=codes).values_list("kiosk", flat=True))
    assert codes and kiosks == {kiosk.pk}


def test_live_preview_of_a_new_kiosk_stores_no_link(staff, campaign):
    url = reverse("wagtailsnippets_kiosk_kiosk:preview_on_add")
    data = nested_form_data(
        {
            "name": "Nouvelle",
            "place": "",
            "orientation": "landscape",
            "language": "fr",
            "seconds_per_slide": 8,
            "opening_hours": inline_formset([]),
        }
    )
    assert staff.post(url, data).json()["is_valid"]
    response = staff.get(url)
    assert response.status_code == 200
    assert "/q/PREVIEW" in response.content.decode()
    assert not ShortLink.objects.filter(kiosk_number__isnull=False).exists()


@pytest.mark.parametrize(
    "name,args,method",
    [
        ("kiosk_pair", [], "get"),
        ("kiosk_pair", [], "post"),
        ("kiosk_regenerate_token", ["pk"], "post"),
        ("kiosk_preview", ["pk"], "get"),
        (LIST, [], "get"),
        (EDIT, ["pk"], "get"),
    ],
)
def test_admin_views_check_permissions(contributor, bare_kiosk, name, args, method):
    token = bare_kiosk.token
    url = reverse(name, args=[bare_kiosk.pk if arg == "pk" else arg for arg in args])
    response = getattr(contributor, method)(url)
    assert response.status_code in (302, 403)
    assert Kiosk.objects.get(pk=bare_kiosk.pk).token == token


def test_anonymous_users_are_sent_to_the_login(client, bare_kiosk):
    response = client.get(reverse("kiosk_preview", args=[bare_kiosk.pk]))
    assert response.status_code in (302, 403)
    assert client.get(reverse("kiosk_pair")).status_code == 302


def test_viewers_preview_but_cannot_pair(client, django_user_model, bare_kiosk):
    user = make_user(django_user_model, "viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_kiosk"))
    client.force_login(user)
    assert client.get(reverse("kiosk_preview", args=[bare_kiosk.pk])).status_code == 200
    assert client.get(reverse("kiosk_pair")).status_code in (302, 403)
    pairing = PairingRequest.objects.create(
        code="ABCDEF", secret_digest="x", expires_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    response = client.post(reverse("kiosk_pair"), {"code": "ABCDEF", "kiosk": bare_kiosk.pk})
    assert response.status_code in (302, 403)
    pairing.refresh_from_db()
    assert pairing.kiosk is None


def test_pair_form_rejects_unknown_codes(staff, bare_kiosk):
    response = staff.post(reverse("kiosk_pair"), {"code": "ZZZ-ZZZ", "kiosk": bare_kiosk.pk})
    assert response.status_code == 200
    with override("en"):
        assert "No screen is waiting with this code" in str(response.context["form"].errors["code"])


def test_dashboard_panel_lists_silent_kiosks(staff, db):
    now = timezone.now()
    Kiosk.objects.create(name="Écran en ligne", last_seen_at=now)
    Kiosk.objects.create(name="Jamais branché")
    dashboard = reverse("wagtailadmin_home")
    assert "silent-kiosks" not in staff.get(dashboard).content.decode()

    Kiosk.objects.create(
        name="Écran muet", place="Gymnase", last_seen_at=now - datetime.timedelta(minutes=7)
    )
    html = staff.get(dashboard).content.decode()
    assert "silent-kiosks" in html
    assert "Écran muet" in html
    assert "Écran en ligne" not in html
    assert "Jamais branché" not in html


def test_dashboard_panel_is_for_kiosk_staff_only(contributor, db):
    Kiosk.objects.create(
        name="Écran muet", last_seen_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert "silent-kiosks" not in contributor.get(reverse("wagtailadmin_home")).content.decode()


def test_demo_kiosks(site_tree, campaign):
    campaign.page.slug = "semaine-du-partage"
    campaign.page.save_revision().publish()
    assert create_demo_kiosks() == 2
    assert create_demo_kiosks() == 0  # idempotent
    town_hall, library = Kiosk.objects.order_by("name")[0], Kiosk.objects.order_by("name")[1]
    kiosks = {kiosk.orientation: kiosk for kiosk in (town_hall, library)}
    assert set(kiosks) == {"landscape", "portrait"}
    for kiosk in kiosks.values():
        assert [c.slug for c in kiosk.campaigns.all()] == ["semaine-du-partage"]
        assert kiosk.opening_hours.exists()
