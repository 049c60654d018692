"""Build the body-chart geometry: writes fixtures/bodymap/geometry.json.

geometry.json is the data the app reads (apps/bodymap/geometry.py) to draw the
clickable body chart: for each view ("front", "back"; 400 x 1000 units, origin
top left, y down) and each region of fixtures/bodymap/regions.csv drawn in that
view, a list of simple polygons. Edit the shapes here and run this script again;
never edit geometry.json by hand.

How the figure is made:

1. Body parts are smooth outlines (Catmull-Rom splines) in "head units": u is the
   distance from the midline towards the viewer's left, v the number of head
   heights below the top of the head. The figure is a neutral adult in the
   anatomical position, 8 heads tall (8.4 with the feet, which are drawn hanging
   down so that the soles can be shown in the back view), arms about 15 degrees
   away from the body, palms forward, thumbs pointing away from the body.
   Only the viewer's left half is drawn; the other half is its mirror image, so
   the front and back views share one silhouette.
2. The parts are cut into regions by "territories" (half planes, bands across a
   limb, ellipses). For each view an ordered list of (region, territory) says
   where each region lies: a piece of the figure belongs to the first territory
   that holds it.
3. The figure outline and all cut lines are snap-rounded together on a 0.1 grid
   and polygonized, so neighbouring regions share their edges exactly: the regions
   tile the figure with no gaps and no overlaps.
4. The half is mirrored about x = 200. In the front view the viewer's left half is
   the patient's right side (-r regions); in the back view it is the patient's
   left side (-l regions). Midline regions are a half joined with its mirror.

Run: .venv/bin/python scripts/build_bodymap_geometry.py
The script checks what it wrote and exits with status 1 if a check fails.
scripts/preview_bodymap.py draws the result to /tmp/bodymap_preview.png.
"""

import csv
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parent.parent
REGIONS_CSV = ROOT / "fixtures" / "bodymap" / "regions.csv"
GEOMETRY_JSON = ROOT / "fixtures" / "bodymap" / "geometry.json"

VIEWS = ("front", "back")
WIDTH = 400
HEIGHT = 1000
MID_X = WIDTH / 2
HEAD = 105.0  # one head height, in view units
TOP = 60.0  # y of the top of the head
GRID = 0.1  # every coordinate is a multiple of this
SIMPLIFY = 0.2  # tolerance (view units) for dropping needless vertices
FAR = 20.0  # head units: "far away", for half planes
JOIN_ROUNDING = 0.04  # head units: radius rounding off the joins between body parts
STRAY_PIECE = 40.0  # square view units: a region's smaller piece below this is a stray

# Check limits.
MAX_OVERLAP = 0.5  # square view units between two regions of a view
MIN_WIDTH = 8.0  # view units: diameter of the largest circle inside a region

# The deltoid in arm coordinates (d along the arm from the shoulder, f across it):
# a cap whose point, the deltoid's insertion, lies on the outer side of the arm.
DELTOID = [(-1.0, -5.0), (-1.0, 5.0), (0.64, 5.0), (0.64, 0.9), (0.42, -1.0), (0.42, -5.0)]
# Its lateral part, seen from the front as the outer cap of the shoulder.
DELTOID_CAP = [(-1.0, 0.2), (-1.0, 5.0), (0.64, 5.0), (0.64, 0.9), (0.05, 0.2)]
# The hairline of the skull cap (vertex), left to right.
SKULL_CAP = [(-0.5, 0.115), (0.0, 0.115), (0.2, 0.135), (0.4, 0.19)]

type Vec = tuple[float, float]
type Territory = tuple[str, BaseGeometry]


# --------------------------------------------------------------------------- curves


def catmull_rom(
    nodes: Sequence[Sequence[float]], *, closed: bool = False, steps: int = 12
) -> list[tuple[float, ...]]:
    """Points along a uniform Catmull-Rom spline through nodes of any dimension."""
    pts = [tuple(node) for node in nodes]
    if closed:
        padded = [pts[-1], *pts, pts[0], pts[1]]
        segments = len(pts)
    else:
        before = tuple(2 * a - b for a, b in zip(pts[0], pts[1], strict=True))
        after = tuple(2 * a - b for a, b in zip(pts[-1], pts[-2], strict=True))
        padded = [before, *pts, after]
        segments = len(pts) - 1
    out: list[tuple[float, ...]] = []
    for index in range(segments):
        p0, p1, p2, p3 = padded[index : index + 4]
        for step in range(steps):
            t = step / steps
            out.append(
                tuple(
                    0.5
                    * (
                        2 * b
                        + (c - a) * t
                        + (2 * a - 5 * b + 4 * c - d) * t * t
                        + (3 * b - a - 3 * c + d) * t * t * t
                    )
                    for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
                )
            )
    if not closed:
        out.append(pts[-1])
    return out


def smooth_shape(nodes: Sequence[Vec], *, mirrored: bool = False) -> Polygon:
    """A closed smooth outline through nodes.

    mirrored: the nodes are the u >= 0 half, listed top to bottom, and the outline
    is completed with their mirror image.
    """
    ring = list(nodes)
    if mirrored:
        ring += [(-u, v) for u, v in reversed(nodes) if u > 0]
    return Polygon([(p[0], p[1]) for p in catmull_rom(ring, closed=True, steps=16)])


def ellipse(cu: float, cv: float, ru: float, rv: float) -> Polygon:
    return affinity.scale(Point(cu, cv).buffer(1.0, quad_segs=24), ru, rv)


def rect(u0: float, v0: float, u1: float, v1: float) -> Polygon:
    return box(u0, v0, u1, v1)


def above(*curve: Vec) -> Polygon:
    """Everything above (smaller v than) a smooth curve given left to right in u."""
    return _beside(curve, -FAR)


def below(*curve: Vec) -> Polygon:
    """Everything below (larger v than) a smooth curve given left to right in u."""
    return _beside(curve, FAR)


def _beside(curve: Sequence[Vec], far_v: float) -> Polygon:
    line = [(p[0], p[1]) for p in catmull_rom(curve, steps=10)]
    ends = [(FAR, line[-1][1]), (FAR, far_v), (-FAR, far_v), (-FAR, line[0][1])]
    return Polygon([*line, *ends])


def only_polygons(geometry: BaseGeometry) -> BaseGeometry:
    """A valid (multi)polygon from any geometry, dropping stray lines and points."""
    parts = [
        part
        for part in shapely.get_parts(shapely.make_valid(geometry))
        if isinstance(part, Polygon)
    ]
    return shapely.union_all(parts) if parts else Polygon()


# --------------------------------------------------------------------------- limbs


@dataclass(frozen=True)
class Frame:
    """A local frame: a runs along the axis, s to the side away from the midline."""

    origin: Vec
    axis: Vec
    lateral: Vec

    def at(self, a: float, s: float) -> Vec:
        return (
            self.origin[0] + self.axis[0] * a + self.lateral[0] * s,
            self.origin[1] + self.axis[1] * a + self.lateral[1] * s,
        )

    def box(self, a0: float, a1: float, s0: float, s1: float) -> Polygon:
        return Polygon([self.at(a0, s0), self.at(a1, s0), self.at(a1, s1), self.at(a0, s1)])

    def turned_out(self, degrees: float) -> "Frame":
        """The same origin with the axis turned away from the midline by degrees."""
        angle = math.radians(degrees)
        cos, sin = math.cos(angle), math.sin(angle)
        axis = (
            self.axis[0] * cos + self.lateral[0] * sin,
            self.axis[1] * cos + self.lateral[1] * sin,
        )
        return Frame(self.origin, axis, (axis[1], -axis[0]))


@dataclass(frozen=True)
class Limb:
    """A tube along a smooth spine, with its own lateral and medial half widths.

    Positions along it are distances d (head units) from the start of the spine;
    across it, f runs from -1 (medial edge) through 0 (spine) to 1 (lateral edge).
    """

    spine: tuple[Vec, ...]
    lateral: tuple[float, ...]
    medial: tuple[float, ...]
    dist: tuple[float, ...]
    cap_start: float
    cap_end: float

    @classmethod
    def through(
        cls,
        nodes: Sequence[tuple[float, float, float, float]],
        *,
        cap_start: float = 0.0,
        cap_end: float = 0.0,
    ) -> "Limb":
        """nodes: (u, v, lateral half width, medial half width) along the spine;
        cap_start, cap_end: length of the rounded end there (0: cut square)."""
        dense = catmull_rom(nodes, steps=24)
        spine = tuple((p[0], p[1]) for p in dense)
        dist = [0.0]
        for p, q in pairwise(spine):
            dist.append(dist[-1] + math.dist(p, q))
        return cls(
            spine=spine,
            lateral=tuple(p[2] for p in dense),
            medial=tuple(p[3] for p in dense),
            dist=tuple(dist),
            cap_start=cap_start,
            cap_end=cap_end,
        )

    @property
    def length(self) -> float:
        return self.dist[-1]

    def frame(self, d: float) -> tuple[Frame, float, float]:
        """The local frame at d (extrapolated past the ends) and the two half widths."""
        index = 0
        while index < len(self.spine) - 2 and self.dist[index + 1] < d:
            index += 1
        p, q = self.spine[index], self.spine[index + 1]
        span = self.dist[index + 1] - self.dist[index]
        t = (d - self.dist[index]) / span
        clamped = min(max(t, 0.0), 1.0)
        axis = ((q[0] - p[0]) / span, (q[1] - p[1]) / span)
        origin = (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)
        lat = self.lateral[index] + (self.lateral[index + 1] - self.lateral[index]) * clamped
        med = self.medial[index] + (self.medial[index + 1] - self.medial[index]) * clamped
        return Frame(origin, axis, (axis[1], -axis[0])), lat, med

    def at(self, d: float, f: float) -> Vec:
        frame, lat, med = self.frame(d)
        return frame.at(0.0, f * (lat if f > 0 else med))

    def d_at_v(self, v: float) -> float:
        """The distance along a downward spine at which it reaches height v."""
        for (p, q), (d0, d1) in zip(pairwise(self.spine), pairwise(self.dist), strict=True):
            if p[1] <= v <= q[1]:
                return d0 + (d1 - d0) * (v - p[1]) / (q[1] - p[1])
        if v < self.spine[0][1]:
            return v - self.spine[0][1]
        return self.length + v - self.spine[-1][1]

    def band(self, d0: float, d1: float, f0: float = -4.0, f1: float = 4.0) -> BaseGeometry:
        """The plane between the cross-sections at d0 and d1 and the lines f0 and f1."""
        ds = [d0, *[d for d in self.dist if d0 < d < d1], d1]
        ring = [self.at(d, f1) for d in ds] + [self.at(d, f0) for d in reversed(ds)]
        return only_polygons(Polygon(ring))

    def band_v(self, v0: float, v1: float, f0: float = -4.0, f1: float = 4.0) -> BaseGeometry:
        """A band between the heights v0 and v1 of a downward limb."""
        return self.band(self.d_at_v(v0), self.d_at_v(v1), f0, f1)

    def shape(self, corners: Sequence[tuple[float, float]]) -> BaseGeometry:
        """A polygon with corners (d, f) in limb coordinates; its edges bend with the limb."""
        ring: list[Vec] = []
        for (d0, f0), (d1, f1) in pairwise([*corners, corners[0]]):
            for step in range(24):
                t = step / 24
                ring.append(self.at(d0 + (d1 - d0) * t, f0 + (f1 - f0) * t))
        return only_polygons(Polygon(ring))

    def outline(self) -> BaseGeometry:
        lateral = [self.at(d, 1.0) for d in self.dist]
        medial = [self.at(d, -1.0) for d in reversed(self.dist)]
        ring = lateral + self._cap(self.length, self.cap_end, 1.0) + medial
        ring += self._cap(0.0, self.cap_start, -1.0)
        return only_polygons(Polygon(ring))

    def _cap(self, d: float, length: float, direction: float) -> list[Vec]:
        """A half-elliptic end at d: direction 1 for the end, -1 for the start."""
        if length <= 0:
            return []
        frame, lat, med = self.frame(d)
        points: list[Vec] = []
        for step in range(1, 16):
            phi = math.pi * step / 16
            cos = math.cos(phi) * direction
            points.append(
                frame.at(length * math.sin(phi) * direction, (lat if cos > 0 else med) * cos)
            )
        return points


def digit(
    frame: Frame, base: float, tip: float, offset: float, w0: float, w1: float
) -> BaseGeometry:
    """A finger or toe: a straight tapering tube in a hand or foot frame, round at the tip.

    base, tip: where it starts and ends along the frame's axis; offset: how far to
    the side; w0, w1: half widths at the base and near the tip.
    """
    return Limb.through(
        [(*frame.at(base, offset), w0, w0), (*frame.at(tip - w1, offset), w1, w1)],
        cap_end=w1,
    ).outline()


# --------------------------------------------------------------------------- the figure


@dataclass(frozen=True)
class Figure:
    """The body parts of the figure's u >= 0 half, in head units."""

    head: Polygon
    ear: Polygon
    neck: Polygon
    torso: Polygon
    arm: Limb
    palm: Polygon
    thumb: BaseGeometry
    fingers: BaseGeometry
    leg: Limb
    foot_frame: Frame
    foot: BaseGeometry

    @property
    def arm_shape(self) -> BaseGeometry:
        return self.arm.outline()

    @property
    def leg_shape(self) -> BaseGeometry:
        return self.leg.outline()

    @property
    def axilla(self) -> Vec:
        """Where the arm's medial edge meets the side of the chest."""
        crossing = shapely.intersection(self.arm_shape.boundary, self.torso.boundary)
        points = [(p.x, p.y) for p in shapely.get_parts(crossing) if isinstance(p, Point)]
        return max(points, key=lambda p: p[1])

    def half(self) -> Polygon:
        """The silhouette's u >= 0 half.

        Where the neck, the trunk and the limbs meet, the outline is rounded off
        (a morphological closing) so that the joins do not show as kinks.
        """
        trunk = shapely.union_all([self.neck, self.torso, self.arm_shape, self.leg_shape])
        trunk = trunk.buffer(JOIN_ROUNDING, quad_segs=16).buffer(-JOIN_ROUNDING, quad_segs=16)
        parts = [self.head, self.ear, self.palm, self.thumb, self.fingers, self.foot]
        whole = shapely.union_all([trunk, *parts])
        half = shapely.intersection(whole, rect(0.0, -FAR, FAR, FAR))
        if not isinstance(half, Polygon) or half.interiors:
            raise ValueError("the half figure must be one polygon without holes")
        return half

    def torso_strip(self, v0: float, v1: float, f0: float, f1: float) -> Polygon:
        """The plane between heights v0 and v1 and between fractions f0 and f1 of the
        torso's half width."""
        vs = [v0 + (v1 - v0) * i / 40 for i in range(41)]
        sides = [(half_width(self.torso, v), v) for v in vs]
        return Polygon([(f1 * w, v) for w, v in sides] + [(f0 * w, v) for w, v in sides[::-1]])


def half_width(shape: BaseGeometry, v: float) -> float:
    """The largest u of a shape at height v."""
    cut = shapely.intersection(shape, LineString([(-FAR, v), (FAR, v)]))
    return 0.0 if cut.is_empty else cut.bounds[2]


def build_head() -> tuple[Polygon, Polygon]:
    """The head (an egg, broad at the skull, narrowing to the chin) and the ear."""
    head = smooth_shape(
        [
            (0.0, 0.0),
            (0.17, 0.025),
            (0.285, 0.1),
            (0.34, 0.235),
            (0.352, 0.4),
            (0.335, 0.56),
            (0.305, 0.7),
            (0.25, 0.83),
            (0.16, 0.94),
            (0.07, 0.995),
            (0.0, 1.005),
        ],
        mirrored=True,
    )
    ear = smooth_shape(
        [(0.31, 0.45), (0.37, 0.42), (0.405, 0.47), (0.4, 0.58), (0.37, 0.68), (0.32, 0.7)]
    )
    return head, ear


def build_trunk() -> tuple[Polygon, Polygon]:
    """The neck, and the torso: trapezius slope, shoulders, chest, waist, hips."""
    neck = smooth_shape(
        [
            (0.0, 0.7),
            (0.19, 0.72),
            (0.205, 0.9),
            (0.215, 1.05),
            (0.24, 1.2),
            (0.28, 1.34),
            (0.0, 1.36),
        ],
        mirrored=True,
    )
    torso = smooth_shape(
        [
            (0.0, 1.12),
            (0.225, 1.12),  # base of the neck
            (0.28, 1.2),
            (0.44, 1.28),
            (0.63, 1.35),
            (0.76, 1.425),
            (0.81, 1.5),  # acromion
            (0.8, 1.62),
            (0.76, 1.78),
            (0.7, 1.98),  # armpit
            (0.685, 2.2),
            (0.655, 2.5),
            (0.6, 2.76),
            (0.57, 2.96),  # waist
            (0.585, 3.16),
            (0.64, 3.4),
            (0.71, 3.64),
            (0.745, 3.86),  # hips
            (0.7, 4.0),
            (0.4, 4.085),
            (0.0, 4.1),  # crotch
        ],
        mirrored=True,
    )
    return neck, torso


def build_arm() -> tuple[Limb, Polygon, BaseGeometry, BaseGeometry]:
    """The arm, about 15 degrees from the body, and its hand: palm forward, the
    thumb on the outer side pointing away from the body, the fingers a block."""
    shoulder, elbow, wrist = (0.73, 1.6), (1.02, 2.82), (1.36, 3.8)

    def on(p: Vec, q: Vec, t: float) -> Vec:
        return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)

    arm = Limb.through(
        [
            (*shoulder, 0.19, 0.17),
            (*on(shoulder, elbow, 0.18), 0.205, 0.185),  # deltoid
            (*on(shoulder, elbow, 0.45), 0.19, 0.175),
            (*on(shoulder, elbow, 0.75), 0.16, 0.16),
            (*elbow, 0.15, 0.165),
            (*on(elbow, wrist, 0.25), 0.165, 0.15),
            (*on(elbow, wrist, 0.6), 0.14, 0.125),
            (*wrist, 0.11, 0.1),
        ],
        cap_start=0.17,
    )
    hand, _, _ = arm.frame(arm.length)
    palm = smooth_shape(
        [
            hand.at(-0.12, 0.1),
            hand.at(0.05, 0.13),
            hand.at(0.22, 0.17),
            hand.at(0.38, 0.182),
            hand.at(0.46, 0.12),
            hand.at(0.47, 0.0),
            hand.at(0.45, -0.12),
            hand.at(0.37, -0.168),
            hand.at(0.2, -0.152),
            hand.at(0.05, -0.12),
            hand.at(-0.12, -0.095),
        ]
    )
    thumb = Limb.through(
        [
            (*hand.at(0.04, 0.05), 0.06, 0.06),
            (*hand.at(0.17, 0.14), 0.08, 0.075),
            (*hand.at(0.31, 0.21), 0.065, 0.06),
            (*hand.at(0.45, 0.255), 0.055, 0.05),
        ],
        cap_end=0.05,
    ).outline()
    fingers = [  # (offset to the side, tip, half width at the base, near the tip)
        (0.128, 0.8, 0.052, 0.046),  # index, next to the thumb
        (0.04, 0.845, 0.05, 0.046),
        (-0.048, 0.815, 0.048, 0.044),
        (-0.128, 0.745, 0.044, 0.04),  # little finger, next to the body
    ]
    finger_block = shapely.union_all(
        [hand.box(0.4, 0.5, -0.17, 0.178)]
        + [digit(hand, 0.4, tip, offset, w0, w1) for offset, tip, w0, w1 in fingers]
    )
    return arm, palm, thumb, finger_block


def build_leg() -> tuple[Limb, Frame, BaseGeometry]:
    """The leg, slightly apart from the other, and the foot hanging down from the
    ankle (seen from the front: its top and toes; from behind: heel and sole)."""
    leg = Limb.through(
        [
            (0.42, 3.45, 0.25, 0.38),
            (0.425, 3.92, 0.35, 0.37),  # greater trochanter
            (0.42, 4.25, 0.35, 0.36),
            (0.405, 4.6, 0.345, 0.315),
            (0.38, 5.15, 0.28, 0.26),
            (0.36, 5.6, 0.215, 0.205),
            (0.35, 5.86, 0.215, 0.205),  # knee
            (0.345, 6.12, 0.19, 0.185),
            (0.34, 6.45, 0.21, 0.235),  # calf
            (0.33, 6.85, 0.18, 0.19),
            (0.318, 7.22, 0.125, 0.125),
            (0.313, 7.5, 0.15, 0.15),  # ankle bones
            (0.31, 7.66, 0.13, 0.125),
        ]
    )
    ankle, _, _ = leg.frame(leg.d_at_v(7.45))
    foot_frame = ankle.turned_out(5.0)
    sole = Limb.through(
        [
            (*foot_frame.at(0.0, 0.0), 0.13, 0.135),
            (*foot_frame.at(0.2, 0.0), 0.145, 0.15),
            (*foot_frame.at(0.42, 0.0), 0.175, 0.18),
            (*foot_frame.at(0.62, 0.0), 0.19, 0.2),
        ]
    ).outline()
    toes = [  # (offset to the side, tip, half width at the base, near the tip)
        (-0.12, 0.93, 0.072, 0.066),  # big toe, next to the other foot
        (-0.02, 0.875, 0.04, 0.037),
        (0.05, 0.845, 0.037, 0.034),
        (0.11, 0.805, 0.034, 0.031),
        (0.155, 0.755, 0.03, 0.028),
    ]
    foot = shapely.union_all(
        [sole, foot_frame.box(0.55, 0.68, -0.17, 0.16)]
        + [digit(foot_frame, 0.55, tip, offset, w0, w1) for offset, tip, w0, w1 in toes]
    )
    return leg, foot_frame, foot


def build_figure() -> Figure:
    head, ear = build_head()
    neck, torso = build_trunk()
    arm, palm, thumb, fingers = build_arm()
    leg, foot_frame, foot = build_leg()
    return Figure(
        head=head,
        ear=ear,
        neck=neck,
        torso=torso,
        arm=arm,
        palm=palm,
        thumb=thumb,
        fingers=fingers,
        leg=leg,
        foot_frame=foot_frame,
        foot=foot,
    )


# --------------------------------------------------------------------------- regions


def kneecap(leg: Limb, v0: float, v1: float) -> BaseGeometry:
    """The front of the knee between heights v0 and v1: a band with rounded sides."""
    d0, d1 = leg.d_at_v(v0), leg.d_at_v(v1)
    steps = [i / 12 for i in range(13)]
    lateral = [(d0 + (d1 - d0) * t, 0.32 + 0.1 * math.sin(math.pi * t)) for t in steps]
    medial = [(d, -f) for d, f in reversed(lateral)]
    return leg.shape(lateral + medial)


def front_territories(fig: Figure) -> list[Territory]:
    """The front view, first match wins. The half drawn is the patient's right."""
    arm, leg, torso, head = fig.arm, fig.leg, fig.torso, fig.head
    arm_shape = fig.arm_shape
    d_elbow = arm.length * 0.54
    hand = arm_shape | fig.palm
    legs = fig.leg_shape | fig.foot | torso
    body = torso | fig.neck
    lower = torso | fig.leg_shape
    inguinal = [(-0.5, 3.79), (0.0, 3.79), (0.3, 3.6), (0.58, 3.38), (0.9, 3.28)]
    under_groin = [(-0.5, 4.2), (0.0, 4.16), (0.12, 4.12), (0.36, 3.88), (0.62, 3.6), (0.9, 3.5)]
    clavicle = [(-0.5, 1.36), (0.1, 1.37), (0.35, 1.385), (0.6, 1.41), (0.85, 1.46), (1.2, 1.52)]
    jaw_line = [(-0.5, 0.76), (0.0, 0.76), (0.13, 0.765), (0.22, 0.7), (0.29, 0.6), (0.4, 0.5)]
    axilla_u, axilla_v = fig.axilla
    foot = fig.foot_frame
    lesser_toes = Polygon(
        [foot.at(0.66, -0.05), foot.at(0.6, 0.3), foot.at(2.0, 0.3), foot.at(2.0, -0.05)]
    )
    return [
        # head
        ("ear", fig.ear | ellipse(0.34, 0.565, 0.075, 0.15)),
        ("vertex", head & above(*SKULL_CAP)),
        ("eye", ellipse(0.148, 0.445, 0.1, 0.085)),
        ("forehead", head & rect(-1.0, -1.0, 0.225, 0.37)),
        ("temple", head & rect(0.225, -1.0, 1.0, 0.52)),
        ("cheek", head & above(*jaw_line)),
        ("jaw", head),
        # neck and trunk
        ("throat", body & rect(-1.0, 0.5, 0.095, 1.37)),
        (
            "sternum",
            body & Polygon([(-1.0, 1.37), (0.075, 1.37), (0.075, 2.3), (0.04, 2.37), (-1.0, 2.37)]),
        ),
        ("neck-side", body & above(*clavicle) & rect(-1.0, 0.0, 0.6, 3.0)),
        ("shoulder-side", (arm_shape | torso) & arm.shape(DELTOID_CAP)),
        ("armpit", ellipse(axilla_u + 0.005, axilla_v - 0.06, 0.1, 0.12)),
        ("shoulder-front", (arm_shape & arm.shape(DELTOID)) | (torso & rect(0.6, 0.0, 2.0, 1.88))),
        ("chest-upper", torso & above((-0.5, 1.83), (0.3, 1.83), (0.7, 1.85))),
        ("ribs-side", torso & fig.torso_strip(1.8, 2.77, 0.72, 1.5)),
        (
            "chest-lower",
            torso & above((-0.5, 2.34), (0.05, 2.36), (0.3, 2.47), (0.55, 2.62), (1.0, 2.8)),
        ),
        ("abdomen-upper", torso & above((-0.5, 2.8), (1.0, 2.8))),
        ("abdomen-mid", torso & above((-0.5, 3.2), (1.0, 3.2))),
        ("hip-side", lower & ellipse(0.84, 3.88, 0.3, 0.48)),
        ("groin", lower & below(*inguinal) & above(*under_groin)),
        ("abdomen-lower", torso & above(*inguinal)),
        # leg
        ("thigh-outer", legs & leg.band_v(3.0, 5.55, 0.4, 4.0)),
        ("thigh-inner", legs & leg.band_v(3.0, 5.55, -4.0, -0.38)),
        ("thigh-front", legs & leg.band_v(3.0, 5.55)),
        ("knee-front", kneecap(leg, 5.55, 6.15)),
        ("knee-outer", legs & leg.band_v(5.55, 6.15, 0.0, 4.0)),
        ("knee-inner", legs & leg.band_v(5.55, 6.15)),
        ("lower-leg-outer", legs & leg.band_v(6.15, 7.38, 0.3, 4.0)),
        ("shin", legs & leg.band_v(6.15, 7.38)),
        ("ankle-outer", legs & leg.band_v(7.38, 7.72, 0.33, 4.0)),
        ("ankle-inner", legs & leg.band_v(7.38, 7.72, -4.0, -0.33)),
        ("ankle-front", legs & leg.band_v(7.38, 7.72)),
        ("big-toe", fig.foot & foot.box(0.66, 2.0, -2.0, -0.05)),
        ("toes", fig.foot & lesser_toes),
        ("foot-top", fig.foot | fig.leg_shape),
        # arm
        ("upper-arm-front", arm_shape & arm.band(-1.0, d_elbow - 0.17)),
        ("elbow-inner", arm_shape & arm.band(d_elbow - 0.17, d_elbow + 0.17, -4.0, -0.3)),
        ("elbow-crease", arm_shape & arm.band(d_elbow - 0.17, d_elbow + 0.17)),
        ("forearm-front", arm_shape & arm.band(d_elbow + 0.17, arm.length - 0.14)),
        ("wrist-front", hand & arm.band(arm.length - 0.14, arm.length + 0.07)),
        ("thumb", fig.thumb),
        ("fingers", fig.fingers),
        ("palm", fig.palm),
    ]


def back_territories(fig: Figure) -> list[Territory]:
    """The back view, first match wins. The half drawn is the patient's left."""
    arm, leg, torso = fig.arm, fig.leg, fig.torso
    arm_shape = fig.arm_shape
    d_elbow = arm.length * 0.54
    hand = arm_shape | fig.palm
    legs = fig.leg_shape | fig.foot
    lower = torso | fig.leg_shape
    shoulder_blade = smooth_shape(
        [
            (0.25, 1.3),
            (0.7, 1.3),
            (0.73, 1.62),  # by the shoulder joint
            (0.62, 1.82),
            (0.46, 2.05),
            (0.35, 2.2),  # inferior angle, at T7
            (0.29, 2.13),
            (0.255, 1.85),  # medial border
            (0.245, 1.55),
        ]
    )
    neck = Polygon(
        [
            (-1.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.05),
            (0.235, 1.12),
            (0.225, 1.25),
            (0.2, 1.43),
            (-1.0, 1.43),
        ]
    )
    trapezius = [(-0.5, 1.43), (0.2, 1.43), (0.5, 1.48), (0.85, 1.57), (1.2, 1.62)]
    iliac_crest = [(-0.5, 3.33), (0.3, 3.32), (0.6, 3.24), (1.0, 3.2)]
    sacrum = Polygon(
        [(-1.0, 3.3), (0.29, 3.3), (0.265, 3.5), (0.18, 3.67), (0.07, 3.8), (-1.0, 3.8)]
    )
    gluteal_fold = [
        (-0.5, 4.1),
        (0.05, 4.12),
        (0.2, 4.3),
        (0.4, 4.38),
        (0.6, 4.33),
        (0.8, 4.2),
        (1.0, 4.1),
    ]
    return [
        # head and neck
        ("vertex", fig.head & above(*SKULL_CAP)),
        ("occiput", (fig.head | fig.ear) & above((-0.5, 0.86), (0.2, 0.86), (0.4, 0.8))),
        ("neck-back", neck),
        # trunk
        ("shoulder-top", (torso | arm_shape) & above(*trapezius)),
        ("shoulder-back", (arm_shape & arm.shape(DELTOID)) | (torso & rect(0.73, 0.0, 2.0, 1.9))),
        ("scapula", shoulder_blade),
        ("upper-back", torso & rect(-1.0, 0.0, 0.26, 2.2)),
        ("mid-back", torso & above((-0.5, 2.76), (1.0, 2.76))),
        ("low-back", torso & above(*iliac_crest)),
        ("coccyx", ellipse(0.0, 3.79, 0.062, 0.09)),
        ("perineum", ellipse(0.0, 4.04, 0.078, 0.09)),
        ("sacroiliac", sacrum),
        ("buttock", lower & above(*gluteal_fold)),
        # leg
        ("thigh-back", legs & leg.band_v(3.0, 5.55)),
        ("knee-back", legs & leg.band_v(5.55, 6.15)),
        ("calf", legs & leg.band_v(6.15, 7.15)),
        ("achilles", legs & leg.band_v(7.15, 7.5)),
        ("heel", legs & above((-0.5, 7.84), (2.0, 7.84))),
        ("sole", fig.foot),
        # arm
        ("upper-arm-back", arm_shape & arm.band(-1.0, d_elbow - 0.17)),
        ("elbow-outer", arm_shape & arm.band(d_elbow - 0.17, d_elbow + 0.17, 0.2, 4.0)),
        ("elbow-back", arm_shape & arm.band(d_elbow - 0.17, d_elbow + 0.17)),
        ("forearm-back", arm_shape & arm.band(d_elbow + 0.17, arm.length - 0.14)),
        ("wrist-back", hand & arm.band(arm.length - 0.14, arm.length + 0.07)),
        ("hand-back", fig.thumb | fig.fingers | fig.palm),
    ]


# --------------------------------------------------------------------------- partition


def to_view(geometry: BaseGeometry) -> BaseGeometry:
    """From head units (u, v) to view units (x, y), on the viewer's left half."""
    return affinity.affine_transform(geometry, [-HEAD, 0.0, 0.0, HEAD, MID_X, TOP])


def partition(half: Polygon, territories: list[Territory]) -> dict[str, BaseGeometry]:
    """Cut the half figure into regions: a piece goes to the first territory holding it."""
    lines = [half.boundary] + [
        shapely.intersection(shape.boundary, half) for _, shape in territories
    ]
    noded = shapely.union_all(lines, grid_size=GRID)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    pieces: dict[str, list[Polygon]] = {}
    orphans: list[Polygon] = []
    for face in faces:
        slug = owner(face, territories)
        if slug is None:
            orphans.append(face)
        else:
            pieces.setdefault(slug, []).append(face)
    empty = [slug for slug, _ in territories if slug not in pieces]
    if empty:
        raise ValueError(f"regions that got no piece of the figure: {empty}")
    adopt_orphans(pieces, orphans)
    regions = {slug: shapely.coverage_union_all(parts) for slug, parts in pieces.items()}
    return simplify(absorb_strays(regions))


def owner(face: Polygon, territories: list[Territory]) -> str | None:
    """The first territory holding most of the face (None for bits of rounded-off joins)."""
    inside = face.point_on_surface()
    for slug, shape in territories:
        if shape.contains(inside) and shapely.intersection(face, shape).area > 0.5 * face.area:
            return slug
    for slug, shape in territories:
        if shapely.intersection(face, shape).area > 0.5 * face.area:
            return slug
    return None


def adopt_orphans(pieces: dict[str, list[Polygon]], orphans: list[Polygon]) -> None:
    """Give each piece that no territory holds to the region it shares most edge with."""
    while orphans:
        regions = {slug: shapely.coverage_union_all(parts) for slug, parts in pieces.items()}
        waiting = []
        for face in orphans:
            shared = {
                slug: shapely.intersection(face.boundary, region.boundary).length
                for slug, region in regions.items()
            }
            slug = max(shared, key=shared.__getitem__)
            if shared[slug] > 0:
                pieces[slug].append(face)
            else:
                waiting.append(face)
        if len(waiting) == len(orphans):
            raise ValueError(f"pieces cut off from every region: {waiting}")
        orphans = waiting


def absorb_strays(regions: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Hand a region's small stray pieces to the neighbour they share most edge with."""
    result = dict(regions)
    for slug in list(result):
        geometry = result[slug]
        if not isinstance(geometry, MultiPolygon):
            continue
        parts = sorted(geometry.geoms, key=lambda part: part.area, reverse=True)
        keep = [parts[0]]
        for part in parts[1:]:
            if part.area > STRAY_PIECE:
                keep.append(part)
                continue
            neighbour = max(
                (other for other in result if other != slug),
                key=lambda other: shapely.intersection(part.boundary, result[other]).length,
            )
            result[neighbour] = shapely.coverage_union_all([result[neighbour], part])
        result[slug] = shapely.coverage_union_all(keep)
    return result


def simplify(regions: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Drop needless vertices; shared edges stay identical on both sides."""
    slugs = list(regions)
    simplified = shapely.coverage_simplify([regions[slug] for slug in slugs], SIMPLIFY)
    return dict(zip(slugs, simplified, strict=True))


def mirror(geometry: BaseGeometry) -> BaseGeometry:
    """The mirror image about x = 200, kept on the grid."""
    return shapely.transform(geometry, _mirror_xy)


def _mirror_xy(xy: np.ndarray) -> np.ndarray:
    out = xy.copy()
    out[:, 0] = (WIDTH - xy[:, 0]).round(1)
    return out


# --------------------------------------------------------------------------- output


@dataclass(frozen=True)
class RegionRow:
    """A row of regions.csv."""

    slug: str
    view: str
    side: str

    @property
    def views(self) -> tuple[str, ...]:
        return VIEWS if self.view == "both" else (self.view,)


def read_regions() -> list[RegionRow]:
    with REGIONS_CSV.open(newline="", encoding="utf-8") as handle:
        return [
            RegionRow(slug=row["slug"], view=row["view"], side=row["side"])
            for row in csv.DictReader(handle)
        ]


def build_view(
    half: Polygon, territories: list[Territory], drawn_side: str, midline: set[str]
) -> dict[str, BaseGeometry]:
    """The regions of one view keyed by slug; drawn_side: the patient's side ("l" or
    "r") on the viewer's left half."""
    halves = partition(half, [(slug, to_view(shape)) for slug, shape in territories])
    mirrored_side = "l" if drawn_side == "r" else "r"
    regions: dict[str, BaseGeometry] = {}
    for base, shape in halves.items():
        if base in midline:
            regions[base] = shapely.coverage_union_all([shape, mirror(shape)])
        else:
            regions[f"{base}-{drawn_side}"] = shape
            regions[f"{base}-{mirrored_side}"] = mirror(shape)
    return regions


def polygons_json(geometry: BaseGeometry) -> list[list[list[float]]]:
    """Each polygon's outline, counter-clockwise on screen, not closed."""
    return [
        [[round(x, 1), round(y, 1)] for x, y in orient(part, sign=-1.0).exterior.coords[:-1]]
        for part in shapely.get_parts(geometry)
    ]


def build(rows: list[RegionRow]) -> dict[str, Any]:
    fig = build_figure()
    half = to_view(fig.half())
    midline = {row.slug for row in rows if row.side == "mid"}
    views = {
        "front": build_view(half, front_territories(fig), "r", midline),
        "back": build_view(half, back_territories(fig), "l", midline),
    }
    return {
        "views": {view: {"width": WIDTH, "height": HEIGHT} for view in VIEWS},
        "regions": {
            row.slug: {view: polygons_json(views[view][row.slug]) for view in row.views}
            for row in rows
        },
    }


# --------------------------------------------------------------------------- checks


def check(data: dict[str, Any], rows: list[RegionRow]) -> list[str]:
    """Everything geometry.json must satisfy; returns the problems found."""
    problems: list[str] = []
    regions = data["regions"]
    if sorted(regions) != sorted(row.slug for row in rows):
        problems.append("the regions differ from regions.csv")
    shapes: dict[str, dict[str, BaseGeometry]] = {view: {} for view in VIEWS}
    for row in rows:
        by_view = regions.get(row.slug, {})
        if tuple(view for view in VIEWS if view in by_view) != row.views or set(by_view) - set(
            VIEWS
        ):
            problems.append(f"{row.slug}: drawn in {sorted(by_view)}, not in {row.views}")
        for view, polygons in by_view.items():
            parts = []
            for points in polygons:
                polygon = Polygon(points)
                on_grid = all(round(c, 1) == c for point in points for c in point)
                if len(points) < 3 or points[0] == points[-1] or not on_grid:
                    problems.append(f"{row.slug} ({view}): malformed polygon")
                elif not polygon.is_valid:
                    problems.append(f"{row.slug} ({view}): {shapely.is_valid_reason(polygon)}")
                parts.append(polygon)
            shapes[view][row.slug] = shapely.union_all(parts)
    for view, by_slug in shapes.items():
        problems += check_tiling(view, by_slug) + check_sides(view, by_slug)
    return problems


def check_tiling(view: str, by_slug: dict[str, BaseGeometry]) -> list[str]:
    """No overlaps, and together one connected figure without holes."""
    problems: list[str] = []
    slugs = list(by_slug)
    geoms = [by_slug[slug] for slug in slugs]
    tree = shapely.STRtree(geoms)
    for index, geometry in enumerate(geoms):
        for other in tree.query(geometry):
            overlap = shapely.intersection(geometry, geoms[other]).area if other > index else 0
            if overlap >= MAX_OVERLAP:
                problems.append(f"{view}: {slugs[index]} overlaps {slugs[other]} by {overlap:.2f}")
    union = shapely.union_all(geoms)
    total = sum(geometry.area for geometry in geoms)
    if not isinstance(union, Polygon):
        problems.append(f"{view}: the regions are not one connected shape")
    elif union.interiors:
        problems.append(f"{view}: the figure has {len(union.interiors)} holes")
    if abs(union.area - total) > 0.01 * total:
        problems.append(f"{view}: the figure's area {union.area:.1f} != the sum {total:.1f}")
    return problems


def check_sides(view: str, by_slug: dict[str, BaseGeometry]) -> list[str]:
    """The patient's right is on the viewer's left in front and on the right in back;
    each -l region mirrors its -r twin and each midline region mirrors itself."""
    problems: list[str] = []
    right_on_small_x = view == "front"
    for slug, geometry in by_slug.items():
        x = geometry.centroid.x
        side = slug[-2:] if slug[-2:] in ("-l", "-r") else "mid"
        if side != "mid" and ((x < MID_X) == right_on_small_x) != (side == "-r"):
            problems.append(f"{view}: {slug} is on the wrong side (x = {x:.1f})")
        twin = by_slug.get({"-l": slug[:-2] + "-r", "-r": slug[:-2] + "-l"}.get(side, slug))
        if twin is None or shapely.symmetric_difference(mirror(geometry), twin).area > 0.5:
            problems.append(f"{view}: {slug} is not the mirror image of its twin")
    return problems


def widths(data: dict[str, Any]) -> list[tuple[float, str, str]]:
    """Each region's width (diameter of the largest circle inside it), thinnest first."""
    report = []
    for slug, by_view in data["regions"].items():
        for view, polygons in by_view.items():
            largest = max((Polygon(points) for points in polygons), key=lambda p: p.area)
            radius = shapely.maximum_inscribed_circle(largest, 0.1).length
            report.append((2 * radius, slug, view))
    return sorted(report)


def to_json(data: dict[str, Any]) -> str:
    """JSON with one line per region, so that a change to a shape shows as a small diff."""
    views = json.dumps(data["views"])
    regions = ",\n".join(
        f"    {json.dumps(slug)}: {json.dumps(by_view, separators=(',', ':'))}"
        for slug, by_view in data["regions"].items()
    )
    return f'{{\n  "views": {views},\n  "regions": {{\n{regions}\n  }}\n}}\n'


def main() -> int:
    rows = read_regions()
    data = build(rows)
    GEOMETRY_JSON.write_text(to_json(data), encoding="utf-8")
    polygons = [p for by_view in data["regions"].values() for ps in by_view.values() for p in ps]
    print(
        f"wrote {GEOMETRY_JSON.relative_to(ROOT)}: {len(data['regions'])} regions, "
        f"{len(polygons)} polygons, {sum(len(p) for p in polygons)} points"
    )
    problems = check(json.loads(GEOMETRY_JSON.read_text(encoding="utf-8")), rows)
    sizes = widths(data)
    print("thinnest regions (diameter of the largest circle inside):")
    for width, slug, view in sizes[:8]:
        print(f"  {width:5.1f}  {slug} ({view})")
    problems += [f"{slug} ({view}) is a sliver" for w, slug, view in sizes if w < MIN_WIDTH]
    for problem in problems:
        print("PROBLEM:", problem)
    print(f"{len(problems)} problems" if problems else "all checks passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
