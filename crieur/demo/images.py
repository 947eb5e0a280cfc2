"""Demo pictures drawn locally with Pillow: nothing is fetched."""

import hashlib
import io

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from anyascii import anyascii
from PIL import Image, ImageDraw, ImageFont


def _palette(seed):
    digest = hashlib.sha256(seed.encode()).digest()
    return (digest[0] // 2 + 40, digest[1] // 2 + 60, digest[2] // 2 + 80), (
        255 - digest[3] // 3,
        235 - digest[4] // 4,
        200 - digest[5] // 5,
    )


def draw_scene(title, size=(1200, 750)):
    """A landscape picture: a gradient, a few shapes and the title."""
    dark, light = _palette(title)
    width, height = size
    image = Image.new("RGB", size, light)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(light[i] * (1 - t) + dark[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    for index in range(5):
        radius = 60 + 25 * index
        x = (index * 263 + len(title) * 37) % width
        draw.ellipse([x - radius, height - 2 * radius, x + radius, height], fill=dark)
    font = ImageFont.load_default(size=64)
    draw.rectangle([0, 40, width, 150], fill=(255, 255, 255))
    # Pillow's bundled font has no accented letters: draw the title transliterated.
    draw.text((48, 55), anyascii(title), fill=(20, 20, 20), font=font)
    return image


def draw_portrait(name, size=(600, 600)):
    """A portrait stand-in: the initial on a coloured disc."""
    dark, light = _palette(name)
    image = Image.new("RGB", size, light)
    draw = ImageDraw.Draw(image)
    draw.ellipse([40, 40, size[0] - 40, size[1] - 40], fill=dark)
    font = ImageFont.load_default(size=280)
    initial = anyascii(name[:1]).upper()
    draw.text((size[0] / 2, size[1] / 2), initial, fill="white", font=font, anchor="mm")
    return image


def get_or_create_image(title, alt_text, *, portrait=False, collection=None):
    """The image of that title, drawn and saved the first time only."""
    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing:
        return existing
    picture = draw_portrait(title) if portrait else draw_scene(title)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    slug = hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:12]
    kwargs = {"collection": collection} if collection is not None else {}
    image = Image_(title=title, description=alt_text, **kwargs)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"demo-{slug}.png")
    image.save()
    return image
