"""Rendering fetches nothing: URLs in an editor's rich text are left out, not fetched."""

import socket
import threading

import pytest

from bulletins.render import render_bulletin
from bulletins.richtext import is_own_media_url, print_rich_text

from .conftest import free_article, page_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    """A TCP listener on the loopback: records every connection it gets."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _address = server.accept()
            except (TimeoutError, OSError):
                continue
            connections.append(connection.recv(1024))
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join(timeout=2)
    server.close()


def test_external_urls_in_rich_text_cause_no_request(make_edition, listener):
    port, connections = listener
    base = f"http://127.0.0.1:{port}"
    body = (
        "<p>Avant l’image.</p>"
        f'<p><img src="{base}/pixel.png" alt="suivi"></p>'
        '<p><img src="file:///etc/passwd" alt="secret"></p>'
        f'<p style="background: url({base}/fond.png)">Texte avec un fond.</p>'
        f'<p><a href="{base}/lien">Un lien</a> reste du texte.</p>'
        f'<link rel="stylesheet" href="{base}/style.css">'
        f'<style>@import url("{base}/import.css");</style>'
        f'<iframe src="{base}/cadre"></iframe>'
        f'<p><img src="//127.0.0.1:{port}/protocole-relatif.png" alt=""></p>'
        "<p>Après l’image.</p>"
    )
    edition = make_edition([free_article(body=body)])
    # Make sure the listener answers: a direct connection is seen.
    probe = socket.create_connection(("127.0.0.1", port), timeout=2)
    probe.sendall(b"probe")
    probe.close()
    for _ in range(50):
        if connections:
            break
        threading.Event().wait(0.05)
    assert connections == [b"probe"]

    rendered = render_bulletin(edition, "home")
    threading.Event().wait(0.3)
    assert connections == [b"probe"]  # nothing else reached the listener

    whole = " ".join(page_texts(rendered.pdf))
    assert "Avant l'image." in whole and "Après l'image." in whole
    assert "Un lien reste du texte." in whole
    assert "root:" not in whole
    left_out = {item.detail for item in rendered.left_out if item.code == "external_url"}
    assert f"{base}/pixel.png" in left_out
    assert "file:///etc/passwd" in left_out
    assert f"//127.0.0.1:{port}/protocole-relatif.png" in left_out
    assert f"{base}/style.css" in left_out
    assert f"{base}/cadre" in left_out


def test_rich_text_keeps_text_and_own_media_images_only():
    reported = []
    html = print_rich_text(
        '<h2 class="x">Titre</h2><p onclick="x()" style="color:red">Bonjour <b>voisins</b></p>'
        '<img src="/media/images/photo.jpg" alt="Photo" srcset="http://evil/x.jpg 2x">'
        '<img src="/media/../etc/passwd"><script>alert(1)</script><svg><image href="x"/></svg>',
        report=lambda title, url: reported.append(url),
    )
    assert html == (
        "<h3>Titre</h3><p>Bonjour <b>voisins</b></p>"
        '<img alt="Photo" class="inline-image" src="/media/images/photo.jpg"/>'
    )
    assert reported == ["/media/../etc/passwd"]


@pytest.mark.parametrize(
    ("url", "own"),
    [
        ("/media/images/a.jpg", True),
        ("http://testserver/media/images/a.jpg", True),
        ("http://crieur.invalid/media/a.png", True),
        ("http://example.org/media/a.png", False),
        ("//example.org/media/a.png", False),
        ("file:///etc/passwd", False),
        ("/static/pdf/fonts/Inter-Regular.otf", False),
        ("/media/../etc/passwd", False),
        ("media/a.png", False),
        ("data:image/png;base64,AAAA", False),
    ],
)
def test_own_media_urls(url, own):
    assert is_own_media_url(url) is own
