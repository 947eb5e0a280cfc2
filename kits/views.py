"""The admin's "Campaign kit" page: what the kit holds, and the button that makes it.

Only users who may print (``pdf.permissions.user_can_print``) reach it, and
only for a campaign. Making the kit is a POST: it queues a background job and
sends the user to the job's status page (``pdf``'s job views), which offers
the ZIP once it is ready.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.models import CampaignPage
from pdf.permissions import user_can_print

from .build import CHANNELS
from .jobs import create_kit_job

__all__ = ["CampaignKitView", "kit_campaign"]


def kit_campaign(request, page_id):
    """The campaign ``page_id`` if ``request.user`` may make its kit (403, then 404)."""
    if not user_can_print(request.user):
        raise PermissionDenied
    campaign = CampaignPage.objects.select_related("locale").filter(pk=page_id).first()
    if campaign is None:
        raise Http404
    return campaign


class CampaignKitView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "kits/admin/kit.html"
    header_icon = "download"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.campaign = kit_campaign(request, page_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Campaign kit: “%(title)s”") % {"title": self.campaign.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.campaign.pk]),
                "label": self.campaign.title,
            },
            {"url": "", "label": _("Campaign kit")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "campaign": self.campaign,
                "channels": [channel.label for channel in CHANNELS],
                "not_live": not self.campaign.live,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        job = create_kit_job(self.campaign, user=request.user)
        return redirect("print_job", job.pk)
