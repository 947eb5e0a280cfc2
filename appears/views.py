"""The "Where it appears" admin view of a page, for users who may edit it."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from .report import SCAN_DAYS, WARN_DAYS, where

__all__ = ["WhereView", "can_see"]


def can_see(page, user):
    """Whether ``user`` may see where ``page`` appears: those who may edit it."""
    return not page.is_root() and page.permissions_for_user(user).can_edit()


#: The days one may ask about (beyond them, date arithmetic would overflow).
FIRST_DAY, LAST_DAY = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)


def chosen_day(value):
    """The day of ``?on=YYYY-MM-DD``, or ``None`` when it is missing, not a date or out of range."""
    try:
        day = datetime.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


class WhereView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "appears/where.html"
    header_icon = "site"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=page_id)
        if not can_see(self.page, request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Where “%(title)s” appears") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.title,
            },
            {"url": "", "label": _("Where it appears")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        asked = self.request.GET.get("on")
        on = chosen_day(asked) or today
        context.update(
            {
                "where": where(self.page, on, self.request),
                "today": today,
                "bad_date": bool(asked) and chosen_day(asked) is None,
                "scan_days": SCAN_DAYS,
                "warn_days": WARN_DAYS,
            }
        )
        return context
