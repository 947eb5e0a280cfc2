"""The channel gate: live, public, and the content type's own rule, on the day asked."""

import datetime

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest

from crieur.channels import Channel, ConsentChannel
from crieur.gate import consent_channel_for, gate, gate_pages, passes
from services.models import ServicePage
from testimonials.models import TestimonialPage
from tests.factories import ServicePageFactory, TestimonialPageFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def pages(site_tree):
    service = ServicePageFactory(parent=site_tree.services, slug="outils")
    web_only = TestimonialPageFactory(
        parent=site_tree.testimonials,
        slug="web-seul",
        consent_print=False,
        consent_kiosk=False,
    )
    ends_tomorrow = TestimonialPageFactory(
        parent=site_tree.testimonials, slug="demain", consent_until=TODAY + DAY
    )
    ended = TestimonialPageFactory(
        parent=site_tree.testimonials, slug="fini", consent_until=TODAY - DAY
    )
    return {"service": service, "web_only": web_only, "ends": ends_tomorrow, "ended": ended}


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


def test_publication_channels_map_to_their_consent():
    assert consent_channel_for(Channel.WEBSITE) == ConsentChannel.WEB
    assert consent_channel_for(Channel.BULLETIN) == ConsentChannel.PRINT
    assert consent_channel_for("print") == ConsentChannel.PRINT
    assert consent_channel_for(Channel.SOCIAL) == ConsentChannel.SOCIAL
    with pytest.raises(ValueError):
        consent_channel_for("carrier-pigeon")


def test_mixed_page_queryset_keeps_consented_testimonials_only(pages):
    everything = Page.objects.filter(slug__in=["outils", "web-seul", "demain", "fini"])
    assert slugs(gate(everything, Channel.WEBSITE)) == {"outils", "web-seul", "demain"}
    assert slugs(gate(everything, Channel.BULLETIN)) == {"outils", "demain"}
    # Nobody consented to social media: only the service passes.
    assert slugs(gate(everything, Channel.SOCIAL)) == {"outils"}


def test_asking_for_some_types_keeps_those_types_and_their_rules(pages):
    everything = Page.objects.filter(slug__in=["outils", "web-seul", "demain", "fini"])
    testimonials = gate(everything, Channel.WEBSITE, types=[TestimonialPage])
    assert slugs(testimonials) == {"web-seul", "demain"}  # not the service, not "fini"
    assert slugs(gate(everything, Channel.BULLETIN, types=[TestimonialPage])) == {"demain"}
    services = gate(everything, Channel.WEBSITE, types=[ServicePage])
    assert slugs(services) == {"outils"}
    # A type's subclasses are of that type: every page is a Page, with its own rule.
    assert slugs(gate(everything, Channel.WEBSITE, types=[Page])) == {
        "outils",
        "web-seul",
        "demain",
    }


def test_consent_must_hold_on_every_day_asked(pages):
    testimonials = TestimonialPage.objects.all()
    assert "demain" in slugs(gate(testimonials, Channel.KIOSK, on=TODAY, through=TODAY + DAY))
    assert "demain" not in slugs(
        gate(testimonials, Channel.KIOSK, on=TODAY, through=TODAY + 2 * DAY)
    )
    # Consent given 30 days ago: not valid on a day before it.
    long_ago = TODAY - datetime.timedelta(days=60)
    assert slugs(gate(testimonials, Channel.KIOSK, on=long_ago)) == set()


def test_drafts_and_private_pages_never_pass(pages):
    pages["service"].unpublish()
    PageViewRestriction.objects.create(
        page=pages["web_only"], restriction_type=PageViewRestriction.LOGIN
    )
    everything = Page.objects.filter(slug__in=["outils", "web-seul", "demain"])
    assert slugs(gate(everything, Channel.WEBSITE)) == {"demain"}
    assert not passes(pages["service"], Channel.WEBSITE)
    assert not passes(pages["web_only"], Channel.WEBSITE)


def test_gate_pages_keeps_order_in_two_queries(pages, django_assert_num_queries):
    listed = [pages["ends"], pages["ended"], pages["service"], None, pages["web_only"]]
    gate_pages(listed, Channel.WEBSITE)  # the view restrictions, read once a generation
    # Outside a request: one for the generation (crieur.sitewide), one for the pages.
    with django_assert_num_queries(2):
        kept = gate_pages(listed, Channel.WEBSITE)
    assert kept == [pages["ends"], pages["service"], pages["web_only"]]


def test_a_private_ancestor_closes_the_gate_on_its_children(pages, site_tree):
    PageViewRestriction.objects.create(
        page=site_tree.testimonials, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert slugs(gate(TestimonialPage.objects.all(), Channel.WEBSITE)) == set()
