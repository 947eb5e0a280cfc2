"""How the kit is put together, with stand-in channels (no rendering): names, failures, README."""

import io
import zipfile

from django.utils import translation

import pytest

from crieur.outputs import LeftOut, Output
from kits.build import make_campaign_kit, safe_name
from pdf.rendering import RenderTimeout
from tests.factories import CampaignPageFactory

from .stand_ins import Stand, channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(site_tree):
    page = CampaignPageFactory(parent=site_tree.campaigns, slug="semaine", title="Semaine")
    page.save_revision().publish()
    return page


def test_names_stay_inside_the_zip_slugified_and_unique(campaign):
    hostile = Stand(
        [
            Output("../../etc/passwd", b"a"),
            Output("/abs/Évil name.PDF", b"b"),
            Output("posters\\..\\..\\x.pdf", b"c"),
            Output("posters/a.pdf", b"d"),
            Output("posters/A.pdf", b"e"),
            Output("README.md", b"f"),
            Output("", b"g"),
            Output("x" * 500 + ".pdf", b"h"),
        ]
    )
    kit = make_campaign_kit(campaign, channels=[channel("posters", hostile)])
    names = zipfile.ZipFile(io.BytesIO(kit.archive)).namelist()
    assert names == [
        "README.md",
        "etc/passwd",
        "abs/evil-name.pdf",
        "posters/x.pdf",
        "posters/a.pdf",
        "posters/a-2.pdf",
        "posters/readme.md",
        "posters/file",
        "posters/" + "x" * 80 + ".pdf",
    ]
    assert zipfile.ZipFile(io.BytesIO(kit.archive)).read("posters/a-2.pdf") == b"e"


def test_a_failing_channel_is_listed_as_not_made_and_the_others_are_kept(campaign):
    before = Stand([Output("posters/poster.pdf", b"%PDF-1.7 poster", "The poster")])
    slow = Stand(error=RenderTimeout(50))
    buggy = Stand(error=KeyError("oops"))
    after = Stand(
        [Output("kiosk/slides.pdf", b"%PDF-1.7 slides", "The slides")],
        [LeftOut("Mehdi et le covoiturage", "kiosk", "the author did not consent")],
    )
    progress = []
    with translation.override("en"):
        kit = make_campaign_kit(
            campaign,
            channels=[
                channel("posters", before),
                channel("social", slow, "Social media kit"),
                channel("criers", buggy, "Street criers' cards"),
                channel("kiosk", after),
            ],
            report=lambda *step: progress.append(step),
        )
    assert [output.name for output in kit.files] == ["posters/poster.pdf", "kiosk/slides.pdf"]
    assert [item.channel.folder for item in kit.not_made] == ["social", "criers"]
    assert [percent for percent, _message in progress] == [5, 26, 47, 68, 92]
    # The channels work in the campaign's language (French), progress in the user's.
    assert before.calls == [(campaign.pk, "fr")]
    assert progress[1][1] == "Making Social media kit (2 of 4)"
    readme = zipfile.ZipFile(io.BytesIO(kit.archive)).read("README.md").decode()
    assert "`posters/poster.pdf`" in readme and "The poster" in readme
    assert "`kiosk/slides.pdf`" in readme
    not_made = readme.split("## Non réalisé", 1)[1].split("## ", 1)[0]
    assert "Social media kit" in not_made or "Kit réseaux sociaux" in not_made
    assert "50" in not_made  # the time limit, in words
    assert "oops" in not_made
    assert "Mehdi et le covoiturage: the author did not consent" in readme


def test_the_readme_is_in_the_campaigns_language(campaign, locales):
    english = campaign.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "Sharing week"
    english.save_revision().publish()
    stand = Stand([Output("posters/p.pdf", b"p", "A poster")])
    kit = make_campaign_kit(english, channels=[channel("posters", stand)])
    readme = zipfile.ZipFile(io.BytesIO(kit.archive)).read("README.md").decode()
    assert readme.startswith("# Campaign kit: Sharing week\n")
    assert "## In this kit" in readme and "## Left out" in readme
    assert "Nothing was left out." in readme
    assert stand.calls == [(english.pk, "en")]
    with translation.override("en"):
        french = make_campaign_kit(campaign, channels=[channel("posters", stand)])
    readme = zipfile.ZipFile(io.BytesIO(french.archive)).read("README.md").decode()
    assert readme.startswith("# Kit de campagne : Semaine\n")
    assert "## Laissé de côté" in readme


def test_safe_name_keeps_a_folder():
    assert safe_name("affiche.pdf", "posters") == ("posters", "affiche", "pdf")
    assert safe_name("..", "kiosk") == ("kiosk", "file", "")
    assert safe_name("a/b/c/d/e.png", "social") == ("a/b/c", "e", "png")
