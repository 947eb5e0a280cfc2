from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from crieur.channels import Channel
from crieur.colours import MIN_TEXT_CONTRAST, contrast_ratio, validate_hex_colour
from crieur.pictograms import PictogramMixin
from links.models import ShortLink
from pdf.svg_sanitiser import sanitise_uploaded_svg

from .label_formats import BUILTIN_FORMATS, LabelGeometry, Shape, validate_geometry

__all__ = [
    "LabelFormat",
    "PrinterCalibration",
    "StickerDesign",
    "StickerPrintPreference",
    "MAX_CALIBRATION_OFFSET",
]

#: The printer calibration corrects at most this many millimetres each way.
MAX_CALIBRATION_OFFSET = 10


def _mm_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=6, decimal_places=2, **kwargs)


class LabelFormat(models.Model):
    """A label sheet an editor measured: the built-in formats live in label_formats.py."""

    GEOMETRY_FIELDS = [
        "page_width",
        "page_height",
        "columns",
        "rows",
        "label_width",
        "label_height",
        "top_margin",
        "left_margin",
        "horizontal_pitch",
        "vertical_pitch",
        "corner_radius",
    ]

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("Used on the command line, e.g. herma-4360."),
    )
    shape = models.CharField(
        _("shape"),
        max_length=12,
        choices=[(Shape.RECTANGLE, _("Rectangle")), (Shape.ROUND, _("Round"))],
        default=Shape.RECTANGLE,
    )
    page_width = _mm_field(_("page width (mm)"), default=210)
    page_height = _mm_field(_("page height (mm)"), default=297)
    columns = models.PositiveSmallIntegerField(_("columns"))
    rows = models.PositiveSmallIntegerField(_("rows"))
    label_width = _mm_field(_("label width (mm)"))
    label_height = _mm_field(_("label height (mm)"))
    top_margin = _mm_field(_("top margin (mm)"), help_text=_("From the top edge of the page."))
    left_margin = _mm_field(_("left margin (mm)"), help_text=_("From the left edge of the page."))
    horizontal_pitch = _mm_field(
        _("horizontal pitch (mm)"),
        help_text=_("From the left edge of a label to the left edge of the next one."),
    )
    vertical_pitch = _mm_field(
        _("vertical pitch (mm)"),
        help_text=_("From the top edge of a label to the top edge of the one below."),
    )
    corner_radius = _mm_field(_("corner radius (mm)"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("shape"),
        FieldRowPanel([FieldPanel("page_width"), FieldPanel("page_height")]),
        FieldRowPanel([FieldPanel("columns"), FieldPanel("rows")]),
        FieldRowPanel([FieldPanel("label_width"), FieldPanel("label_height")]),
        FieldRowPanel([FieldPanel("top_margin"), FieldPanel("left_margin")]),
        FieldRowPanel([FieldPanel("horizontal_pitch"), FieldPanel("vertical_pitch")]),
        FieldPanel("corner_radius"),
    ]

    class Meta:
        verbose_name = _("label format")
        verbose_name_plural = _("label formats")
        db_table = "print_labelformat"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in BUILTIN_FORMATS:
            errors["slug"] = [_("This slug is taken by a built-in format.")]
        values = {}
        for field in self.GEOMETRY_FIELDS:
            value = getattr(self, field)
            values[field] = None if value is None else float(value)
        for field, messages in validate_geometry(values).items():
            errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def geometry(self):
        return LabelGeometry(
            slug=self.slug,
            name=self.name,
            shape=self.shape,
            builtin=False,
            **{
                field: (int if field in ("columns", "rows") else float)(getattr(self, field))
                for field in self.GEOMETRY_FIELDS
            },
        )


@register_setting(icon="cog")
class PrinterCalibration(BaseSiteSetting):
    """Offsets that make this site's printer hit the labels exactly."""

    x_offset = models.DecimalField(
        _("horizontal offset (mm)"),
        max_digits=3,
        decimal_places=1,
        default=0,
        validators=[
            MinValueValidator(-MAX_CALIBRATION_OFFSET),
            MaxValueValidator(MAX_CALIBRATION_OFFSET),
        ],
        help_text=_("In 0.1 mm steps, at most 10 mm: positive moves the print to the right."),
    )
    y_offset = models.DecimalField(
        _("vertical offset (mm)"),
        max_digits=3,
        decimal_places=1,
        default=0,
        validators=[
            MinValueValidator(-MAX_CALIBRATION_OFFSET),
            MaxValueValidator(MAX_CALIBRATION_OFFSET),
        ],
        help_text=_("In 0.1 mm steps, at most 10 mm: positive moves the print down."),
    )

    panels = [FieldRowPanel([FieldPanel("x_offset"), FieldPanel("y_offset")])]

    class Meta:
        verbose_name = _("printer calibration")
        verbose_name_plural = _("printer calibrations")
        db_table = "print_printercalibration"

    @property
    def offset(self):
        return float(self.x_offset or 0), float(self.y_offset or 0)


class StickerDesign(TranslatableMixin, PictogramMixin, models.Model):
    """What one sticker looks like; a sheet repeats designs on a label format."""

    class Kind(models.TextChoices):
        LEND = "lend", _("“I lend” pictogram sticker")
        HEADER = "header", _("“I lend:” header sticker")
        BLANK = "blank", _("Blank sticker to draw on")
        SERVICE = "service", _("Service sticker with QR code")
        CARPOOL = "carpool", _("Carpooling windscreen badge")
        AMBASSADOR = "ambassador", _("Ambassador badge")

    #: Kinds that carry a QR code to the target page.
    QR_KINDS = frozenset({Kind.SERVICE, Kind.CARPOOL, Kind.AMBASSADOR})

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Used on the command line: sticker_sheet --design perceuse:6"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LEND)
    text = models.CharField(
        _("text"),
        max_length=80,
        blank=True,
        help_text=_("A few words: “Perceuse”, “Je prête :”, “Covoiturage”."),
    )
    pictogram_svg = models.FileField(
        _("pictogram (SVG file)"),
        upload_to="print/pictograms/",
        blank=True,
        validators=[FileExtensionValidator(["svg"])],
        help_text=_(
            "Used instead of the other pictograms when set. Scripts, links and "
            "external references are removed from the file."
        ),
    )
    text_colour = models.CharField(
        _("text colour"), max_length=7, default="#1d1d1b", validators=[validate_hex_colour]
    )
    background_colour = models.CharField(
        _("background colour"), max_length=7, default="#ffffff", validators=[validate_hex_colour]
    )
    target_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("target page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the QR code leads; its short link is made when you save."),
    )

    panels = (
        [FieldPanel("slug"), FieldPanel("kind"), FieldPanel("text")]
        + PictogramMixin.pictogram_panels
        + [
            FieldPanel("pictogram_svg"),
            MultiFieldPanel(
                [FieldPanel("text_colour"), FieldPanel("background_colour")],
                heading=_("Colours"),
            ),
            PageChooserPanel("target_page"),
        ]
    )
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("kind"),
        SynchronizedField("pictogram_name"),
        SynchronizedField("pictogram_svg"),
        SynchronizedField("text_colour"),
        SynchronizedField("background_colour"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("sticker design")
        verbose_name_plural = _("sticker designs")
        db_table = "print_stickerdesign"
        ordering = ["slug"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return f"{self.text or self.get_kind_display()} ({self.slug})"

    def save(self, *args, **kwargs):
        upload = self.pictogram_svg
        if upload and not getattr(upload, "_committed", True):
            # Never store an unsanitised upload, even when clean() was skipped.
            self.pictogram_svg = sanitise_uploaded_svg(upload.file)
        super().save(*args, **kwargs)
        if self.target_page_id is not None:
            self.short_link()

    @property
    def has_qr(self):
        return self.kind in self.QR_KINDS

    def clean(self):
        super().clean()
        errors = {}
        try:
            validate_hex_colour(self.text_colour)
            validate_hex_colour(self.background_colour)
        except ValidationError:
            pass  # each field's own validator reports it
        else:
            ratio = contrast_ratio(self.text_colour, self.background_colour)
            if ratio < MIN_TEXT_CONTRAST:
                errors["text_colour"] = _(
                    "The text has a contrast of %(ratio).1f:1 with the background; it "
                    "must be at least %(minimum).1f:1 to be read at a glance. Choose a "
                    "darker or lighter colour."
                ) % {"ratio": ratio, "minimum": MIN_TEXT_CONTRAST}
        if self.has_qr and self.target_page_id is None:
            errors["target_page"] = _("A sticker with a QR code needs a target page.")
        upload = self.pictogram_svg
        if upload and not getattr(upload, "_committed", True):
            try:
                self.pictogram_svg = sanitise_uploaded_svg(upload.file)
            except ValidationError as error:
                errors["pictogram_svg"] = error.messages
        if (
            self.slug
            and self.locale_id
            and StickerDesign.objects.filter(slug=self.slug, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["slug"] = _("Another sticker design in this language has this slug.")
        if errors:
            raise ValidationError(errors)

    def short_link(self, user=None):
        """The design's short link (channel "sticker"), made if there is none."""
        if self.target_page_id is None:
            return None
        return ShortLink.objects.get_or_create_for(
            self.target_page, Channel.STICKER, label=self.slug, user=user, sticker_design=self
        )


class StickerPrintPreference(models.Model):
    """The label format and first free position a user last printed stickers with."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="sticker_print_preference",
    )
    format = models.CharField(_("label format"), max_length=80)
    start = models.PositiveIntegerField(_("first free position"), default=1)

    class Meta:
        verbose_name = _("sticker print preference")
        verbose_name_plural = _("sticker print preferences")

    def __str__(self):
        return f"{self.user}: {self.format} from {self.start}"
