"""Staff's review of a call's applications: listing, decision, CSV, project page.

Every view requires the right to edit the call page (URLs registered with
``register_admin_urls`` also require access to the Wagtail admin); publishing
a project page requires the right to add pages under the call. Decisions are
idempotent (the same decision again changes nothing and sends nothing), logged
in Wagtail's history, e-mailed to the applicant in their language, and empty
the page cache so the call page shows the new share at once.
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from crieur import invalidation
from crieur.exports import neutralise_row

from .emails import send_decision
from .forms import DecisionForm
from .models import Application, CallPage
from .publishing import ProjectRefused, make_project_page, project_refusal
from .shares import equal_share

#: Applications shown on one listing page at most (a call of Brest's size gets ~100).
LISTING_LIMIT = 1000


def can_review(user, call):
    return call.permissions_for_user(user).can_edit()


def get_call(request, page_id):
    call = get_object_or_404(CallPage.objects.select_related("locale"), pk=page_id)
    if not can_review(request.user, call):
        raise PermissionDenied
    return call


def get_application(request, pk):
    application = get_object_or_404(Application.objects.select_related("call"), pk=pk)
    if not can_review(request.user, application.call):
        raise PermissionDenied
    return application


class ApplicationsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "calls/admin/applications.html"
    page_title = gettext_lazy("Applications")
    header_icon = "form"

    def dispatch(self, request, page_id):
        self.call = get_call(request, page_id)
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.call.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.call.pk]),
                "label": self.call.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applications = Application.objects.for_call(self.call).order_by("-submitted_at", "-pk")
        counts = dict.fromkeys(Application.Status.values, 0)
        for status in applications.values_list("status", flat=True):
            counts[status] += 1
        status = self.request.GET.get("status", "")
        if status in Application.Status.values:
            applications = applications.filter(status=status)
        else:
            status = ""
        context.update(
            {
                "call": self.call,
                "applications": applications[:LISTING_LIMIT],
                "status": status,
                "filters": [
                    (value, label, counts[value]) for value, label in Application.Status.choices
                ],
                "total": sum(counts.values()),
                "share": equal_share(self.call.budget, counts[Application.Status.ACCEPTED]),
                "csv_url": reverse("calls_applications_csv", args=[self.call.pk]),
            }
        )
        return context


class ApplicationView(WagtailAdminTemplateMixin, TemplateView):
    """One application, in full, and the decision form."""

    template_name = "calls/admin/application.html"
    page_title = gettext_lazy("Application")
    header_icon = "form"

    def dispatch(self, request, pk):
        self.application = get_application(request, pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.application.receipt

    def get_breadcrumbs_items(self):
        call = self.application.call
        return self.breadcrumbs_items + [
            {
                "url": reverse("calls_applications", args=[call.pk]),
                "label": call.get_admin_display_title(),
            },
            {"url": "", "label": self.application.receipt},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        initial = {"reason": application.decision_reason}
        if application.status != Application.Status.RECEIVED:
            initial["status"] = application.status
        context.update(
            {
                "application": application,
                "call": application.call,
                "form": form or DecisionForm(initial=initial),
                "project_refusal": project_refusal(application),
                "can_publish": application.call.permissions_for_user(
                    self.request.user
                ).can_add_subpage(),
            }
        )
        return context

    def post(self, request, pk):
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        changed = decide(
            self.application, form.cleaned_data["status"], form.cleaned_data["reason"], request.user
        )
        if changed:
            messages.success(
                request,
                _("%(receipt)s: %(status)s. The applicant has been told by e-mail.")
                % {"receipt": changed.receipt, "status": changed.get_status_display()},
            )
        else:
            messages.info(request, _("Nothing changed: this decision was already recorded."))
        return redirect("calls_applications", self.application.call_id)


def decide(application, status, reason, user):
    """Record ``status`` and ``reason`` for ``application``: the updated application, or None.

    ``None`` when it already had that decision with that reason (nothing sent,
    nothing logged).
    """
    reason = reason.strip()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        )
        if application.status == status and application.decision_reason == reason:
            return None
        previous = application.status
        application.status = status
        application.decision_reason = reason
        application.decided_at = timezone.now()
        application.decided_by = user
        application.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
        log(
            instance=application,
            action=f"calls.{status}",
            user=user,
            data={"receipt": application.receipt, "from": previous, "to": status},
        )
        # The call page shows the number of projects accepted and the share: live.
        invalidation.bump(f"call {application.call_id}: application {application.receipt}")
        transaction.on_commit(lambda: send_decision(application))
    return application


def _amount(value):
    """Whole euros as finance departments import them: "3333.00", no separator."""
    return "" if value is None else f"{value}.00"


def applications_csv(request, page_id):
    """Every application of the call, for the finance department, formulas neutralised."""
    call = get_call(request, page_id)
    applications = list(
        Application.objects.for_call(call).order_by("receipt_year", "receipt_number")
    )
    accepted = sum(1 for a in applications if a.status == Application.Status.ACCEPTED)
    share = equal_share(call.budget, accepted)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="call-{call.pk}-applications.csv"'
    response.write("\ufeff")  # spreadsheets then read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        neutralise_row(
            [
                _("Receipt"),
                _("Submitted on"),
                _("Status"),
                _("Applicant"),
                _("Applicant's status"),
                _("Project"),
                _("Where"),
                _("When"),
                _("Amount requested (EUR)"),
                _("Share (EUR)"),
                _("Contact name"),
                _("Contact e-mail"),
                _("Contact phone"),
                _("Reason"),
            ]
        )
    )
    for application in applications:
        is_accepted = application.status == Application.Status.ACCEPTED
        writer.writerow(
            neutralise_row(
                [
                    application.receipt,
                    timezone.localtime(application.submitted_at).date().isoformat(),
                    application.get_status_display(),
                    application.group_name,
                    application.get_applicant_kind_display(),
                    application.title,
                    application.where,
                    application.when,
                    _amount(application.requested_amount),
                    _amount(share.each) if is_accepted else "",
                    application.contact_name,
                    application.contact_email,
                    application.contact_phone,
                    application.decision_reason,
                ]
            )
        )
    return response


@require_POST
def publish_project(request, pk):
    """Make the accepted project's draft page (once), then open it in the editor."""
    application = get_application(request, pk)
    if not application.call.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    try:
        page = make_project_page(application, user=request.user)
    except ProjectRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("calls_application", application.pk)
    messages.success(request, _("Draft project page ready: review it, then publish it."))
    return redirect("wagtailadmin_pages:edit", page.pk)
