"""Models of the print app: sticker sheets (``stickers``) and bulletins (``bulletins``)."""

from .bulletins import BulletinIndexPage, BulletinPage, BulletinPDF
from .stickers import MAX_CALIBRATION_OFFSET, LabelFormat, PrinterCalibration, StickerDesign

__all__ = [
    "BulletinIndexPage",
    "BulletinPage",
    "BulletinPDF",
    "LabelFormat",
    "PrinterCalibration",
    "StickerDesign",
    "MAX_CALIBRATION_OFFSET",
]
