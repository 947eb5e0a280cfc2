import functools

from django import template
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe

from wagtail.models import Page, Site

from crieur.card_store import render_cards
from crieur.colours import readable_text_colour
from crieur.pictograms import lucide_svg, validate_lucide_name
from crieur.sitewide import snapshot

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """One link per site language: the same page's live translation when there is one.

    Without a translation, the link goes to the home page in that language.
    """
    request = context.get("request")
    current = translation.get_language()
    translations = {}
    homes = {}
    if isinstance(page, Page):
        # One query for the page's translations and the site's home pages: the
        # URL path and the language of each, no page object.
        site = Site.find_for_request(request) if request else page.get_site()
        known = snapshot()
        keys = {page.translation_key}
        if site is not None:
            keys.add(known.home_translation_key(site))
        codes = known.language_codes()
        versions = (
            Page.objects.filter(translation_key__in=keys)
            .live()
            .order_by()
            .values_list("pk", "translation_key", "url_path", "locale_id")
        )
        for pk, key, url_path, locale_id in versions:
            found = translations if key == page.translation_key else homes
            found[codes.get(locale_id)] = (pk, url_path)
    links = []
    stand_in = None  # holds a URL path: all Wagtail's get_url reads of a page
    for code, name in settings.LANGUAGES:
        if code in translations or code in homes:
            available = code in translations
            stand_in = stand_in or Page()
            stand_in.pk, stand_in.url_path = translations[code] if available else homes[code]
            url = stand_in.get_url(request)
        else:
            url = translate_url(request.get_full_path(), code) if request else f"/{code}/"
            available = page is None
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "current": code == current,
                "same_page": available,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def cards(context, pages):
    """The cards of ``pages`` (a listing, already through the gate), from the card store."""
    return mark_safe("".join(render_cards(pages, context.get("request"))))  # noqa: S308


@register.simple_tag
def pictogram(name, size=48, label=""):
    """Inline SVG of a Lucide icon; decorative unless a label is given."""
    if not name:
        return ""
    return _pictogram_markup(str(name), size, str(label))


@functools.lru_cache(maxsize=1024)
def _pictogram_markup(name, size, label):
    """The markup depends on its arguments only (the icons ship with the code): made once."""
    try:
        validate_lucide_name(name)
    except ValidationError:
        return ""
    if label:
        return lucide_svg(name, size=size, role="img", aria_label=label, aria_hidden="false")
    return lucide_svg(name, size=size)


@register.filter
def text_colour_on(background):
    return readable_text_colour(background)
