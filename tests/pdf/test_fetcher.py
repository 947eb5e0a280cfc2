from pathlib import Path

from django.conf import settings

import pytest

from pdf.fetcher import INTERNAL_BASE_URL, ProjectURLFetcher, RefusedURL
from pdf.rendering import render_pdf


@pytest.fixture
def media_file():
    path = Path(settings.MEDIA_ROOT) / "print-tests" / "dot.svg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10" fill="#123456"/></svg>'
    )
    return path


def test_serves_a_media_file_by_media_url_and_by_file_url(media_file):
    fetcher = ProjectURLFetcher()
    response = fetcher.fetch(f"{INTERNAL_BASE_URL}media/print-tests/dot.svg")
    assert response.content_type == "image/svg+xml"
    assert b"#123456" in response.read()
    response = fetcher.fetch(media_file.resolve().as_uri())
    assert b"#123456" in response.read()


def test_serves_static_files_through_the_finders():
    static = next(Path(settings.STATICFILES_DIRS[0]).rglob("*.css"))
    relative = static.relative_to(settings.STATICFILES_DIRS[0]).as_posix()
    response = ProjectURLFetcher().fetch(f"{INTERNAL_BASE_URL}static/{relative}")
    assert response.read() == static.read_bytes()


def test_serves_data_urls():
    response = ProjectURLFetcher().fetch("data:text/plain;base64,Qm9uam91cg==")
    assert response.read() == b"Bonjour"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/image.png",
        "https://example.com/style.css",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        f"{INTERNAL_BASE_URL}media/../../../../etc/passwd",
        f"{INTERNAL_BASE_URL}media/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{INTERNAL_BASE_URL}etc/passwd",
        f"{INTERNAL_BASE_URL}static/../../etc/passwd",
        "ftp://example.com/file",
    ],
)
def test_refuses_everything_else(url):
    with pytest.raises(RefusedURL):
        ProjectURLFetcher().fetch(url)


def test_refuses_file_urls_escaping_media_root_through_a_symlink(tmp_path):
    link = Path(settings.MEDIA_ROOT) / "print-tests" / "escape"
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.exists():
        link.symlink_to("/etc")
    with pytest.raises(RefusedURL):
        ProjectURLFetcher().fetch((link / "passwd").as_uri())


def test_render_pdf_uses_the_fetcher(media_file, caplog):
    html = (
        '<img src="/media/print-tests/dot.svg" style="width:10mm">'
        '<img src="http://example.com/tracker.png">'
        '<img src="file:///etc/passwd">'
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF")
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "example.com" in messages
    assert "/etc/passwd" in messages
