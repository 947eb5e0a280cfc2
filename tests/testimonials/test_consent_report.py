"""The "consents expiring" report and dashboard panel."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from tests.factories import TestimonialPageFactory

pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def testimonials(site_tree):
    today = timezone.localdate()

    def make(slug, until):
        return publish(
            TestimonialPageFactory(
                parent=site_tree.testimonials,
                slug=slug,
                title=f"Témoignage {slug}",
                consent_until=until,
            )
        )

    return {
        "soon": make("bientot", today + datetime.timedelta(days=10)),
        "today": make("aujourdhui", today),
        "later": make("plus-tard", today + datetime.timedelta(days=90)),
        "past": make("passe", today - datetime.timedelta(days=1)),
        "forever": make("toujours", None),
    }


def test_report_lists_consents_ending_within_60_days(admin_client, testimonials):
    response = admin_client.get(reverse("expiring_consents_report"))
    assert response.status_code == 200
    listed = [page.pk for page in response.context["object_list"]]
    assert listed == [testimonials["today"].pk, testimonials["soon"].pk]


def test_report_needs_page_permissions(client, django_user_model, testimonials):
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user("viewer", "v@example.org", "password")
    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    response = client.get(reverse("expiring_consents_report"))
    assert response.status_code in {302, 403}


def test_dashboard_panel(admin_client, testimonials):
    response = admin_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert 'id="expiring-consents-section"' in html
    assert "Témoignage bientot" in html and "Témoignage plus-tard" not in html
