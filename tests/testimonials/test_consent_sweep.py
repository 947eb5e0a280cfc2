"""The consent sweep: expired testimonials leave every channel, editors are told once."""

import datetime
from io import StringIO

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

import pytest

from links.models import ShortLink
from links.resolver import clear_local_cache
from testimonials.consent import sweep
from testimonials.models import ConsentNotice, TestimonialPage
from tests.factories import CampaignPageFactory, ServicePageFactory, TestimonialPageFactory

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2026, 3, 31)  # the consent's last valid day: it expires on 1 April


def publish(page, user=None):
    page.save_revision(user=user).publish()
    page.refresh_from_db()
    return page


@pytest.fixture(autouse=True)
def fresh_link_cache():
    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


@pytest.fixture
def people(django_user_model):
    staff_group = Group.objects.get_or_create(name="Communication staff")[0]
    owner = django_user_model.objects.create_user("owner", "owner@example.org", "x")
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "x")
    staff = django_user_model.objects.create_user("staff1", "staff@example.org", "x")
    staff.groups.add(staff_group)
    no_mail = django_user_model.objects.create_user("nomail", "", "x")
    no_mail.groups.add(staff_group)
    inactive = django_user_model.objects.create_user(
        "gone", "gone@example.org", "x", is_active=False
    )
    inactive.groups.add(staff_group)
    return {"owner": owner, "editor": editor, "staff": staff}


@pytest.fixture
def service(site_tree):
    return publish(
        ServicePageFactory(parent=site_tree.services, title="Outilthèque", slug="outilotheque")
    )


def make_testimonial(site_tree, service, last_day, slug="amina", owner=None, editor=None):
    page = TestimonialPageFactory(
        parent=site_tree.testimonials,
        title="Amina et la perceuse",
        slug=slug,
        display_name="Amina",
        service=service,
        consent_date=last_day - datetime.timedelta(days=300),
        consent_until=last_day,
        owner=owner,
    )
    return publish(page, user=editor)


def sweep_on(day):
    call_command("consent_sweep", "--date", day.isoformat(), stdout=StringIO())


def test_notices_30_days_before_and_on_the_day_once(site_tree, service, people):
    testimonial = make_testimonial(
        site_tree, service, LAST_DAY, owner=people["owner"], editor=people["editor"]
    )
    expected = {"owner@example.org", "editor@example.org", "staff@example.org"}

    sweep_on(datetime.date(2026, 3, 1))  # 31 days before it expires: too early
    assert mail.outbox == []

    sweep_on(datetime.date(2026, 3, 2))  # 30 days before 1 April
    assert {message.to[0] for message in mail.outbox} == expected
    assert all("Amina et la perceuse" in message.subject for message in mail.outbox)
    assert all(f"/admin/pages/{testimonial.pk}/edit/" in m.body for m in mail.outbox)
    assert ConsentNotice.objects.filter(kind="soon").count() == 1

    for day in (datetime.date(2026, 3, 2), datetime.date(2026, 3, 15), LAST_DAY):
        sweep_on(day)  # again the same day, later, on the last valid day: nothing new
    assert len(mail.outbox) == 3

    sweep_on(datetime.date(2026, 4, 1))  # the day it expires
    assert len(mail.outbox) == 6
    expired = mail.outbox[3:]
    assert {message.to[0] for message in expired} == expected
    sweep_on(datetime.date(2026, 4, 1))
    sweep_on(datetime.date(2026, 4, 2))
    assert len(mail.outbox) == 6
    notice = ConsentNotice.objects.get(kind="expired")
    assert notice.consent_until == LAST_DAY
    assert {user.email for user in notice.recipients.all()} == expected


def test_renewed_consent_gets_notices_of_its_own(site_tree, service, people):
    testimonial = make_testimonial(site_tree, service, LAST_DAY, owner=people["owner"])
    sweep(datetime.date(2026, 3, 10))
    first = len(mail.outbox)
    assert first == 2  # owner (also the last editor: none given) and the staff member

    TestimonialPage.objects.filter(pk=testimonial.pk).update(
        consent_until=datetime.date(2027, 3, 31)
    )
    sweep(datetime.date(2026, 3, 11))
    assert len(mail.outbox) == first
    sweep(datetime.date(2027, 3, 2))
    assert len(mail.outbox) == first + 2


def test_translations_are_notified_once(site_tree, service, people, locales):
    testimonial = make_testimonial(site_tree, service, LAST_DAY, owner=people["owner"])
    publish(testimonial.copy_for_translation(locales["en"], copy_parents=True))
    report = sweep(datetime.date(2026, 3, 2))
    assert len(report.notices) == 1
    assert len(mail.outbox) == 2


def test_command_runs_as_a_task(site_tree, service, people):
    make_testimonial(site_tree, service, LAST_DAY, owner=people["owner"])
    out = StringIO()
    call_command("consent_sweep", "--date", "2026-04-01", stdout=out)
    assert "1 consent(s) expired" in out.getvalue()
    assert "expired: Amina et la perceuse" in out.getvalue()

    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("consent_sweep", "--date", "1 April")


@pytest.fixture
def everywhere(site_tree, service, people):
    """A testimonial valid today only, promoted by a running campaign on every channel."""
    today = timezone.localdate()
    testimonial = make_testimonial(site_tree, service, today, owner=people["owner"])
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns,
        slug="semaine",
        start_date=today - datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=20),
        channels=["website", "kiosk", "bulletin"],
    )
    campaign.items.create(page=testimonial, sort_order=0)
    publish(campaign)
    return testimonial, campaign


def test_sweep_removes_an_expired_testimonial_everywhere(client, everywhere, service):
    testimonial, campaign = everywhere
    today = timezone.localdate()
    link = ShortLink.objects.get(page=testimonial, channel="website", campaign=campaign)

    # While the consent holds: on the web, in the kiosk playlist, behind its short link.
    assert client.get(testimonial.url).status_code == 200
    assert client.get(f"/q/{link.code}")["Location"] == testimonial.url
    kiosk = None
    if apps.is_installed("kiosk"):
        from kiosk.models import Kiosk
        from kiosk.playlist import build_playlist

        kiosk = Kiosk.objects.create(name="Mairie", place="Hall")
        assert "testimonial" in [slide["kind"] for slide in build_playlist(kiosk)["slides"]]

    # Time passes: the last valid day was yesterday (no page signal, nothing saved).
    yesterday = today - datetime.timedelta(days=1)
    TestimonialPage.objects.filter(pk=testimonial.pk).update(consent_until=yesterday)
    assert client.get(f"/q/{link.code}")["Location"] == testimonial.url  # still cached

    sweep_on(today)

    assert client.get(testimonial.url).status_code == 404
    assert testimonial.pk not in set(
        TestimonialPage.objects.consented_for("web", on=today).values_list("pk", flat=True)
    )
    assert campaign.selected_pages() == []
    assert client.get(f"/q/{link.code}")["Location"] == service.url
    assert ConsentNotice.objects.filter(testimonial=testimonial, kind="expired").exists()

    if kiosk is not None:
        slides = build_playlist(kiosk)["slides"]
        assert "testimonial" not in [slide["kind"] for slide in slides]


def test_bulletins_printed_after_the_expiry_leave_it_out(everywhere, site_tree):
    try:
        from bulletins.content import select_articles
        from bulletins.models import BulletinIndexPage, BulletinPage
    except ImportError:
        pytest.skip("no print bulletins")
    testimonial, _campaign = everywhere
    today = timezone.localdate()
    TestimonialPage.objects.filter(pk=testimonial.pk).update(
        consent_until=today - datetime.timedelta(days=1)
    )
    sweep_on(today)
    index = BulletinIndexPage(title="Le bulletin", slug="bulletin")
    site_tree.home.add_child(instance=index)

    def edition(number, issue_date):
        page = BulletinPage(
            title=f"Bulletin {number}",
            slug=f"bulletin-{number}",
            edition_number=number,
            issue_date=issue_date,
            cover_headline="Le partage",
            articles=[
                ("page_article", {"page": testimonial, "print_title": "", "print_teaser": ""})
            ],
        )
        index.add_child(instance=page)
        return page

    after = select_articles(edition(2, today))
    assert [selected.page for selected in after.articles] == []
    assert [left.code for left in after.left_out] == ["consent_expired"]
    # An issue date set before the expiry does not bring the consent back: a PDF made
    # today needs a consent valid today.
    backdated = select_articles(edition(1, today - datetime.timedelta(days=2)))
    assert [selected.page for selected in backdated.articles] == []
    assert [left.code for left in backdated.left_out] == ["consent_expired"]
