"""Models of the print app: sticker sheets (``stickers``), bulletins (``bulletins``)
and background render jobs (``jobs``)."""

from .bulletins import BulletinIndexPage, BulletinPage, BulletinPDF
from .jobs import RenderJob
from .stickers import MAX_CALIBRATION_OFFSET, LabelFormat, PrinterCalibration, StickerDesign

__all__ = [
    "BulletinIndexPage",
    "BulletinPage",
    "BulletinPDF",
    "LabelFormat",
    "PrinterCalibration",
    "RenderJob",
    "StickerDesign",
    "MAX_CALIBRATION_OFFSET",
]
