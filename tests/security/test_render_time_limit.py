"""Bad input: a PDF that takes forever to make is stopped, with a clear error.

Every WeasyPrint render runs within ``CRIEUR_RENDER_TIMEOUT_SECONDS``. The slow
document here is the real threat: a ``<use>`` bomb stored before the
sanitiser refused them (3 to 5 s per sticker, unbounded). The limit works in
any thread (gunicorn's ``gthread`` workers serve requests in threads) and
leaves nothing behind: no late exception in the code that runs next.
"""

import base64
import threading
import time

from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

import pytest

from pdf.models import RenderJob
from pdf.rendering import RenderTimeout, render_pdf, within_time_limit
from stickers.jobs import create_sticker_job
from stickers.label_formats import get_format
from stickers.models import StickerDesign
from stickers.sheet import DesignCount
from tests.bulletins.conftest import free_article
from tests.campaigns.conftest import campaign  # noqa: F401
from tests.security.test_svg_bombs import use_bomb

LIMIT = 0.3
#: Far below the 3 s or more the bomb takes without a limit, far above LIMIT.
STOPPED_WITHIN = 2.0

BOMB = use_bomb(4)
BOMB_HTML = (
    '<img style="width:2cm" src="data:image/svg+xml;base64,'
    + base64.b64encode(BOMB.encode()).decode()
    + '">'
)


@pytest.fixture(autouse=True)
def english_messages(settings):
    """These tests read the English messages; the site's default language is French."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def busy(seconds):
    """Pure Python work for ``seconds`` (where an interrupt can land)."""
    end = time.monotonic() + seconds
    count = 0
    while time.monotonic() < end:
        count += 1
    return count


def test_a_slow_render_is_stopped_with_a_clear_error(settings):
    settings.CRIEUR_RENDER_TIMEOUT_SECONDS = LIMIT
    started = time.monotonic()
    with pytest.raises(RenderTimeout) as error:
        render_pdf(BOMB_HTML)
    assert time.monotonic() - started < STOPPED_WITHIN
    assert "0.3 seconds" in str(error.value.message)
    with translation.override("fr"):
        assert "0,3 secondes" in str(error.value.message)
    # Nothing left behind: this thread renders again, and is not interrupted later.
    assert render_pdf("<p>Bonjour</p>").startswith(b"%PDF")
    busy(0.3)


def test_the_limit_works_in_a_request_thread(settings):
    settings.CRIEUR_RENDER_TIMEOUT_SECONDS = LIMIT
    outcome = {}

    def request():
        started = time.monotonic()
        try:
            render_pdf(BOMB_HTML)
        except RenderTimeout:
            outcome["stopped_after"] = time.monotonic() - started
        outcome["then"] = busy(0.3)  # no late interrupt

    thread = threading.Thread(target=request)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert outcome["stopped_after"] < STOPPED_WITHIN and outcome["then"] > 0


def test_quick_work_and_its_own_errors_go_through():
    assert within_time_limit(sum, [1, 2, 3], seconds=5) == 6
    with pytest.raises(ZeroDivisionError):
        within_time_limit(lambda: 1 / 0, seconds=5)
    # ...and the next call is limited again (the error did not leave a limit "active").
    with pytest.raises(RenderTimeout):
        within_time_limit(busy, 5, seconds=0.1)


def test_nested_limits_share_the_outer_budget():
    started = time.monotonic()
    with pytest.raises(RenderTimeout):
        within_time_limit(lambda: within_time_limit(busy, 5, seconds=60), seconds=0.2)
    assert time.monotonic() - started < STOPPED_WITHIN


def test_exceptions_caught_by_the_work_do_not_keep_it_running():
    """WeasyPrint skips what fails with ``except Exception``: the interrupt is not one."""

    def stubborn():
        end = time.monotonic() + 5
        while time.monotonic() < end:
            try:
                busy(0.01)
            except Exception:  # noqa: BLE001, S112
                continue
        return "finished"

    started = time.monotonic()
    with pytest.raises(RenderTimeout):
        within_time_limit(stubborn, seconds=0.1)
    assert time.monotonic() - started < STOPPED_WITHIN


# -- what the user sees, on every path that renders a PDF ----------------------------


@pytest.fixture
def bomb_design(locales):
    """A sticker design whose pictogram was stored before the sanitiser refused bombs."""
    design = StickerDesign.objects.create(
        locale=locales["fr"], slug="bombe", kind=StickerDesign.Kind.LEND, text="Bombe"
    )
    design.pictogram_svg.save("bombe.svg", ContentFile(BOMB.encode()), save=True)
    return design


@pytest.mark.django_db
def test_sticker_sheet_form_shows_the_error(admin_client, bomb_design, settings):
    settings.CRIEUR_RENDER_TIMEOUT_SECONDS = LIMIT
    response = admin_client.post(
        reverse("print_sticker_sheet"),
        {"format": "avery-l7160", "start": "1", "codes": "design"}
        | {"design_1": bomb_design.pk, "quantity_1": "2"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "0.3" in " ".join(response.context["form"].non_field_errors())


@pytest.mark.django_db
def test_background_sticker_job_fails_with_the_error(admin_user, bomb_design, settings):
    settings.CRIEUR_RENDER_TIMEOUT_SECONDS = LIMIT
    job = create_sticker_job(
        [DesignCount(bomb_design, 2)],
        geometry=get_format("avery-l7160"),
        start=1,
        unique_codes=False,
        outlines=False,
        offset=(0.0, 0.0),
        language="fr",
        user=admin_user,
    )
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert "0.3" in job.error and "Traceback" not in job.error


@pytest.mark.django_db
def test_bulletin_pdf_answers_the_error(client, make_edition, settings):
    edition = make_edition([free_article()])
    settings.CRIEUR_RENDER_TIMEOUT_SECONDS = 0.001
    response = client.get(f"{edition.url}pdf/")
    assert response.status_code == 422
    assert "0,001 secondes" in response.content.decode()  # the edition's page is in French


@pytest.mark.django_db
def test_campaign_report_returns_to_the_dashboard_with_the_error(
    admin_client,
    campaign,  # noqa: F811
    settings,
):
    settings.CRIEUR_RENDER_TIMEOUT_SECONDS = 0.001
    response = admin_client.get(reverse("campaign_report_pdf", args=[campaign.page.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("campaign_dashboard", args=[campaign.page.pk]))
    assert any("0.001" in str(message) for message in get_messages(response.wsgi_request))
