"""The app icons, drawn from the site's mark with no image library: real
PNGs that show the mark, inside the part of the square any icon mask keeps."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest

from hub.build.icons import MARK, MarkError, draw, icon, read_mark
from tests.conftest import REPO

MARK_SVG = (REPO / "docs" / MARK).read_text(encoding="utf-8")


def decode(png: bytes) -> np.ndarray:
    """The pixels of an 8-bit RGBA PNG without filters (what icons.png writes), read chunk by chunk."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        data = png[position + 8:position + 8 + length]
        assert struct.unpack(">I", png[position + 8 + length:position + 12 + length])[0] == zlib.crc32(kind + data), kind
        chunks[kind] = chunks.get(kind, b"") + data
        position += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour_type) == (8, 6) and b"IEND" in chunks
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(height, 1 + width * 4)
    assert not rows[:, 0].any(), "every row unfiltered"
    return rows[:, 1:].reshape(height, width, 4)


@pytest.mark.parametrize("size", [192, 512])
def test_each_icon_is_a_png_of_the_mark_at_its_size(size):
    pixels = decode(icon(MARK_SVG, size))
    assert pixels.shape == (size, size, 4)
    assert (pixels[..., 3] == 255).all(), "the background fills the square"
    assert tuple(pixels[0, 0, :3]) == (0x40, 0x51, 0xB5), "the corner is the mark's background"
    assert tuple(pixels[size // 2, size // 2, :3]) == (255, 255, 255), "the centre is the hub's white circle"
    # Edges are smoothed: some pixels lie between the two colours.
    reds = set(pixels[..., 0].ravel().tolist())
    assert any(0x40 < red < 255 for red in reds)


def test_the_mark_stays_inside_the_circle_an_icon_mask_keeps():
    size = 512
    pixels = draw(MARK_SVG, size)
    background = pixels[0, 0]
    ys, xs = np.nonzero((pixels != background).any(axis=2))
    distance = np.hypot(xs + 0.5 - size / 2, ys + 0.5 - size / 2)
    assert distance.max() <= 0.4 * size, "maskable icons keep the central circle of 80% of the width"


@pytest.mark.parametrize(("svg", "message"), [
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M0 0h10v10z" fill="#000000"/></svg>', "not <path>"),
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="red"/></svg>', "#rrggbb"),
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><line x1="0" y1="0" x2="9" y2="9" stroke="#000000" stroke-width="2"/></svg>',
     "stroke-linecap"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10" fill="#000000"/></svg>', "viewBox"),
])
def test_a_mark_the_drawer_cannot_read_fails_with_what_to_change(svg, message):
    with pytest.raises(MarkError, match=message):
        read_mark(svg)
