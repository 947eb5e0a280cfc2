"""iCalendar feeds of campaign events and schema.org Event data on the pages that list them."""

import datetime
import json
import re
import zoneinfo

from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import icalendar
import pytest

from campaigns.models import CampaignEvent
from crieur.models import BrandingSettings
from tests.factories import CampaignPageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
#: A summer afternoon (UTC+2) and a winter morning (UTC+1), so offsets are checked both ways.
SUMMER = datetime.datetime(2030, 6, 14, 14, 0, tzinfo=PARIS)
WINTER = datetime.datetime(2030, 12, 7, 9, 30, tzinfo=PARIS)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def add_event(campaign_page, **fields):
    event = CampaignEvent.objects.create(
        campaign=campaign_page,
        locale=campaign_page.locale,
        sort_order=CampaignEvent.objects.filter(campaign=campaign_page).count(),
        **fields,
    )
    publish(campaign_page)
    return event


@pytest.fixture
def dated(campaign):
    """The fixture's campaign with two more events: one in summer, one in winter without end."""
    campaign.summer = add_event(
        campaign.page,
        name="Atelier réparation",
        starts_at=SUMMER,
        ends_at=SUMMER + datetime.timedelta(hours=3),
        place="Salle des fêtes, 2 rue de l’Église",
        what_to_try="Réparer un grille-pain avec les bénévoles",
        service=campaign.service,
    )
    campaign.winter = add_event(
        campaign.page, name="Marché de Noël", starts_at=WINTER, place="Place du marché"
    )
    return campaign


def feed(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, icalendar.Calendar.from_ical(response.content)


def by_summary(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_campaign_feed(client, dated):
    url = reverse("campaign_calendar", args=[dated.page.pk])
    assert url == f"/calendar/campaign/{dated.page.pk}.ics"
    response, calendar = feed(client, url)

    assert str(calendar["X-WR-CALNAME"]) == "Semaine du partage"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    events = by_summary(calendar)
    assert set(events) == {"Fête des voisins", "Atelier réparation", "Marché de Noël"}

    summer = events["Atelier réparation"]
    assert str(summer["UID"]) == f"{dated.summer.pk}-event@testserver"
    start, end = summer.decoded("DTSTART"), summer.decoded("DTEND")
    assert start == SUMMER and start.utcoffset() == datetime.timedelta(hours=2)
    assert str(start.tzinfo) == "Europe/Paris"
    assert summer["DTSTART"].params["TZID"] == "Europe/Paris"
    assert end - start == datetime.timedelta(hours=3)
    assert str(summer["LOCATION"]) == "Salle des fêtes, 2 rue de l’Église"
    assert str(summer["DESCRIPTION"]) == "Réparer un grille-pain avec les bénévoles"
    assert str(summer["URL"]) == "http://testserver/fr/campagnes/semaine-du-partage/"
    published = dated.page.last_published_at
    assert summer.decoded("DTSTAMP") == published.replace(microsecond=0)
    assert summer.decoded("LAST-MODIFIED") == published.replace(microsecond=0)

    winter = events["Marché de Noël"]
    assert winter.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=1)
    assert "DTEND" not in winter  # no end given: none invented
    # Without what to try, the campaign's slogan says what it is about.
    assert str(winter["DESCRIPTION"]) == dated.page.slogan

    # Cacheable, and the same bytes answer 304 to a calendar application asking again.
    assert "public" in response["Cache-Control"] and "max-age=900" in response["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.get(url).content == response.content


def test_uids_are_stable_and_use_the_sites_host(client, dated):
    url = reverse("campaign_calendar", args=[dated.page.pk])
    _response, first = feed(client, url)
    _response, other_name = feed(client, url, HTTP_HOST="alias.example")
    uids = sorted(str(event["UID"]) for event in first.walk("VEVENT"))
    assert uids == sorted(str(event["UID"]) for event in other_name.walk("VEVENT"))
    assert all(uid.endswith("@testserver") for uid in uids)


def test_draft_private_and_other_pages_have_no_feed(client, campaign, site_tree):
    draft = CampaignPageFactory(parent=site_tree.campaigns, slug="brouillon", live=False)
    CampaignEvent.objects.create(
        campaign=draft, locale=draft.locale, name="Secret", starts_at=SUMMER, place="X"
    )
    private = CampaignPageFactory(parent=site_tree.campaigns, slug="privee")
    CampaignEvent.objects.create(
        campaign=private, locale=private.locale, name="Réservé", starts_at=SUMMER, place="Y"
    )
    publish(private)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    for page in (draft, private, campaign.service):
        assert client.get(reverse("campaign_calendar", args=[page.pk])).status_code == 404
    _response, calendar = feed(client, reverse("events_calendar"))
    assert set(by_summary(calendar)) == {"Fête des voisins"}

    # Unpublished after the fact: gone from both feeds.
    campaign.page.unpublish()
    assert client.get(reverse("campaign_calendar", args=[campaign.page.pk])).status_code == 404
    _response, calendar = feed(client, reverse("events_calendar"))
    assert not calendar.walk("VEVENT")


def test_all_upcoming_events_feed(client, dated, locales):
    now = timezone.now()
    add_event(
        dated.page,
        name="Vide-grenier",
        starts_at=now - datetime.timedelta(days=5, hours=2),
        ends_at=now - datetime.timedelta(days=5),
        place="Stade",
    )
    add_event(
        dated.page, name="Troc de plantes", starts_at=now - datetime.timedelta(days=90), place="Z"
    )
    english = dated.page.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "Sharing week"
    publish(english)
    english_events = CampaignEvent.objects.filter(campaign=english)
    english_events.filter(name="Atelier réparation").update(name="Repair workshop")

    _response, french = feed(client, "/calendar/events.ics")
    assert str(french["X-WR-CALNAME"]) == "Événements · Crieur"
    # Upcoming ones, and those of the last 30 days; not older ones; no English one.
    assert set(by_summary(french)) == {
        "Fête des voisins",
        "Atelier réparation",
        "Marché de Noël",
        "Vide-grenier",
    }
    _response, same = feed(client, "/calendar/events.ics?lang=fr")
    assert set(by_summary(same)) == set(by_summary(french))

    _response, in_english = feed(client, "/calendar/events.ics?lang=en")
    assert str(in_english["X-WR-CALNAME"]) == "Events · Crieur"
    events = by_summary(in_english)
    assert "Repair workshop" in events and "Atelier réparation" not in events
    workshop = events["Repair workshop"]
    assert str(workshop["URL"]).startswith("http://testserver/en/")
    assert workshop["SUMMARY"].params["LANGUAGE"] == "en"
    # The translation of an event is another event: its own UID.
    french_uids = {str(event["UID"]) for event in french.walk("VEVENT")}
    assert not french_uids & {str(event["UID"]) for event in in_english.walk("VEVENT")}


def test_pages_link_to_their_feeds(client, dated):
    page = client.get(dated.page.url)
    html = page.content.decode()
    feed_path = f"testserver/calendar/campaign/{dated.page.pk}.ics"
    assert f'href="webcal://{feed_path}"' in html
    assert f'href="http://{feed_path}"' in html
    assert "S’abonner aux dates" in html

    index = client.get(dated.page.get_parent().url).content.decode()
    assert 'href="webcal://testserver/calendar/events.ics?lang=fr"' in index
    assert "S’abonner à tous les événements à venir" in index


def json_ld(html):
    (script,) = JSON_LD.findall(html)
    return json.loads(script)


def test_campaign_page_describes_its_events_for_search_engines(client, dated):
    site = Site.objects.get(is_default_site=True)
    BrandingSettings.objects.update_or_create(
        site=site, defaults={"authority_name": "Ville de Val-des-Aulnes"}
    )
    events = {item["name"]: item for item in json_ld(client.get(dated.page.url).content.decode())}
    assert set(events) == {"Fête des voisins", "Atelier réparation", "Marché de Noël"}
    summer = events["Atelier réparation"]
    assert summer["@context"] == "https://schema.org" and summer["@type"] == "Event"
    assert summer["startDate"] == "2030-06-14T14:00:00+02:00"
    assert summer["endDate"] == "2030-06-14T17:00:00+02:00"
    assert datetime.datetime.fromisoformat(summer["startDate"]) == SUMMER
    assert summer["location"] == {
        "@type": "Place",
        "name": "Salle des fêtes, 2 rue de l’Église",
        "address": "Salle des fêtes, 2 rue de l’Église",
    }
    assert summer["description"] == "Réparer un grille-pain avec les bénévoles"
    assert summer["url"] == "http://testserver/fr/campagnes/semaine-du-partage/"
    assert summer["eventStatus"] == "https://schema.org/EventScheduled"
    assert summer["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert summer["organizer"] == {
        "@type": "Organization",
        "name": "Ville de Val-des-Aulnes",
        "url": "http://testserver",
    }
    assert summer["inLanguage"] == "fr"
    winter = events["Marché de Noël"]
    assert winter["startDate"] == "2030-12-07T09:30:00+01:00" and "endDate" not in winter


def test_service_page_describes_the_events_where_it_can_be_tried(client, dated):
    html = client.get(dated.service.url).content.decode()
    (event,) = json_ld(html)  # the one event that offers this service
    assert event["name"] == "Atelier réparation"
    assert event["url"] == "http://testserver/fr/campagnes/semaine-du-partage/"
    # The regulation explainer lists no event: no JSON-LD.
    assert not JSON_LD.findall(client.get(dated.regulation.url).content.decode())


def test_preview_of_a_new_campaign_with_events(admin_client, site_tree):
    """Before its first save a campaign has no id, hence no feed: the preview still renders."""
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["campaigns", "campaignpage", site_tree.campaigns.pk],
    )
    data = nested_form_data(
        {
            "title": "Nouvelle campagne",
            "slug": "nouvelle",
            "slogan": "Essayez",
            "hashtags": "",
            "start_date": "2030-06-01",
            "end_date": "2030-06-30",
            "description": rich_text(""),
            "items": inline_formset([]),
            "events": inline_formset(
                [
                    {
                        "name": "Atelier",
                        "starts_at": "2030-06-14 14:00",
                        "ends_at": "",
                        "place": "Salle des fêtes",
                        "what_to_try": "",
                        "service": "",
                    }
                ]
            ),
        }
    )
    data["channels"] = ["website"]
    assert admin_client.post(url, data).json() == {"is_valid": True, "is_available": True}
    html = admin_client.get(url).content.decode()
    (event,) = json_ld(html)
    assert event["name"] == "Atelier" and event["startDate"] == "2030-06-14T14:00:00+02:00"
    assert "webcal://" not in html
