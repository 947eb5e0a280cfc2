"""``manage.py campaign_kit``: the same kit from the command line."""

import io
import zipfile

from django.core.management import CommandError, call_command

import pytest

from tests.factories import CampaignPageFactory, ServicePageFactory

from .stand_ins import quick_channels

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_kit(monkeypatch):
    monkeypatch.setattr("kits.build.CHANNELS", quick_channels())


@pytest.fixture
def campaign(site_tree):
    page = CampaignPageFactory(parent=site_tree.campaigns, slug="semaine", title="Semaine")
    page.save_revision().publish()
    return page


def test_the_command_writes_the_zip_and_says_what_was_left_out(campaign, tmp_path):
    output = tmp_path / "out" / "kit.zip"
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "campaign_kit", "--page", "semaine", "--output", str(output), stdout=stdout, stderr=stderr
    )
    archive = zipfile.ZipFile(output)
    assert archive.namelist() == ["README.md", "posters/poster.pdf", "kiosk/slides.pdf"]
    assert "2 files" in stdout.getvalue() and "1 left out" in stdout.getvalue()
    log = stderr.getvalue()
    assert "[  5 %]" in log and "[ 92 %]" in log
    assert "Left out (kiosk): Mehdi et le covoiturage: no kiosk consent" in log


def test_the_command_takes_an_id_and_a_language(campaign, locales, tmp_path):
    english = campaign.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    output = tmp_path / "kit-en.zip"
    call_command(
        "campaign_kit",
        "--page",
        str(campaign.pk),
        "--locale",
        "en",
        "--output",
        str(output),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert zipfile.ZipFile(output).read("README.md").decode().startswith("# Campaign kit")


def test_only_a_campaign_has_a_kit(site_tree, campaign, tmp_path):
    ServicePageFactory(parent=site_tree.services, slug="outils", title="Outils")
    with pytest.raises(CommandError, match="not a campaign"):
        call_command("campaign_kit", "--page", "outils", "--output", str(tmp_path / "k.zip"))
    with pytest.raises(CommandError, match="nowhere"):
        call_command("campaign_kit", "--page", "nowhere", "--output", str(tmp_path / "k.zip"))
    with pytest.raises(CommandError):
        call_command(
            "campaign_kit", "--page", "semaine", "--locale", "en", "--output", str(tmp_path / "k")
        )
    assert not list(tmp_path.iterdir())
