"""An accepted project becomes a draft page once the call has closed; its card reaches channels."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from calls.models import Application, ProjectPage
from campaigns.models import CampaignItem
from crieur.channels import Channel
from tests.factories import CampaignPageFactory
from tests.factories.calls import make_application

pytestmark = pytest.mark.django_db


def close(call):
    call.opens_on = timezone.localdate() - datetime.timedelta(days=40)
    call.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    call.save_revision().publish()


@pytest.fixture
def accepted(call):
    return make_application(
        call,
        status=Application.Status.ACCEPTED,
        title="Fresque du lavoir",
        description="Une fresque peinte avec les habitants sur le mur du lavoir.",
    )


def test_not_offered_nor_accepted_before_the_call_closes(admin_client, accepted):
    url = reverse("calls_application", args=[accepted.pk])
    page = admin_client.get(url).content.decode()
    assert reverse("calls_publish_project", args=[accepted.pk]) not in page
    response = admin_client.post(reverse("calls_publish_project", args=[accepted.pk]))
    assert response.status_code == 302
    assert not ProjectPage.objects.exists()


def test_a_project_not_accepted_cannot_be_published(admin_client, call):
    application = make_application(call)
    close(call)
    admin_client.post(reverse("calls_publish_project", args=[application.pk]))
    assert not ProjectPage.objects.exists()


def test_a_closed_call_makes_one_draft_without_the_contact(admin_client, call, accepted):
    close(call)
    url = reverse("calls_publish_project", args=[accepted.pk])
    assert (
        url in admin_client.get(reverse("calls_application", args=[accepted.pk])).content.decode()
    )
    response = admin_client.post(url)
    project = ProjectPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[project.pk])
    assert admin_client.post(url).status_code == 302  # again: the same page, none added
    assert ProjectPage.objects.count() == 1
    assert not project.live
    assert project.get_parent().pk == call.pk
    assert project.title == "Fresque du lavoir"
    assert project.group_name == accepted.group_name
    assert project.where == accepted.where
    stored = " ".join(str(value) for value in project.__dict__.values())
    assert "Camille Secret" not in stored and "camille.secret@example.org" not in stored
    assert "06 12 34 56 78" not in stored
    # A draft is shown on no channel.
    assert not ProjectPage.objects.live().exists()


def test_published_project_reaches_a_campaign_and_its_card(
    admin_client, client, call, accepted, site_tree
):
    close(call)
    admin_client.post(reverse("calls_publish_project", args=[accepted.pk]))
    project = ProjectPage.objects.get()
    project.save_revision().publish()
    project.refresh_from_db()

    card = project.card
    assert card.kind == "project"
    assert card.title == "Fresque du lavoir"
    assert card.teaser.startswith("Une fresque peinte")
    assert {fact.value for fact in card.facts} >= {accepted.group_name, accepted.where}

    campaign = CampaignPageFactory(parent=site_tree.campaigns, slug="printemps")
    CampaignItem.objects.create(campaign=campaign, page=project)
    campaign.save_revision().publish()
    selected = campaign.selected_pages(Channel.POSTER)
    assert [page.pk for page in selected] == [project.pk]
    assert selected[0].card.title == "Fresque du lavoir"

    public = client.get(project.url)
    assert public.status_code == 200
    assert "Fresque du lavoir" in public.content.decode()
    assert "camille.secret@example.org" not in public.content.decode()
    # And on the call page, as a card
    assert "Fresque du lavoir" in client.get(call.url).content.decode()
