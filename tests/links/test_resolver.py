import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from links.models import ScanCount, ShortLink, UnknownCodeCount
from tests.factories import CampaignPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


def scans(link):
    return sum(ScanCount.objects.filter(link=link).values_list("count", flat=True))


def translate(page, locale):
    translation = page.copy_for_translation(locale, copy_parents=True)
    translation.save_revision().publish()
    return translation


def test_redirects_to_target_and_counts(client, link, service):
    response = client.get(f"/q/{link.code}")

    assert response.status_code == 302
    assert response["Location"] == service.url == "/fr/services/outilotheque/"
    assert "no-store" in response["Cache-Control"]
    assert scans(link) == 1
    row = ScanCount.objects.get(link=link)
    assert row.day == timezone.localdate()

    client.get(f"/q/{link.code}")
    assert ScanCount.objects.get(link=link).count == 2


def test_code_is_case_insensitive_and_uppercase_prefix_works(client, link, service):
    for path in (f"/q/{link.code.lower()}", f"/Q/{link.code}", f"/Q/{link.code.lower()}/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == service.url
    assert scans(link) == 3


def test_visitor_language_when_translated(client, link, service, locales):
    english = translate(service, locales["en"])

    response = client.get(f"/q/{link.code}", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,fr;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == english.url
    assert response["Location"].startswith("/en/")

    french = client.get(f"/q/{link.code}", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert french["Location"] == service.url

    # Not a site language: the page's own language.
    german = client.get(f"/q/{link.code}", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert german["Location"] == service.url

    # First supported language with a translation wins.
    mixed = client.get(f"/q/{link.code}", HTTP_ACCEPT_LANGUAGE="de;q=1,en;q=0.8,fr;q=0.5")
    assert mixed["Location"] == english.url


def test_page_language_when_no_translation_in_visitors_language(client, link, service):
    response = client.get(f"/q/{link.code}", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == service.url


def test_draft_translation_is_not_used(client, link, service, locales):
    service.copy_for_translation(locales["en"], copy_parents=True)  # a draft, never published
    response = client.get(f"/q/{link.code}", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == service.url


def test_unknown_code_is_a_friendly_404_and_counted(client, site_tree):
    response = client.get("/q/ZZZZZZ")

    assert response.status_code == 404
    assert "links-not-found" in response.content.decode()
    assert 'class="site-header' in response.content.decode()  # the site's own layout
    assert "Location" not in response
    row = UnknownCodeCount.objects.get()
    assert (row.code, row.count, row.day) == ("ZZZZZZ", 1, timezone.localdate())

    client.get("/q/zzzzzz")
    assert UnknownCodeCount.objects.get().count == 2


def test_inactive_link_leads_to_campaign(client, site_tree, service):
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="printemps")
    campaign.save_revision().publish()
    link = ShortLink.objects.get_or_create_for(service, "poster", campaign=campaign)
    link.is_active = False
    link.save()

    response = client.get(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == campaign.url
    assert scans(link) == 1


def test_inactive_link_without_campaign_leads_home(client, link, site_tree):
    link.is_active = False
    link.save()
    response = client.get(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == site_tree.home.url == "/fr/"


def test_unpublished_target_leads_to_live_campaign_never_a_draft(client, site_tree, service):
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="automne", live=False)
    link = ShortLink.objects.get_or_create_for(service, "sticker", campaign=campaign)
    service.unpublish()

    response = client.get(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"  # the campaign is a draft: home page

    campaign.save_revision().publish()
    response = client.get(f"/q/{link.code}")
    assert response["Location"] == campaign.url


def test_private_target_is_not_revealed(client, link, service, site_tree):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=service, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = client.get(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_deleted_target_leads_home(client, link, service):
    service.delete()
    response = client.get(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize(
    "path",
    [
        "/q/%2F%2Fevil.example",
        "/q//evil.example",
        "/q/..%2F",
        "/q/../../etc/passwd",
        "/q/%5C%5Cevil.example",
        "/q/https:%2F%2Fevil.example",
        "/q/ABC234%0D%0ALocation:%20https://evil.example",
        "/q/%0aSet-Cookie:%20x=1",
        "/q/" + "A" * 5000,
        "/q/" + "%41" * 70,
        "/Q/%00",
        "/q/",
    ],
)
def test_no_open_redirect(client, site_tree, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Location" not in response
    assert not response.cookies


def test_very_long_codes_write_nothing(client, site_tree):
    for _ in range(20):
        assert client.get("/q/" + "B" * 500).status_code == 404
    assert UnknownCodeCount.objects.count() == 0


def test_location_is_always_a_local_path(client, link, locales, service):
    translate(service, locales["en"])
    for language in ("", "en", "fr", "de", "*", "en;q=abc", "x" * 300):
        response = client.get(f"/q/{link.code}", HTTP_ACCEPT_LANGUAGE=language)
        location = response["Location"]
        assert location.startswith("/") and not location.startswith("//"), language


def test_head_is_not_counted(client, link, service):
    response = client.head(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == service.url
    assert scans(link) == 0


@pytest.mark.parametrize(
    "user_agent",
    [
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Twitterbot/1.0",
        "WhatsApp/2.23.20.0 A",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)",
        "SomeCrawler/3.0",
    ],
)
def test_bots_are_not_counted(client, link, service, user_agent):
    response = client.get(f"/q/{link.code}", HTTP_USER_AGENT=user_agent)
    assert response.status_code == 302
    assert response["Location"] == service.url
    assert scans(link) == 0


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0 Mobile Safari/537.36",
        "",
    ],
)
def test_phones_are_counted(client, link, user_agent):
    client.get(f"/q/{link.code}", HTTP_USER_AGENT=user_agent)
    assert scans(link) == 1


def test_no_cookie_is_set(client, link):
    for path in (f"/q/{link.code}", "/q/UNKNOWN2"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert not response.cookies, path
        assert "Set-Cookie" not in str(response.serialize_headers())


def test_other_methods_are_refused(client, link):
    assert client.post(f"/q/{link.code}").status_code == 405
    assert scans(link) == 0


def test_scan_counts_are_per_day(link):
    from links.models import upsert_count

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    upsert_count(ScanCount, "link", link.pk, day=yesterday)
    upsert_count(ScanCount, "link", link.pk)
    upsert_count(ScanCount, "link", link.pk)
    assert dict(ScanCount.objects.values_list("day", "count")) == {
        yesterday: 1,
        timezone.localdate(): 2,
    }
    assert link.total_scans() == 3


def test_warm_scan_makes_no_page_query(client, link, service, locales):
    translate(service, locales["en"])
    client.get(f"/q/{link.code}")  # warm-up

    for language in ("fr", "en"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/q/{link.code}", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 302
        sql = [query["sql"] for query in queries.captured_queries]
        assert not any("wagtailcore_page" in statement for statement in sql), sql
        assert not any("links_shortlink" in statement for statement in sql), sql
        assert len(sql) == 1, sql  # the scan count upsert
        assert "ON CONFLICT" in sql[0]


def test_warm_scan_survives_losing_in_process_cache(client, link, django_assert_max_num_queries):
    from links.resolver import clear_local_cache

    client.get(f"/q/{link.code}")
    clear_local_cache()  # another process: the Django cache still answers
    with django_assert_max_num_queries(1):
        assert client.get(f"/q/{link.code}").status_code == 302


def test_unpublishing_target_invalidates_cache(client, link, service):
    assert client.get(f"/q/{link.code}")["Location"] == service.url
    service.unpublish()
    assert client.get(f"/q/{link.code}")["Location"] == "/fr/"
    service.save_revision().publish()
    assert client.get(f"/q/{link.code}")["Location"] == service.url


def test_moving_and_renaming_target_invalidates_cache(client, link, service, site_tree):
    assert client.get(f"/q/{link.code}")["Location"] == "/fr/services/outilotheque/"
    service.slug = "outils"
    service.save_revision().publish()
    assert client.get(f"/q/{link.code}")["Location"] == "/fr/services/outils/"
    service.refresh_from_db()
    service.move(site_tree.regulations, pos="last-child")
    assert client.get(f"/q/{link.code}")["Location"] == "/fr/reglementation/outils/"


def test_translating_target_invalidates_cache(client, link, service, locales):
    assert client.get(f"/q/{link.code}", HTTP_ACCEPT_LANGUAGE="en")["Location"] == service.url
    english = translate(service, locales["en"])
    assert client.get(f"/q/{link.code}", HTTP_ACCEPT_LANGUAGE="en")["Location"] == english.url


def test_editing_link_invalidates_cache(client, link, site_tree):
    other = ServicePageFactory(parent=site_tree.services, slug="velos")
    other.save_revision().publish()
    client.get(f"/q/{link.code}")
    link.page = other
    link.save()
    assert client.get(f"/q/{link.code}")["Location"] == "/fr/services/velos/"
    link.delete()
    assert client.get(f"/q/{link.code}").status_code == 404


def test_code_scanned_before_it_exists_works_once_created(client, service):
    from links.models import ShortLink as Link

    code = "ABCEFG"
    assert client.get(f"/q/{code}").status_code == 404  # cached as unknown
    Link.objects.create(code=code, page=service, channel="poster")
    assert client.get(f"/q/{code}")["Location"] == service.url


def test_new_links_do_not_empty_the_cache(client, link, service, django_assert_max_num_queries):
    from links.models import ShortLink as Link

    client.get(f"/q/{link.code}")
    Link.objects.create_unique(service, "poster")
    Link.objects.create_many_unique(service, "sticker", 50)
    with django_assert_max_num_queries(1):
        assert client.get(f"/q/{link.code}").status_code == 302


def test_scans_still_redirect_when_the_cache_is_down(client, link, service, monkeypatch):
    from links import resolver

    class DownCache:
        def __getattr__(self, name):
            def broken(*args, **kwargs):
                raise ConnectionError("cache server down")

            return broken

    monkeypatch.setattr(resolver, "cache", DownCache())
    response = client.get(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"] == service.url
    assert scans(link) == 1


def test_an_answer_cached_yesterday_is_not_used_today(client, link, service, monkeypatch):
    import datetime

    from django.utils import timezone

    from wagtail.models import Page

    assert client.get(f"/q/{link.code}")["Location"] == service.url
    # Unpublished behind the cache's back (no signal): today, the cached answer stands...
    Page.objects.filter(pk=service.pk).update(live=False)
    assert client.get(f"/q/{link.code}")["Location"] == service.url
    # ...but consent and campaign dates turn at midnight: tomorrow it is resolved again.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert client.get(f"/q/{link.code}")["Location"] != service.url


def test_known_codes_are_answered_before_the_rest_of_the_stack(client, link, service):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(f"/q/{link.code}")  # warm the resolution cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/q/{link.code.lower()}")
    assert response.status_code == 302
    assert response["Location"] == service.url
    # No session, language or CSP work on a scan: only the count is written.
    assert "Content-Security-Policy" not in response
    assert not any("wagtailcore_page" in q["sql"] for q in queries.captured_queries)
    # An unknown code still gets the friendly page, through the whole stack.
    assert "Content-Security-Policy" in client.get("/q/ZZZZZZ")
