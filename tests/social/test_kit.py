"""The kit: its ZIP, its texts within every limit, its links, and the gate on social media."""

import dataclasses
import io
import re
import zipfile

from django.core.management import CommandError, call_command

import pytest
from PIL import Image

from crieur.outputs import LeftOut
from links.models import ShortLink
from social.kit import (
    SocialKitRefused,
    build_social_kit,
    kit_outputs,
    social_kit_zip,
)
from social.networks import NETWORKS, post_length
from social.posts import build_posts

pytestmark = pytest.mark.django_db

FORMATS = {
    "square-1080x1080": (1080, 1080),
    "portrait-1080x1350": (1080, 1350),
    "story-1080x1920": (1080, 1920),
    "link-1200x630": (1200, 630),
}
CODE = re.compile(r"/q/([A-Z0-9]+)", re.IGNORECASE)


def _zip(content):
    return zipfile.ZipFile(io.BytesIO(content))


def test_a_pages_zip_holds_images_texts_alt_text_and_readme(pages, site_tree):
    archive = _zip(social_kit_zip(pages["service"]))
    names = sorted(archive.namelist())
    assert names == sorted(
        ["README.txt", "alt-text.txt"]
        + [f"images/outilotheque-{name}.png" for name in FORMATS]
        + [f"texts/outilotheque-{network.key}-fr.txt" for network in NETWORKS]
    )
    for name, size in FORMATS.items():
        image = Image.open(io.BytesIO(archive.read(f"images/outilotheque-{name}.png")))
        assert (image.format, image.size) == ("PNG", size)
    readme = archive.read("README.txt").decode()
    alt = archive.read("alt-text.txt").decode().strip()
    assert alt.startswith("Outilthèque des Aulnes : Perceuse, escabeau")
    assert f"Texte alternatif : {alt}" in readme
    for network in NETWORKS:
        text = archive.read(f"texts/outilotheque-{network.key}-fr.txt").decode().rstrip("\n")
        line = f"texts/outilotheque-{network.key}-fr.txt: {network.label}, "
        assert f"{line}{post_length(text, network)} / {network.limit}" in readme
    assert "Rien n’a été laissé de côté." in readme


def _posts_by_network(kit):
    return {post.network.key: post for post in kit.items[0].posts}


def test_texts_in_french_and_english_carry_the_link_and_the_campaigns_hashtags(
    client, pages, site_tree
):
    campaign = pages["campaign"]
    french = build_social_kit(pages["service"], campaign=campaign)
    english = build_social_kit(pages["service_en"], campaign=campaign)
    assert french.language == "fr" and english.language == "en"
    link = french.items[0].link
    assert link.channel == "social" and link.campaign_id == campaign.pk
    assert english.items[0].link.page_id == pages["service_en"].pk
    for kit in (french, english):
        for post in kit.items[0].posts:
            assert post.length <= post.limit
            assert post.text.endswith("#SemaineDuPartage #ValDesAulnes #Réemploi")
            item_link = kit.items[0].link
            if post.network.link_in_bio:
                assert item_link.short_url in post.text
            else:
                assert f"http://testserver/q/{item_link.code}" in post.text
            # The address in the text leads to the live page, through the social link.
            code = CODE.search(post.text).group(1)
            assert ShortLink.objects.get(code=code).channel == "social"
            response = client.get(f"/q/{code}")
            assert response.status_code == 302
            assert client.get(response["Location"]).status_code == 200
    fr, en = _posts_by_network(french), _posts_by_network(english)
    assert fr["mastodon"].text.startswith("Outilthèque des Aulnes\n\nPerceuse")
    assert "À essayer : Un mois d’essai gratuit" in fr["mastodon"].text
    assert "En savoir plus : http://testserver/q/" in fr["bluesky"].text
    assert "Lien en bio, ou tapez testserver/q/" in fr["instagram"].text
    assert en["mastodon"].text.startswith("Tool library\n\nBorrow a drill")
    assert "Try it: One month free" in en["facebook"].text
    assert "Link in bio, or type testserver/q/" in en["instagram"].text
    # One link per item: made once, the same in every text and the next time.
    again = build_social_kit(pages["service"], campaign=campaign)
    assert again.items[0].link == link


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_very_long_teaser_and_many_hashtags_stay_within_every_limit(pages, language):
    page = pages["service" if language == "fr" else "service_en"]
    kit = build_social_kit(page, campaign=pages["campaign"])
    item = kit.items[0]
    card = dataclasses.replace(
        item.card,
        title="Outilthèque " * 40,
        teaser="Empruntez une perceuse, un escabeau, une ponceuse 🔨👨‍👩‍👧‍👦 " * 200,
    )
    hashtags = [f"#Partage{number}" for number in range(80)]
    for post in build_posts(card, item.link, hashtags):
        assert post.language == language
        assert post_length(post.text, post.network) <= post.network.limit, post.network.key
        assert post.length == post_length(post.text, post.network)
        assert "/q/" + item.link.code in post.text
        assert "#Partage0" in post.text
        assert "…" in post.text


def test_a_testimonial_without_social_consent_is_refused(pages):
    with pytest.raises(SocialKitRefused) as refused:
        build_social_kit(pages["print_only"])
    assert refused.value.left_out.title == "Mehdi et le covoiturage"
    assert refused.value.left_out.channel == "social"
    assert "Réseaux sociaux" in refused.value.left_out.reason
    with pytest.raises(SocialKitRefused):
        social_kit_zip(pages["print_only"])
    assert not ShortLink.objects.filter(page=pages["print_only"], channel="social").exists()
    # With social-media consent, the testimonial goes in.
    assert build_social_kit(pages["social"]).items[0].card.quote


def test_the_campaign_kit_has_the_campaign_and_its_consented_items_only(pages):
    campaign = pages["campaign"]
    outputs, left_out = kit_outputs(campaign)
    names = [output.name for output in outputs]
    assert all(name.startswith("social/") for name in names)
    assert "social/README.txt" in names
    folders = sorted({name.split("/")[1] for name in names if name.count("/") >= 2})
    assert folders == ["01-semaine-du-partage", "02-outilotheque"]
    for output in outputs:
        if output.name == "social/README.txt":
            continue  # lists it as left out
        assert b"Mehdi" not in output.content
        assert "mehdi" not in output.name
        if output.name.endswith(".png"):
            width, height = Image.open(io.BytesIO(output.content)).size
            assert output.name.endswith(f"-{width}x{height}.png")
    assert left_out == [
        LeftOut(
            "Mehdi et le covoiturage",
            "social",
            "l’auteur n’a pas consenti à ce canal (Réseaux sociaux)",
        )
    ]
    readme = next(o for o in outputs if o.name == "social/README.txt").content.decode()
    assert "Laissé de côté dans ce kit :\n- Mehdi et le covoiturage" in readme
    links = ShortLink.objects.filter(channel="social", campaign=campaign)
    assert {link.page_id for link in links} == {campaign.pk, pages["service"].pk}


def test_the_command_writes_the_english_kit(pages, tmp_path, capsys):
    target = tmp_path / "kit.zip"
    call_command("social_kit", page="outilotheque", locale="en", output=str(target))
    archive = _zip(target.read_bytes())
    assert "texts/outilotheque-mastodon-en.txt" in archive.namelist()
    assert archive.read("texts/outilotheque-bluesky-en.txt").decode().startswith("Tool library")
    assert "Social media kit: Tool library" in archive.read("README.txt").decode()
    assert "4 images" in capsys.readouterr().out.replace("visuels", "images")
    with pytest.raises(CommandError, match="Mehdi"):
        call_command("social_kit", page="mehdi", output=str(tmp_path / "no.zip"))
    with pytest.raises(CommandError):
        call_command("social_kit", page="nowhere", output=str(tmp_path / "no.zip"))
    assert not (tmp_path / "no.zip").exists()


def test_a_kit_holds_a_bounded_number_of_items(pages, monkeypatch):
    monkeypatch.setattr("social.kit.MAX_ITEMS", 1)
    kit = build_social_kit(pages["campaign"])
    assert [item.page.pk for item in kit.items] == [pages["campaign"].pk]
    reasons = {note.title: note.reason for note in kit.left_out}
    assert reasons["Outilthèque des Aulnes"] == "un kit réseaux sociaux contient au plus 1 contenus"
    assert "Mehdi et le covoiturage" in reasons
