"""The "Campaign kit" action: who sees it, the background job, the ZIP download."""

import io
import zipfile

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

import pytest

from kits.wagtail_hooks import kit_header_button, kit_listing_button
from pdf.jobs import create_job
from pdf.models import RenderJob
from tests.factories import CampaignPageFactory, ServicePageFactory

from .stand_ins import quick_channels

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_kit(monkeypatch):
    """The job and the views are what is tested here: channels that render nothing."""
    monkeypatch.setattr("kits.build.CHANNELS", quick_channels())


@pytest.fixture
def campaign(site_tree):
    page = CampaignPageFactory(parent=site_tree.campaigns, slug="semaine", title="Semaine")
    page.save_revision().publish()
    return page


@pytest.fixture
def service(site_tree):
    page = ServicePageFactory(parent=site_tree.services, slug="outils")
    page.save_revision().publish()
    return page


@pytest.fixture
def printer(django_user_model):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    return user


@pytest.fixture
def editor(django_user_model):
    """May use the admin and edit pages, but not print."""
    user = django_user_model.objects.create_user("ed", "ed@example.org", "password")
    user.groups.add(Group.objects.get(name="Contributors"))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_the_buttons_are_on_campaigns_for_users_who_may_print(campaign, service, printer, editor):
    url = reverse("campaign_kit", args=[campaign.pk])
    for hook in (kit_header_button, kit_listing_button):
        assert [button.url for button in hook(campaign, printer)] == [url]
        assert hook(service, printer) == []
        assert hook(campaign, editor) == []


def test_the_campaigns_edit_page_shows_the_button(client, campaign, printer):
    client.force_login(printer)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[campaign.pk]))
    assert response.status_code == 200
    assert reverse("campaign_kit", args=[campaign.pk]) in response.content.decode()


def test_users_who_may_not_print_get_nothing(client, campaign, editor):
    client.force_login(editor)
    url = reverse("campaign_kit", args=[campaign.pk])
    for response in (client.get(url), client.post(url)):
        # Wagtail's admin answers a refusal with its home page and a message.
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert not RenderJob.objects.exists()
    client.logout()
    response = client.post(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not RenderJob.objects.exists()


def test_only_campaigns_have_a_kit(client, service, printer):
    client.force_login(printer)
    # (The locale middleware first tries the 404's path under /fr/: still a 404.)
    for page_id in (service.pk, 987654):
        url = reverse("campaign_kit", args=[page_id])
        assert client.get(url, follow=True).status_code == 404
        assert client.post(url, follow=True).status_code == 404
    assert not RenderJob.objects.exists()


def test_the_kit_is_a_job_whose_file_is_a_zip(client, campaign, printer):
    client.force_login(printer)
    url = reverse("campaign_kit", args=[campaign.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    response = client.post(url)
    job = RenderJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("print_job", args=[job.pk])
    assert job.kind == RenderJob.Kind.CAMPAIGN_KIT
    assert job.status == RenderJob.Status.DONE, job.error
    assert job.requested_by == printer
    assert job.filename.startswith("kit-semaine-fr-") and job.filename.endswith(".zip")
    assert job.file.name.endswith(".zip")

    status = client.get(response["Location"]).content.decode()
    assert job.filename in status

    download = client.get(reverse("print_job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    assert f'filename="{job.filename}"' in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.namelist() == ["README.md", "posters/poster.pdf", "kiosk/slides.pdf"]
    assert "Mehdi et le covoiturage" in archive.read("README.md").decode()


def test_a_kit_job_of_a_deleted_campaign_fails_in_words(printer):
    job = create_job(RenderJob.Kind.CAMPAIGN_KIT, {"page_id": 987654}, printer)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert job.error in ("This campaign was deleted.", "Cette campagne a été supprimée.")


def test_the_kit_form_needs_its_csrf_token(campaign, printer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(printer)
    assert client.post(reverse("campaign_kit", args=[campaign.pk])).status_code == 403
    assert not RenderJob.objects.exists()
