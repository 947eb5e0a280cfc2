"""`make demo`'s administrator: the URL it really serves on, and the staff's language."""

import io

from django.core.management import call_command

from wagtail.users.models import UserProfile

import pytest

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("ensure_demo_admin", *args, stdout=out)
    return out.getvalue()


def test_prints_the_host_and_port_it_is_given():
    output = run("--base-url", "http://127.0.0.1:8100/")
    assert "  Admin:    http://127.0.0.1:8100/admin/" in output
    assert "8000" not in output


def test_new_administrator_reads_the_admin_in_french_and_keeps_a_later_choice(
    django_user_model,
):
    run()
    admin = django_user_model.objects.get(username="admin")
    assert UserProfile.get_for_user(admin).preferred_language == "fr"  # whatever the browser says
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"  # one click away, and kept
    profile.save()
    output = run()
    assert "Reset the demo administrator." in output
    assert UserProfile.get_for_user(admin).get_preferred_language() == "en"
