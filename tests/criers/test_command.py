"""``manage.py crier_cards``: a campaign by id or slug, in its language, with reading times."""

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from crieur.demo import translate as localize
from tests.pdf.pdf_helpers import decode_pages

from .conftest import page_texts, pdf_reader

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("crier_cards", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def translate(django_capture_on_commit_callbacks):
    def run(instance, locale, strings):
        with django_capture_on_commit_callbacks(execute=True):
            translated, _missing = localize.translate(instance, locale, strings)
        return translated

    return run


def test_english_cards_with_english_labels_and_reading_times(
    tmp_path, client, site_tree, locales, crier_pages, translate
):
    english = locales["en"]
    service = crier_pages["service"]
    service.announcement = " ".join(["Oyez"] * 120)  # 48 s: over the limit
    service.save_revision().publish()
    translate(site_tree.home, english, {"Accueil": "Home"})
    for index in (site_tree.services, site_tree.campaigns):
        translate(index, english, {})
    translate(service, english, {"Outilthèque des Aulnes": "Aulnes tool library"})
    translate(
        crier_pages["campaign"],
        english,
        {
            "Semaine du partage": "Sharing week",
            "Oyez, oyez ! C’est la Semaine du partage : prêtez, empruntez, réparez !": (
                "Hear ye! It is Sharing week: lend, borrow, repair!"
            ),
            "Fête des voisins": "Neighbours' party",
        },
    )
    output = tmp_path / "criers-en.pdf"

    out, err = run("--page", "semaine-du-partage", "--locale", "en", "--output", str(output))

    pdf = output.read_bytes()
    assert pdf_reader(pdf).trailer["/Root"]["/Lang"] == "en"
    texts = page_texts(pdf)
    assert len(texts) == 4  # the campaign, then its items the crier may show
    assert "Sharing week" in texts[0] and "Hear ye! It is Sharing week" in texts[0]
    assert "Neighbours' party" in texts[0]
    assert "Aulnes tool library" in texts[1]
    for label in ("Read aloud:", "EVENTS TO ANNOUNCE", "card 1/4"):
        assert label.lower() in texts[0].lower(), label
    assert "Too long: ≈ 48 s, 3 s over the 45 s" in texts[1]
    assert "À lire" not in " ".join(texts)

    assert "1. Sharing week: ≈ 4 s" in out
    assert "2. Aulnes tool library: ≈ 48 s. Too long" in out
    assert "criers-en.pdf: 4 cards" in out
    assert "1 of 4 announcements last over 45 seconds." in err
    assert "Left out: Mehdi et le covoiturage" in err
    # The English service's code leads to the English page.
    code = decode_pages(pdf, dpi=200)[1][0].rsplit("/", 1)[-1]
    response = client.get(f"/q/{code}", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"].endswith(service.get_translation(english).url)


def test_a_page_that_is_not_a_campaign_is_refused_in_words(tmp_path, crier_pages):
    output = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="not a campaign|pas une campagne"):
        run("--page", "outilotheque", "--output", str(output))
    with pytest.raises(CommandError, match="No campaign|No page|Aucun"):
        run("--page", "nulle-part", "--output", str(output))
    with pytest.raises(CommandError, match="invalid choice"):
        run("--page", "semaine-du-partage", "--layout", "a3", "--output", str(output))
    assert not output.exists()
