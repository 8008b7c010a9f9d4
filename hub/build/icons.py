"""The app icons, drawn at build from the site's mark (docs/assets/hub-mark.svg).

The mark is a small SVG of our own, so the icons need no image library and
nothing from a third party: this module reads the few SVG shapes the mark
uses (rect, circle, line with round caps; plain #rrggbb colours), draws them
with anti-aliased edges (each shape's distance from every pixel centre) and
writes a PNG. Anything else in the file is refused by name, so a change to
the mark that the icons cannot show fails the build instead of drawing a
different picture.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ElementTree
import zlib
from pathlib import Path

import numpy as np

MARK = Path("assets") / "hub-mark.svg"  # in docs/ (and so in the built site)
SVG = "{http://www.w3.org/2000/svg}"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class MarkError(ValueError):
    """The mark uses SVG the icon drawer does not read."""


def read_mark(svg_text: str) -> tuple[float, float, list[dict]]:
    """The mark's viewBox width and height, and its shapes in drawing order."""
    root = ElementTree.fromstring(svg_text)
    try:
        x, y, width, height = (float(part) for part in root.attrib["viewBox"].replace(",", " ").split())
    except (KeyError, ValueError):
        raise MarkError("the mark needs a viewBox of four numbers") from None
    shapes = []
    for element in root:
        tag = element.tag.removeprefix(SVG) if isinstance(element.tag, str) else ""
        if tag in ("", "title", "desc"):
            continue
        attributes = element.attrib
        if tag == "rect":
            shapes.append({"shape": "rect", "colour": _colour(attributes, "fill"), "x": _number(attributes, "x", 0) - x,
                           "y": _number(attributes, "y", 0) - y, "width": _number(attributes, "width"), "height": _number(attributes, "height")})
        elif tag == "circle":
            shapes.append({"shape": "circle", "colour": _colour(attributes, "fill"), "cx": _number(attributes, "cx") - x,
                           "cy": _number(attributes, "cy") - y, "r": _number(attributes, "r")})
        elif tag == "line":
            if attributes.get("stroke-linecap") != "round":
                raise MarkError("a line in the mark needs stroke-linecap=\"round\"")
            shapes.append({"shape": "line", "colour": _colour(attributes, "stroke"), "x1": _number(attributes, "x1") - x,
                           "y1": _number(attributes, "y1") - y, "x2": _number(attributes, "x2") - x, "y2": _number(attributes, "y2") - y,
                           "r": _number(attributes, "stroke-width") / 2})
        else:
            raise MarkError(f"the icon drawer reads rect, circle and line only, not <{tag}>")
    return width, height, shapes


def _number(attributes: dict, name: str, default: float | None = None) -> float:
    if name not in attributes and default is not None:
        return default
    try:
        return float(attributes[name])
    except (KeyError, ValueError):
        raise MarkError(f"the mark's {name} must be a plain number") from None


def _colour(attributes: dict, name: str) -> tuple[int, int, int]:
    value = attributes.get(name, "")
    if not _COLOUR.fullmatch(value):
        raise MarkError(f"the mark's {name} colours must be written #rrggbb, not {value!r}")
    return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))


def draw(svg_text: str, size: int) -> np.ndarray:
    """The mark drawn `size` pixels square: an array of RGBA bytes, rows top to bottom."""
    width, height, shapes = read_mark(svg_text)
    scale = size / max(width, height)
    # Pixel centres, in the mark's own units.
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float64)
    xs, ys = (xs + 0.5) / scale, (ys + 0.5) / scale
    colour = np.zeros((size, size, 3))  # premultiplied by alpha
    alpha = np.zeros((size, size))
    for shape in shapes:
        # Coverage from the signed distance to the edge, in pixels: a one-pixel ramp.
        cover = np.clip(0.5 - _distance(shape, xs, ys) * scale, 0.0, 1.0)
        colour = colour * (1 - cover)[..., None] + np.multiply.outer(cover, np.array(shape["colour"], dtype=np.float64))
        alpha = alpha + cover * (1 - alpha)
    shown = np.where(alpha > 0, alpha, 1.0)[..., None]
    rgba = np.dstack([colour / shown, alpha * 255])
    return np.clip(np.rint(rgba), 0, 255).astype(np.uint8)


def _distance(shape: dict, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Signed distance from each point to the shape's edge (negative inside)."""
    if shape["shape"] == "circle":
        return np.hypot(xs - shape["cx"], ys - shape["cy"]) - shape["r"]
    if shape["shape"] == "line":  # a capsule: the segment widened by r, with round ends
        ax, ay = shape["x1"], shape["y1"]
        dx, dy = shape["x2"] - ax, shape["y2"] - ay
        along = np.clip(((xs - ax) * dx + (ys - ay) * dy) / (dx * dx + dy * dy or 1.0), 0.0, 1.0)
        return np.hypot(xs - ax - along * dx, ys - ay - along * dy) - shape["r"]
    half_w, half_h = shape["width"] / 2, shape["height"] / 2
    qx = np.abs(xs - shape["x"] - half_w) - half_w
    qy = np.abs(ys - shape["y"] - half_h) - half_h
    return np.hypot(np.maximum(qx, 0), np.maximum(qy, 0)) + np.minimum(np.maximum(qx, qy), 0)


def png(rgba: np.ndarray) -> bytes:
    """RGBA bytes as a PNG file (8 bits a channel, no filtering)."""
    height, width, _ = rgba.shape
    rows = np.hstack([np.zeros((height, 1), dtype=np.uint8), rgba.reshape(height, width * 4)])

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + chunk(b"IEND", b"")


def icon(svg_text: str, size: int) -> bytes:
    """The mark as a `size`-pixel square PNG."""
    return png(draw(svg_text, size))
