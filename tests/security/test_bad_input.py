"""The bad-input suite: hostile or broken input, the answer it must get, and nothing lost.

Each case names the channel it attacks. No case may produce a 500; after each
one, the content that was there is still there and unchanged.
"""

import io
import json

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import querydict_from_html

import pytest

from links.models import ScanCount, ShortLink
from stickers.label_formats import get_format
from stickers.models import StickerDesign
from stickers.sheet import DesignCount, render_sticker_sheet
from tests.factories import RegulationPageFactory, ServicePageFactory, TestimonialPageFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
ARABIC = "مكتبة الأدوات المشتركة في الحي — استعيروا بدل أن تشتروا"
CHINESE = "共享工具库：借用而不是购买，认识你的邻居"
EMOJI = "🔨🚗📚🥕 Prêtez, partagez ! 👩‍👩‍👧‍👦"
LONG_WORD = "Anticonstitutionnellement" * 12


@pytest.fixture
def content(site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outils", title="Outils")
    service.save_revision().publish()
    link = ShortLink.objects.get_or_create_for(service, "poster")
    draft = ServicePageFactory(parent=site_tree.services, slug="brouillon", title="Brouillon")
    draft.unpublish()
    private = ServicePageFactory(parent=site_tree.services, slug="prive", title="Privé")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {"service": service, "link": link, "draft": draft, "private": private}


def fingerprint(content):
    service = content["service"]
    service.refresh_from_db()
    return (
        service.title,
        service.live,
        ShortLink.objects.count(),
        content["link"].page_id,
        content["draft"].__class__.objects.get(pk=content["draft"].pk).live,
    )


# -- open redirects and broken codes on the resolver -------------------------------

RESOLVER_ATTEMPTS = [
    "/q/%2F%2Fevil.example",
    "/q/..%2F..%2Fadmin",
    "/q/%0d%0aLocation:%20http://evil.example",
    "/q/ABC234%0a",
    "/q/" + "A" * 5000,
    "/q/http:%2F%2Fevil.example",
    "/q/%5C%5Cevil.example",
    "/q/%00",
    "/q/ABC234?next=http://evil.example",
    "/q/ABC234/..%2F..%2F",
    "/Q/%E2%80%AEevil",
    "/q/<script>",
]


@pytest.mark.parametrize("path", RESOLVER_ATTEMPTS)
def test_resolver_never_redirects_elsewhere(client, content, path):
    before = fingerprint(content)
    response = client.get(path)
    assert response.status_code in (302, 400, 404)
    if response.status_code == 302:
        location = response["Location"]
        assert location.startswith("/") and not location.startswith("//")
        assert "evil" not in location
    assert "Set-Cookie" not in response
    assert fingerprint(content) == before


def test_a_real_code_with_a_hostile_next_parameter_still_goes_home(client, content):
    link = content["link"]
    response = client.get(f"/q/{link.code}?next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == content["service"].url


# -- drafts and private pages through every channel -------------------------------------


@pytest.mark.parametrize("which", ["draft", "private"])
def test_drafts_and_private_pages_are_not_public_on_the_website(client, content, which):
    page = content[which]
    response = client.get(f"/fr/services/{page.slug}/")
    assert response.status_code in (302, 404)  # 302: to the login page
    assert page.title not in client.get(content["service"].get_parent().url).content.decode()


@pytest.mark.parametrize("which", ["draft", "private"])
def test_resolver_never_leads_to_a_draft_or_private_page(client, content, which):
    link = ShortLink.objects.get_or_create_for(content[which], "poster")
    response = client.get(f"/q/{link.code}")
    assert response.status_code == 302
    assert response["Location"] != content[which].url


@pytest.mark.parametrize("which", ["draft", "private"])
def test_drafts_and_private_pages_are_not_searchable_or_in_the_sitemap(client, content, which):
    results = client.get("/fr/search/", {"q": content[which].title}).content.decode()
    assert 'class="card ' not in results
    assert f"/{content[which].slug}/" not in client.get("/sitemap.xml").content.decode()


# -- script in every text a person can type --------------------------------------------------


def test_script_in_a_testimonial_name_and_quote_is_escaped(client, site_tree):
    page = TestimonialPageFactory(
        parent=site_tree.testimonials, display_name=SCRIPT[:80], quote=SCRIPT, title="T"
    )
    html = client.get(page.url).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


def test_script_in_rich_text_from_the_editor_is_removed(client, site_tree, staff_user):
    page = RegulationPageFactory(parent=site_tree.regulations, slug="regle")
    client.force_login(staff_user)
    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(edit, form_id="page-edit-form")
    data["details"] = json.dumps(
        {
            "blocks": [
                {
                    "key": "a",
                    "type": "unstyled",
                    "text": f"Texte {SCRIPT}",
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                    "depth": 0,
                    "data": {},
                }
            ],
            "entityMap": {},
        }
    )
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    client.logout()
    html = client.get(page.url).content.decode()
    assert "Texte" in html
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html  # kept as text, never as markup


def test_markup_stored_outside_the_editor_cannot_run_scripts(client, site_tree):
    # Rich text written by a script or an import is not cleaned by the editor;
    # the Content-Security-Policy still forbids inline scripts and handlers.
    page = RegulationPageFactory(
        parent=site_tree.regulations,
        details=f'<p>{SCRIPT}<img src="x" onerror="alert(1)"></p>',
    )
    policy = client.get(page.url)["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_script_in_a_service_teaser_and_search_query_is_escaped(client, site_tree):
    page = ServicePageFactory(parent=site_tree.services, teaser=SCRIPT, slug="teaser")
    assert SCRIPT not in client.get(page.url).content.decode()
    assert SCRIPT not in client.get(site_tree.services.url).content.decode()
    response = client.get("/fr/search/", {"q": SCRIPT})
    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["", " ", "%", "' OR 1=1 --", "a" * 10_000, "\x00", "🔨" * 300, ARABIC, CHINESE],
)
def test_search_takes_any_query(client, site_tree, query):
    ServicePageFactory(parent=site_tree.services, slug="outils", title="Outils")
    response = client.get("/fr/search/", {"q": query, "page": "-1"})
    assert response.status_code == 200


@pytest.mark.parametrize("page_number", ["0", "-5", "999999", "abc", "1e9", "%00"])
def test_listing_pagination_takes_any_page_number(client, site_tree, page_number):
    ServicePageFactory(parent=site_tree.services, slug="outils")
    response = client.get(site_tree.services.url, {"page": page_number, "category": SCRIPT})
    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()


# -- very long and non-Latin texts in every channel's layout -----------------------------------


@pytest.mark.parametrize("text", [ARABIC, CHINESE, EMOJI, LONG_WORD])
def test_long_and_non_latin_texts_render_on_the_website(client, site_tree, text):
    page = ServicePageFactory(
        parent=site_tree.services,
        slug="texte",
        title=text[:255],
        teaser=text[:160],
        trial_offer=text[:255],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert text[:160] in response.content.decode()


@pytest.mark.parametrize("text", [ARABIC, CHINESE, EMOJI, LONG_WORD, SCRIPT])
def test_long_and_non_latin_texts_render_on_a_sticker_sheet(site_tree, locales, text):
    service = ServicePageFactory(parent=site_tree.services, slug="outils")
    design = StickerDesign.objects.create(
        locale=locales["fr"],
        slug="texte",
        kind=StickerDesign.Kind.SERVICE,
        text=text[:80],
        pictogram_name="hammer",
        text_colour="#ffffff",
        background_colour="#1d4e89",
        target_page=service,
    )
    sheet = render_sticker_sheet([DesignCount(design, 3)], geometry=get_format("avery-l7160"))
    assert sheet.pdf.startswith(b"%PDF")


# -- PDF requests with absurd counts or positions -------------------------------------------------


@pytest.fixture
def sticker_design(site_tree, locales):
    service = ServicePageFactory(parent=site_tree.services, slug="outils")
    return StickerDesign.objects.create(
        locale=locales["fr"],
        slug="outils",
        kind=StickerDesign.Kind.SERVICE,
        text="Outils",
        pictogram_name="hammer",
        text_colour="#ffffff",
        background_colour="#1d4e89",
        target_page=service,
    )


@pytest.mark.parametrize(
    "arguments",
    [
        ["--design", "outils:999999999999"],
        ["--design", "outils:-1"],
        ["--design", "outils:0"],
        ["--design", "outils:1e3"],
        ["--design", "outils:2", "--start", "-4"],
        ["--design", "outils:2", "--start", "100000"],
        ["--design", "../../etc/passwd:1"],
        ["--design", "outils:2", "--format", "../../etc/passwd"],
    ],
)
def test_sticker_command_refuses_absurd_requests(sticker_design, tmp_path, arguments):
    output = tmp_path / "sheet.pdf"
    with pytest.raises(CommandError):
        call_command("sticker_sheet", *arguments, "--output", str(output), stdout=io.StringIO())
    assert not output.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"quantity_1": "1000000"},
        {"quantity_1": "-3"},
        {"start": "0"},
        {"start": "99999999999999999999"},
        {"format": "<script>"},
        {"design_1": "not-a-number"},
    ],
)
def test_sticker_form_refuses_absurd_requests(client, staff_user, sticker_design, overrides):
    client.force_login(staff_user)
    data = {
        "format": "avery-l7160",
        "start": "1",
        "codes": "design",
        "design_1": str(sticker_design.pk),
        "quantity_1": "3",
    }
    data.update(overrides)
    response = client.post("/admin/print/stickers/", data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors


# -- CSRF on state-changing endpoints --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/admin/print/stickers/",
        "/admin/login/",
        "/admin/snippets/services/servicecategory/add/",
    ],
)
def test_state_changing_endpoints_need_a_csrf_token(staff_user, site_tree, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    response = client.post(path, {"name": "x", "slug": "x", "username": "a", "password": "b"})
    assert response.status_code == 403


def test_page_creation_needs_a_csrf_token(staff_user, site_tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    url = f"/admin/pages/add/services/servicepage/{site_tree.services.pk}/"
    response = client.post(url, {"title": "Sans jeton", "slug": "sans-jeton", "teaser": "x"})
    assert response.status_code == 403
    assert not site_tree.services.get_children().filter(slug="sans-jeton").exists()


def test_scans_are_not_counted_for_refused_requests(client, content):
    link = content["link"]
    client.head(f"/q/{link.code}")
    client.post(f"/q/{link.code}")
    client.get(f"/q/{link.code}", HTTP_USER_AGENT="facebookexternalhit/1.1")
    assert not ScanCount.objects.filter(link=link).exists()
