"""A page's own admin button, in its header and in the page listing's "…" menu.

Every channel that acts on a page (QR codes, poster, social kit, criers'
cards, bulletin print, dashboard, campaign kit) registers its button once:

    page_button(_("Poster"), "posters_page", icon_name="doc-full",
                shown=lambda page, user: ..., priority=6)
"""

from django.urls import reverse

from wagtail import hooks
from wagtail.admin.widgets import Button

__all__ = ["page_button"]


def page_button(label, url_name, *, icon_name, shown, priority, listing_priority=None):
    """Register a button leading to ``url_name`` (which takes the page's id).

    ``shown(page, user)`` says whether the user sees it on that page (check
    the permissions there: the view checks them again).
    """

    def buttons(page, user, priority):
        if page is None or page.pk is None or not shown(page, user):
            return []
        url = reverse(url_name, args=[page.pk])
        return [Button(label, url, icon_name=icon_name, priority=priority)]

    def header_buttons(page, user, view_name=None, next_url=None):
        return buttons(page, user, priority)

    def listing_buttons(page, user, next_url=None):
        return buttons(page, user, priority if listing_priority is None else listing_priority)

    hooks.register("register_page_header_buttons", header_buttons)
    hooks.register("register_page_listing_more_buttons", listing_buttons)
    return header_buttons, listing_buttons
