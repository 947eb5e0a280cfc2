"""The moderation queue: accept (a draft place), merge (a draft revision), decline (an e-mail)."""

import datetime
import io
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission, ModelLogEntry

import pytest

from contributions.models import PlaceContribution
from crieur.channels import Channel
from places.models import PlacePage

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zéphyrine Contributrice"
SECRET_EMAIL = "zephyrine.secret@example.org"


def contribution(locale, **fields):
    values = {
        "name": "Jardin du Moulin",
        "place_kind": "garden",
        "address": "Chemin du Moulin",
        "latitude": Decimal("45.2"),
        "longitude": Decimal("5.71"),
        "to_borrow": "Bêches\nArrosoirs",
        "opening_hours": "Tous les jours",
        "description": "Un jardin partagé.\n\nAvec un composteur.",
        "contributor_name": SECRET_NAME,
        "contributor_email": SECRET_EMAIL,
        "contact_consent": True,
        "locale": locale,
    }
    values.update(fields)
    item = PlaceContribution(**values)
    item.save()
    return item


def refused(response):
    """Wagtail answers a refused admin request with a redirect to the dashboard (or a 403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def url(name, item):
    return reverse(f"contributions_{name}", args=[item.pk])


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def test_accept_makes_a_draft_place_and_publishing_puts_it_on_the_map(staff, place_map, locales):
    item = contribution(locales["fr"], latitude=None, longitude=None)
    form = staff.get(url("accept", item))
    assert form.status_code == 200 and "Jardin du Moulin" in form.text
    response = staff.post(url("accept", item), {"latitude": "45.2", "longitude": "5.71"})
    place = PlacePage.objects.get(title="Jardin du Moulin")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[place.pk])
    assert not place.live and place.get_parent().pk == place_map["fr"].pk
    assert place.locale.language_code == "fr" and place.kind == "garden"
    assert place.latitude == Decimal("45.2") and place.address == "Chemin du Moulin"
    assert [r.name for r in place.resources.all()] == ["Bêches", "Arrosoirs"]
    assert len(list(place.description)) == 2
    item.refresh_from_db()
    assert item.status == "accepted" and item.result_place.pk == place.pk
    assert item.decided_by.username == "staff" and item.decided_at is not None
    assert ModelLogEntry.objects.filter(action="contributions.accept").count() == 1
    # a draft is on no map and answers 404 to the public
    assert not PlacePage.objects.shown_on(Channel.WEBSITE).filter(pk=place.pk).exists()
    staff.logout()
    assert staff.get(place.get_url()).status_code == 404
    place.get_latest_revision().publish()
    place.refresh_from_db()
    assert PlacePage.objects.shown_on(Channel.WEBSITE).filter(pk=place.pk).exists()
    public = staff.get(place.get_url())
    assert public.status_code == 200 and "Jardin du Moulin" in public.text
    outputs = [public.text, repr(place.card)]
    try:
        outputs.append(staff.get(reverse("places_geojson")).text)
        assert "Jardin du Moulin" in outputs[-1]
    except NoReverseMatch:  # the places feed is not there yet
        pass
    for output in outputs:  # contact details reach no public output
        assert SECRET_EMAIL not in output and SECRET_NAME not in output


def test_a_second_click_on_accept_makes_no_second_place(staff, place_map, locales):
    item = contribution(locales["en"], name="Mill garden")
    staff.post(url("accept", item), {"latitude": "45.2", "longitude": "5.71"})
    again = staff.post(url("accept", item), {"latitude": "45.2", "longitude": "5.71"}, follow=True)
    assert PlacePage.objects.filter(title="Mill garden").count() == 1
    assert "déjà été traitée" in again.text
    place = PlacePage.objects.get(title="Mill garden")
    assert place.locale.language_code == "en" and place.get_parent().pk == place_map["en"].pk


def test_merge_writes_a_draft_revision_and_leaves_the_live_place_alone(staff, place_map, locales):
    place = place_map["place"]
    item = contribution(
        locales["fr"],
        kind="correction",
        place=place,
        name="",
        place_kind="",
        address="",
        latitude=None,
        longitude=None,
        to_borrow="Perceuse",
        opening_hours="Samedi 9 h – 13 h",
        description="",
    )
    assert place.title in staff.get(url("merge", item)).text
    response = staff.post(url("merge", item), {"place": place.pk})
    assert response.status_code == 302
    live = PlacePage.objects.get(pk=place.pk)
    assert live.opening_hours == "Samedi 10 h – 12 h"  # unchanged until published
    assert live.has_unpublished_changes
    draft = live.get_latest_revision_as_object()
    assert draft.opening_hours == "Samedi 9 h – 13 h"
    assert draft.title == "Outilthèque des Aulnes" and draft.address == "3 rue des Aulnes"
    assert "Perceuse" in [r.name for r in draft.resources.all()]
    item.refresh_from_db()
    assert item.status == "merged" and item.result_place.pk == place.pk
    staff.post(url("merge", item), {"place": place.pk})
    assert live.revisions.count() == 2  # the fixture's and the merge's: no second merge


@pytest.mark.parametrize(
    "language, subject, words", [("fr", "Votre proposition", "motif"), ("en", "Your proposal", "")]
)
def test_decline_emails_the_reason_in_the_contributors_language(
    staff, place_map, locales, language, subject, words
):
    item = contribution(locales[language])
    staff.post(url("decline", item), {"reason": "Ce lieu est privé. / This place is private."})
    item.refresh_from_db()
    assert item.status == "declined" and "privé" in item.decline_reason
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [SECRET_EMAIL] and message.subject.startswith(subject)
    assert "Ce lieu est privé." in message.body
    assert ("Merci" if language == "fr" else "Thank you") in message.body
    staff.post(url("decline", item), {"reason": "again"})
    assert len(mail.outbox) == 1


def test_decline_without_consent_sends_nothing(staff, place_map, locales):
    item = contribution(locales["fr"], contributor_email="", contact_consent=False)
    response = staff.post(url("decline", item), {"reason": "Doublon."})
    assert response.status_code == 302 and mail.outbox == []


def test_a_decline_needs_a_reason(staff, place_map, locales):
    item = contribution(locales["fr"])
    response = staff.post(url("decline", item), {"reason": ""})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.is_pending


def test_the_queue_lists_by_status_and_the_menu_counts_pending(staff, place_map, locales):
    pending = contribution(locales["fr"])
    declined = contribution(locales["fr"], name="Autre lieu", status="declined")
    listing = staff.get(
        reverse("wagtailsnippets_contributions_placecontribution:list"), {"status": "pending"}
    )
    assert listing.status_code == 200
    assert pending.reference in listing.text and declined.reference not in listing.text
    assert "Contributions (1)" in listing.text
    edit = staff.get(
        reverse("wagtailsnippets_contributions_placecontribution:edit", args=[pending.pk])
    )
    assert SECRET_EMAIL in edit.text  # staff see who to write to
    assert url("accept", pending) in edit.text and url("decline", pending) in edit.text


def test_only_users_with_the_apps_permissions_reach_the_queue(
    client, place_map, locales, django_user_model
):
    item = contribution(locales["fr"])
    endpoints = [
        reverse("wagtailsnippets_contributions_placecontribution:list"),
        reverse("wagtailsnippets_contributions_placecontribution:edit", args=[item.pk]),
        url("accept", item),
        url("merge", item),
        url("decline", item),
    ]
    for endpoint in endpoints:
        response = client.get(endpoint)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for endpoint in endpoints:
        assert refused(client.get(endpoint)), endpoint
        assert refused(client.post(endpoint, {"reason": "x", "place": place_map["place"].pk}))
    assert "Contributions" not in client.get(reverse("wagtailadmin_home")).text
    # moderators without page rights may decline, not make or change places
    moderators = Group.objects.create(name="Contribution moderators (test)")
    moderators.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_placecontribution"),
    )
    editor.groups.add(moderators)
    client.force_login(editor)
    assert refused(client.post(url("accept", item), {"latitude": "1", "longitude": "1"}))
    assert refused(client.post(url("merge", item), {"place": place_map["place"].pk}))
    assert client.get(url("decline", item)).status_code == 200
    item.refresh_from_db()
    assert item.is_pending and PlacePage.objects.count() == 2
    GroupPagePermission.objects.create(
        group=moderators, page=place_map["fr"], permission_type="add"
    )
    response = client.post(url("accept", item), {"latitude": "1", "longitude": "1"})
    assert response.status_code == 302 and "/admin/pages/" in response["Location"]
    item.refresh_from_db()
    assert item.status == "accepted"


def test_contact_details_are_erased_30_days_after_the_decision(place_map, locales):
    old = contribution(
        locales["fr"], status="declined", decided_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = contribution(
        locales["fr"],
        name="Récent",
        status="declined",
        decided_at=timezone.now() - datetime.timedelta(days=5),
    )
    waiting = contribution(locales["fr"], name="En attente")
    out = io.StringIO()
    call_command("forget_contribution_contacts", stdout=out)
    assert out.getvalue().startswith("1 ")
    old.refresh_from_db(), recent.refresh_from_db(), waiting.refresh_from_db()
    assert (old.contributor_email, old.contributor_name, old.contact_consent) == ("", "", False)
    assert old.contact_erased_at is not None
    assert recent.contributor_email == SECRET_EMAIL and waiting.contributor_email == SECRET_EMAIL


def test_staff_can_record_a_proposal_received_by_phone(staff, place_map, locales):
    add = reverse("wagtailsnippets_contributions_placecontribution:add")
    assert staff.get(add).status_code == 200
    response = staff.post(
        add,
        {
            "kind": "correction",
            "locale": locales["fr"].pk,
            "place": place_map["place"].pk,
            "opening_hours": "Fermé en août",
        },
    )
    assert response.status_code == 302
    item = PlaceContribution.objects.get()
    assert item.is_pending and item.place.pk == place_map["place"].pk and item.reference
    edit = staff.get(
        reverse("wagtailsnippets_contributions_placecontribution:edit", args=[item.pk])
    )
    assert url("merge", item) in edit.text


def test_staff_are_told_of_new_proposals_when_an_address_is_set(client, place_map, settings):
    settings.CRIEUR_CONTRIBUTIONS_EMAIL = "carte@example.org"
    client.post(
        "/en/places/propose/",
        {"name": "Fridge", "place_kind": "fridge", "address": "Station square", "website": ""},
    )
    item = PlaceContribution.objects.get()
    assert [message.to for message in mail.outbox] == [["carte@example.org"]]
    assert item.reference in mail.outbox[0].subject
    assert f"/admin/snippets/contributions/placecontribution/edit/{item.pk}/" in mail.outbox[0].body


def test_from_the_public_form_to_the_map(client, staff_user, place_map):
    """Done when: a proposal from the form reaches the queue and, once accepted, the map."""
    client.post(
        "/en/places/propose/",
        {
            "name": "Station fridge",
            "place_kind": "fridge",
            "address": "Station square",
            "latitude": "45.191",
            "longitude": "5.726",
            "contributor_email": SECRET_EMAIL,
            "contact_consent": "on",
            "website": "",
        },
    )
    item = PlaceContribution.objects.get()
    client.force_login(staff_user)
    queue = client.get(
        reverse("wagtailsnippets_contributions_placecontribution:list"), {"status": "pending"}
    )
    assert item.reference in queue.text
    client.post(url("accept", item), {"latitude": "45.191", "longitude": "5.726"})
    place = PlacePage.objects.get(title="Station fridge")
    client.logout()
    map_page = place_map["en"].get_url()
    assert "Station fridge" not in client.get(map_page).text
    place.get_latest_revision().publish()
    assert "Station fridge" in client.get(map_page).text
    feed = client.get("/places.geojson", {"lang": "en"}).json()
    [feature] = [f for f in feed["features"] if "Station fridge" in str(f)]
    assert feature["geometry"]["coordinates"] == [5.726, 45.191]
    assert SECRET_EMAIL not in str(feed)
