"""Converts Natural Earth country outlines (the world-atlas npm package) into the map the app ships.

Run once, whenever the geometry should change; the app itself never fetches anything:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_world_map.py package/

It writes ``static/world-map.svg`` (one ``<path id="ISO">`` per country, Equal Earth projection,
referenced by the pages with ``<use>`` so the browser caches the shapes once) and
``src/mediasearch/web/world_map.json`` (the view box, which countries have a shape, a centre for
each country's label, and which are too small to click at world scale and get a dot). Countries
are keyed by ISO 3166-1 alpha-3, as the catalogue tags them.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
SVG_OUT = ROOT / "static" / "world-map.svg"
META_OUT = ROOT / "src" / "mediasearch" / "web" / "world_map.json"

#: Map width in SVG units; coordinates are whole units, so one unit is the finest detail kept.
WIDTH = 2000
#: Shapes under this many square units (about 110,000 km²: Jordan, Lebanon, Qatar) get a dot.
DOT_AREA = 320.0
#: Antarctica has no migration media and would take a fifth of the height.
LEFT_OUT = {"ATA"}

# Equal Earth (Šavrič, Patterson and Jenny 2018): equal-area, pleasant for world choropleths.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = math.pi / (M * A1)  # the x of longitude 180 on the equator


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Project degrees to Equal Earth, x in [-X_MAX, X_MAX], y northward."""
    theta = math.asin(M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = math.radians(lon) * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantized, delta-encoded arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(
    ring: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    """One closed ring from its arc indexes (a negative index is an arc walked backwards)."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings of arc indexes."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def unwrapped(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring cut at the antimeridian (Russia and Fiji cross it): each side's part, on its side."""
    points, offset = [ring[0]], 0.0
    for (lon0, _), (lon, lat) in zip(ring, ring[1:], strict=False):
        if lon - lon0 > 180:
            offset -= 360
        elif lon0 - lon > 180:
            offset += 360
        points.append((lon + offset, lat))
    lons = [lon for lon, _ in points]
    if min(lons) >= -180 and max(lons) <= 180:
        return [points]
    edge = -180.0 if min(lons) < -180 else 180.0
    inside = clip(points, edge, keep_east=edge < 0)
    outside = clip(points, edge, keep_east=edge > 0)
    shift = 360.0 if edge < 0 else -360.0
    return [part for part in (inside, [(lon + shift, lat) for lon, lat in outside]) if part]


def clip(
    ring: list[tuple[float, float]], edge: float, keep_east: bool
) -> list[tuple[float, float]]:
    """The part of a ring on one side of the meridian ``edge`` (Sutherland-Hodgman, one edge),
    with the cut densified so it follows the map's curved border."""

    def kept(point: tuple[float, float]) -> bool:
        return point[0] >= edge if keep_east else point[0] <= edge

    out: list[tuple[float, float]] = []
    for start, end in zip(ring, ring[1:] + ring[:1], strict=True):
        if kept(start) != kept(end):
            t = (edge - start[0]) / (end[0] - start[0])
            cut = (edge, start[1] + t * (end[1] - start[1]))
            if out and out[-1][0] == edge and not kept(start):
                steps = max(1, int(abs(cut[1] - out[-1][1])))
                lat0 = out[-1][1]
                out.extend((edge, lat0 + (cut[1] - lat0) * i / steps) for i in range(1, steps))
            out.append(cut)
        if kept(end):
            out.append(end)
    return out if len(out) >= 3 else []


def alpha3(geometry: dict) -> str | None:
    """The ISO alpha-3 code of a feature keyed by its ISO numeric code, if it has one."""
    country = pycountry.countries.get(numeric=str(geometry.get("id", "")).zfill(3))
    return country.alpha_3 if country else None


def area(points: list[tuple[int, int]]) -> float:
    """The unsigned area of a ring (shoelace)."""
    return (
        abs(
            sum(
                x0 * y1 - x1 * y0
                for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
            )
        )
        / 2
    )


def centroid(points: list[tuple[int, int]]) -> tuple[float, float]:
    """The mean of a ring's vertices: close enough for placing a dot on a small country."""
    return (
        round(sum(x for x, _ in points) / len(points), 1),
        round(sum(y for _, y in points) / len(points), 1),
    )


def project_features(topology: dict) -> dict[str, list[list[tuple[int, int]]]]:
    """Each country's rings projected onto the integer grid, keyed by alpha-3."""
    arcs = decode_arcs(topology)
    scale = WIDTH / (2 * X_MAX)
    countries: dict[str, list[list[tuple[int, int]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha3(geometry)
        if code is None or code in LEFT_OUT:
            continue
        rings = countries.setdefault(code, [])
        for polygon in polygons(geometry):
            for ring in polygon:
                for copy in unwrapped(ring_points(ring, arcs)):
                    projected = []
                    for lon, lat in copy:
                        x, y = equal_earth(lon, lat)
                        point = (round((x + X_MAX) * scale), round((X_MAX / 2 - y) * scale))
                        if not projected or projected[-1] != point:
                            projected.append(point)
                    if len(projected) >= 3:
                        rings.append(projected)
    return {code: rings for code, rings in countries.items() if rings}


def path_data(rings: list[list[tuple[int, int]]], top: int) -> str:
    """Compact SVG path data: relative whole-unit moves, one subpath per ring."""
    parts = []
    for ring in rings:
        (x0, y0), rest = ring[0], ring[1:]
        steps = [f"M{x0} {y0 - top}"]
        last = ring[0]
        for x, y in rest:
            steps.append(f"{x - last[0]} {y - last[1]}")
            last = (x, y)
        parts.append(steps[0] + "l" + " ".join(steps[1:]).replace(" -", "-") + "z")
    return "".join(parts)


def main(package: Path) -> None:
    coarse = project_features(json.loads((package / "countries-110m.json").read_text()))
    fine = project_features(json.loads((package / "countries-50m.json").read_text()))
    ys = [y for rings in coarse.values() for ring in rings for _, y in ring]
    top, bottom = min(ys) - 4, max(ys) + 4
    height = bottom - top
    # Every country gets a centre (for its label); those too small to click also get a dot.
    centres, dots = {}, []
    for code, rings in fine.items():
        x, y = centroid(max(rings, key=area))
        centres[code] = [x, round(y - top, 1)]
        if code not in coarse or max(area(ring) for ring in coarse[code]) < DOT_AREA:
            dots.append(code)
    shapes = sorted(coarse)
    paths = "\n".join(f'<path id="{code}" d="{path_data(coarse[code], top)}"/>' for code in shapes)
    SVG_OUT.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}">\n'
        "<!-- Natural Earth 1:110m countries (public domain) via world-atlas 2.0.2 (ISC), "
        "Equal Earth projection; made by scripts/build_world_map.py -->\n"
        f'<g id="land">\n{paths}\n</g>\n</svg>\n'
    )
    META_OUT.write_text(
        json.dumps(
            {
                "width": WIDTH,
                "height": height,
                "shapes": shapes,
                "dots": sorted(dots),
                "centres": dict(sorted(centres.items())),
            },
            separators=(",", ":"),
        )
        + "\n"
    )
    print(
        f"{len(shapes)} country shapes, {len(dots)} dots; {SVG_OUT.name} "
        f"{SVG_OUT.stat().st_size:,} bytes, {META_OUT.name} {META_OUT.stat().st_size:,} bytes"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/build_world_map.py PATH/TO/world-atlas/package")
    main(Path(sys.argv[1]))
