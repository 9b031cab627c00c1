"""Server-rendered SVG maps: municipality points or boundaries and offer points, no third-party requests.

Coordinates are projected to Web Mercator pixels at a fixed zoom, so an operator's tile server
(`KISA_MAP_TILE_URL`, "{z}/{x}/{y}" template) can lie underneath; without it there are no tiles at all.
Every shape has a <title>, and pages always show the same figures as a table beside the map.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ZOOM = 10
TILE = 256
PADDING = 24

# Travel-time classes: (upper bound in minutes, colour, label). Colours from a colour-blind-safe ramp.
CLASSES: tuple[tuple[float, str, str], ...] = (
    (30, "#1a9850", "≤ 30 min"),
    (45, "#91cf60", "31–45 min"),
    (60, "#fee08b", "46–60 min"),
    (90, "#fc8d59", "61–90 min"),
    (math.inf, "#d73027", "> 90 min"),
)
UNREACHABLE = ("#6b6b6b", "–")


def colour_for(minutes: float | None) -> str:
    if minutes is None:
        return UNREACHABLE[0]
    return next(colour for limit, colour, _label in CLASSES if minutes <= limit)


def project(lat: float, lon: float) -> tuple[float, float]:
    scale = TILE * 2**ZOOM
    x = (lon + 180) / 360 * scale
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * scale
    return x, y


@dataclass(frozen=True)
class MapPoint:
    latitude: float
    longitude: float
    label: str
    colour: str = "#004b76"
    kind: str = "area"  # "area": coloured municipality; "context": grey municipality; "offer": offer marker
    boundary: dict[str, Any] | None = None


def _rings(boundary: dict[str, Any]) -> list[list[list[float]]]:
    if boundary.get("type") == "Polygon":
        return [boundary["coordinates"][0]]
    if boundary.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in boundary["coordinates"]]
    return []


def render_map(points: Sequence[MapPoint], *, title: str, map_id: str = "map") -> SafeString:
    """An accessible SVG map (role img, title) of `points`; empty string without points."""
    if not points:
        return mark_safe("")
    projected = [project(p.latitude, p.longitude) for p in points]
    xs = [x for x, _y in projected]
    ys = [y for _x, y in projected]
    min_x, max_x = min(xs) - PADDING, max(xs) + PADDING
    min_y, max_y = min(ys) - PADDING, max(ys) + PADDING
    width, height = max(max_x - min_x, 200), max(max_y - min_y, 160)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="directory-map" viewBox="{min_x:.1f} {min_y:.1f} '
        f'{width:.1f} {height:.1f}" role="img" aria-labelledby="{map_id}-title">',
        f'<title id="{map_id}-title">{escape(title)}</title>',
        f'<rect x="{min_x:.1f}" y="{min_y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#f3f5f7"/>',
    ]
    tile_url = settings.KISA_MAP_TILE_URL
    if tile_url:
        for tx in range(int(min_x // TILE), int((min_x + width) // TILE) + 1):
            for ty in range(int(min_y // TILE), int((min_y + height) // TILE) + 1):
                href = tile_url.format(z=ZOOM, x=tx, y=ty)
                parts.append(
                    f'<image href="{escape(href)}" x="{tx * TILE}" y="{ty * TILE}" width="{TILE}" height="{TILE}"/>'
                )
    radius = max(width, height) / 120
    for point, (x, y) in zip(points, projected, strict=True):
        label = escape(point.label)
        if point.kind == "offer":
            size = radius * 1.6
            parts.append(
                f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" height="{2 * size:.1f}" '
                f'fill="{point.colour}" stroke="#ffffff" stroke-width="{radius / 3:.2f}"><title>{label}</title></rect>'
            )
            continue
        if point.kind == "context" and not point.boundary:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius * 0.5:.1f}" fill="#a7b1bb"><title>{label}</title></circle>'
            )
            continue
        if point.boundary:
            for ring in _rings(point.boundary):
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in (project(lat, lon) for lon, lat in ring))
                parts.append(
                    f'<polygon points="{path}" fill="{point.colour}" fill-opacity="0.7" stroke="#333333" '
                    f'stroke-width="{radius / 5:.2f}"><title>{label}</title></polygon>'
                )
        else:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{point.colour}" stroke="#333333" '
                f'stroke-width="{radius / 5:.2f}"><title>{label}</title></circle>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text part is escaped above)
