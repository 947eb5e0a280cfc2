"""The criers' part of the campaign kit: cards and script in the campaign's language."""

import pytest

from criers.kit import kit_outputs

from .conftest import EXPIRING_QUOTE, REFUSED_QUOTE, SERVICE_ANNOUNCEMENT, pdf_reader

pytestmark = pytest.mark.django_db


def test_kit_outputs_cards_and_script_and_lists_what_the_gate_refused(crier_pages):
    outputs, left_out = kit_outputs(crier_pages["campaign"])

    assert [output.name for output in outputs] == ["criers/cards-fr.pdf", "criers/script-fr.txt"]
    cards, script = outputs
    assert len(pdf_reader(cards.content).pages) == 4
    assert "4 fiches A6" in cards.description

    text = script.content.decode("utf-8")
    assert text.startswith("Texte des crieurs de rue : Semaine du partage")
    # In the cards' order, each with its reading time, events and flyer link.
    order = [
        text.index("1. Semaine du partage (≈ 4 s)"),
        text.index("2. Outilthèque des Aulnes (≈ 14 s)"),
        text.index(SERVICE_ANNOUNCEMENT),
        text.index("3. Puis-je prêter ma voiture à un voisin ? (≈ 3 s)"),
        text.index("4. Claire et la perceuse"),
    ]
    assert order == sorted(order)
    assert "Fête des voisins, Place du Marché" in text
    assert text.count("Lien du tract : testserver/q/") == 4
    assert REFUSED_QUOTE not in text and EXPIRING_QUOTE not in text

    assert [(item.title, item.channel) for item in left_out] == [
        ("Mehdi et le covoiturage", "crier"),
        ("Sophie au jardin", "crier"),
        ("Service en préparation", "crier"),
    ]
    assert "consent" in left_out[0].reason  # "l’auteur n’a pas consenti…"
    assert "Écartés (pas de fiche)" in text and "Sophie au jardin" in text


def test_nothing_to_show_gives_a_script_and_no_pdf(crier_pages):
    campaign = crier_pages["campaign"]
    campaign.unpublish()
    campaign.items.all().delete()
    outputs, left_out = kit_outputs(campaign)
    assert [output.name for output in outputs] == ["criers/script-fr.txt"]
    assert [item.title for item in left_out] == ["Semaine du partage"]
