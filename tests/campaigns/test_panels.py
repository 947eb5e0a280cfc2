"""Dashboard panels of the campaigns: campaigns running now with their week's scans, events."""

from django.urls import reverse

import pytest

from links.models import ShortLink

pytestmark = pytest.mark.django_db


def test_running_campaigns_and_events_panels(admin_client, campaign):
    code = ShortLink.objects.get(campaign=campaign.page, page=campaign.service, channel="website")
    admin_client.get(f"/q/{code.code}")
    admin_client.get(f"/q/{code.code}")

    response = admin_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="running-campaigns-section"' in html and 'id="upcoming-events-section"' in html
    assert reverse("campaign_dashboard", args=[campaign.page.pk]) in html
    panel = html[html.index('id="running-campaigns-section"') :]
    assert "<td>2</td>" in panel
    assert "Fête des voisins" in html


def test_panels_hidden_without_page_permissions(client, django_user_model, campaign):
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user("viewer", "v@example.org", "password")
    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="running-campaigns-section"' not in html
    assert 'id="expiring-consents-section"' not in html
