"""Admin: import label formats from a gLabels template file.

Two steps on one URL: upload the file (parsed by :mod:`stickers.glabels`,
nothing stored), then see every sheet found with a drawing of it and the ones
skipped with their reason, tick the sheets to keep and import them. The sheets
found travel from the first step to the second signed (and compressed) in a
hidden field, so the second step neither re-reads the upload nor trusts
anything the browser could change.
"""

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from pdf.permissions import user_can_print

from .glabels import MAX_FILE_BYTES, GlabelsError, parse_templates, preview_svg
from .label_formats import BUILTIN_FORMATS, LabelGeometry
from .models import LabelFormat

SIGNING_SALT = "stickers.label_import"
#: How long the sheets found stay importable after the upload, in seconds.
PAYLOAD_MAX_AGE = 3600
#: Most label outlines drawn on one page of previews (a file may hold 2,000 sheets
#: of up to 500 labels); the sheets after that are listed without a drawing.
MAX_PREVIEW_LABELS = 20_000


def user_can_import(user):
    return user_can_print(user) and user.has_perm("stickers.add_labelformat")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("gLabels template file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An XML file of gLabels templates (at most %(size)d MB)."
        ) % {"size": MAX_FILE_BYTES // 2**20}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_FILE_BYTES // 2**20}
            )
        try:
            self.parsed = parse_templates(upload.read(MAX_FILE_BYTES + 1))
        except GlabelsError as error:
            raise ValidationError(str(error)) from None
        return upload


class ImportForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)
    selected = forms.MultipleChoiceField(
        label=_("Sheets to import"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = templates
        if templates is None:
            payload = self.data.get("payload", "")
            try:
                self.templates = signing.loads(payload, salt=SIGNING_SALT, max_age=PAYLOAD_MAX_AGE)
            except (signing.BadSignature, ValueError, TypeError):
                self.templates = []
        else:
            self.initial["payload"] = signing.dumps(templates, salt=SIGNING_SALT, compress=True)
        self.fields["selected"].choices = [(item["slug"], item["name"]) for item in self.templates]

    def clean_payload(self):
        if not self.templates:
            raise ValidationError(
                _("The uploaded file has expired or was changed: upload it again.")
            )
        return self.cleaned_data["payload"]


def _geometry(values):
    return LabelGeometry(
        builtin=False,
        **{
            key: (value if key in ("slug", "name", "shape", "columns", "rows") else float(value))
            for key, value in values.items()
        },
    )


class LabelImportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "stickers/admin/label_import.html"
    page_title = _("Import label formats")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(upload_form=UploadForm()))

    def post(self, request, *args, **kwargs):
        if "payload" in request.POST:
            return self.import_selected(ImportForm(request.POST))
        upload_form = UploadForm(request.POST, request.FILES)
        if not upload_form.is_valid():
            return self.render_to_response(self.get_context_data(upload_form=upload_form))
        parsed = upload_form.parsed
        existing = set(
            LabelFormat.objects.filter(slug__in=[item.slug for item in parsed.found]).values_list(
                "slug", flat=True
            )
        ) | set(BUILTIN_FORMATS)
        templates = [
            {key: str(value) for key, value in item.field_values().items()}
            | {"columns": item.geometry.columns, "rows": item.geometry.rows}
            for item in parsed.found
        ]
        import_form = ImportForm(
            templates=templates,
            initial={"selected": [t["slug"] for t in templates if t["slug"] not in existing]},
        )
        return self.render_to_response(
            self.get_context_data(
                upload_form=UploadForm(),
                import_form=import_form,
                found=self.rows(templates, existing),
                skipped=parsed.skipped,
            )
        )

    def rows(self, templates, existing):
        rows, drawn = [], 0
        for values in templates:
            geometry = _geometry(values)
            drawn += geometry.per_sheet
            preview = None
            if drawn <= MAX_PREVIEW_LABELS:
                preview = mark_safe(preview_svg(geometry))  # numbers only, see preview_svg
            rows.append(
                {
                    "values": values,
                    "geometry": geometry,
                    "preview": preview,
                    "exists": values["slug"] in existing,
                }
            )
        return rows

    def import_selected(self, form):
        if not form.is_valid():
            messages.error(self.request, _("Nothing was imported."))
            existing = set(LabelFormat.objects.values_list("slug", flat=True)) | set(
                BUILTIN_FORMATS
            )
            return self.render_to_response(
                self.get_context_data(
                    upload_form=UploadForm(),
                    import_form=form if form.templates else None,
                    found=self.rows(form.templates, existing),
                    skipped=[],
                )
            )
        wanted = set(form.cleaned_data["selected"])
        created, refused = [], []
        with transaction.atomic():
            for values in form.templates:
                if values["slug"] not in wanted:
                    continue
                label_format = LabelFormat(**values)
                try:
                    label_format.full_clean()
                except ValidationError as error:
                    refused.append(
                        f"{values['slug']}: "
                        + " ".join(m for ms in error.message_dict.values() for m in ms)
                    )
                    continue
                label_format.save()
                created.append(label_format)
        if created:
            messages.success(
                self.request,
                ngettext(
                    "%(count)d label format imported.",
                    "%(count)d label formats imported.",
                    len(created),
                )
                % {"count": len(created)},
            )
        for reason in refused:
            messages.warning(self.request, _("Not imported: %(reason)s") % {"reason": reason})
        return redirect("stickers_label_import")
