"""``pdf`` is below the channels: it imports none of them, and they plug their jobs in."""

import ast
from pathlib import Path

from django.conf import settings

from pdf.jobs import job_kind
from pdf.models import RenderJob

CHANNELS = {"bulletins", "stickers", "kiosk", "links", "campaigns", "print"}


def imported_packages(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def test_pdf_imports_no_channel():
    root = Path(settings.BASE_DIR, "pdf")
    offenders = [
        f"{path.relative_to(root.parent)}: {package}"
        for path in sorted(root.rglob("*.py"))
        for package in imported_packages(path)
        if package in CHANNELS
    ]
    assert offenders == []


def test_each_kind_of_job_is_registered_by_its_channel():
    assert job_kind(RenderJob.Kind.STICKER_SHEET).render.__module__ == "stickers.jobs"
    assert job_kind(RenderJob.Kind.BULLETIN).render.__module__ == "bulletins.jobs"
    assert job_kind(RenderJob.Kind.STICKER_SHEET).background_above == 500
    assert job_kind("no-such-kind") is None
