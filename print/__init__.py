"""Printed channels: sticker sheets (and, later, the bulletin) as PDF.

This package shadows the built-in ``print`` when imported bare: always write
``from print.stickers import ...``, never ``import print``.
"""
