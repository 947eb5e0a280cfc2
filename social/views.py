"""The social media kit in the admin: the images, their alternative texts, the post texts with
their lengths against each network's limit, and the ZIP.

Every view needs the print permission (``pdf.permissions.user_can_print``):
the kit view (``PrintPermissionMixin``), the PNG previews and the ZIP. A page
the gate refuses on social media shows the reason and serves no image.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from campaigns.models import CampaignPage
from pdf.permissions import PrintPermissionMixin, user_can_print
from pdf.rendering import RenderTimeout

from .images import FORMATS, get_format
from .kit import SocialKitRefused, build_social_kit, item_image, social_kit_files, zip_outputs

__all__ = ["SocialKitView", "content_page", "social_kit_image", "social_kit_zip_view"]

#: The page types that have a social media kit: the project's content.
CONTENT_TYPES = {label.lower() for label in settings.CRIEUR_CONTENT_PAGE_TYPES}


def has_kit(page):
    """Whether ``page`` (any page) is content a social kit can be made of."""
    model = page.specific_class
    return model is not None and model._meta.label_lower in CONTENT_TYPES


def content_page(page_id):
    """The specific content page ``page_id``; 404 for any other page."""
    page = get_object_or_404(Page, pk=page_id)
    if not has_kit(page):
        raise Http404
    return page.specific


def campaigns_of(page):
    """The campaigns that select ``page`` (any of its translations), its own language first."""
    if isinstance(page, CampaignPage):
        return []
    campaigns = (
        CampaignPage.objects.filter(items__page__translation_key=page.translation_key)
        .select_related("locale")
        .distinct()
        .order_by("-start_date", "pk")
    )
    by_key = {}
    for campaign in campaigns:
        kept = by_key.get(campaign.translation_key)
        if kept is None or (
            campaign.locale_id == page.locale_id and kept.locale_id != page.locale_id
        ):
            by_key[campaign.translation_key] = campaign
    return list(by_key.values())


def chosen_campaign(request, page):
    """The campaign asked for with ``?campaign=ID``, when it selects ``page`` (in any language)."""
    value = request.GET.get("campaign", "")
    if isinstance(page, CampaignPage) or not value.isdigit() or len(value) > 18:
        return None
    return (
        CampaignPage.objects.filter(
            pk=int(value), items__page__translation_key=page.translation_key
        )
        .select_related("locale")
        .first()
    )


def _query(campaign):
    return f"?{urlencode({'campaign': campaign.pk})}" if campaign is not None else ""


class SocialKitView(PrintPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """A page's social media kit: images, alternative texts, post texts and their lengths."""

    template_name = "social/admin/kit.html"
    header_icon = "image"

    def dispatch(self, request, page_id, *args, **kwargs):
        if not user_can_print(request.user):
            raise PermissionDenied
        self.page = content_page(page_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Social media kit: “%(title)s”") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.title,
            },
            {"url": "", "label": _("Social media kit")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = chosen_campaign(self.request, self.page)
        context.update(
            {
                "page": self.page,
                "campaigns": campaigns_of(self.page),
                "campaign": campaign,
                "kit": None,
                "refusal": None,
            }
        )
        try:
            kit = build_social_kit(self.page, campaign=campaign, user=self.request.user)
        except SocialKitRefused as refused:
            context["refusal"] = refused.message
            return context
        for item in kit.items:
            # An item's image carries its campaign's link; a campaign's own, its own.
            query = _query(None if isinstance(item.page, CampaignPage) else kit.campaign)
            item.previews = [
                (
                    fmt,
                    reverse("social_kit_image", args=[item.page.pk, fmt.key]) + query,
                    name,
                )
                for fmt, name in item.images()
            ]
        context["kit"] = kit
        context["zip_url"] = reverse("social_kit_zip", args=[self.page.pk]) + _query(campaign)
        context["formats"] = FORMATS
        return context


def _check(request, page_id):
    if not user_can_print(request.user):
        raise PermissionDenied
    page = content_page(page_id)
    return page, chosen_campaign(request, page)


def social_kit_image(request, page_id, format_key):
    """One image of a page's kit, as PNG (the admin's previews)."""
    page, campaign = _check(request, page_id)
    try:
        fmt = get_format(format_key)
    except ValueError:
        raise Http404 from None
    try:
        kit = build_social_kit(page, campaign=campaign, user=request.user)
    except SocialKitRefused:
        raise Http404 from None
    item = kit.item(page.pk)
    if item is None:
        raise Http404
    try:
        png = item_image(kit, item, fmt)
    except RenderTimeout as error:
        return HttpResponse(error.message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-cache"
    return response


def social_kit_zip_view(request, page_id):
    """The ZIP of a page's kit (a campaign's: with its items)."""
    page, campaign = _check(request, page_id)
    back = reverse("social_kit", args=[page.pk]) + _query(campaign)
    try:
        kit = build_social_kit(page, campaign=campaign, user=request.user)
        content = zip_outputs(social_kit_files(kit))
    except SocialKitRefused as refused:
        messages.error(request, refused.message)
        return redirect(back)
    except RenderTimeout as error:
        messages.error(request, error.message)
        return redirect(back)
    response = HttpResponse(content, content_type="application/zip")
    filename = f"social-{page.slug[:60] or page.pk}-{kit.language}.zip"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
