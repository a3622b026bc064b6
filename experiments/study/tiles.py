"""A tile map of Urumqi's eight units: one square each, placed as their seats lie.

The central districts' seats are a few kilometres apart and Dabancheng's is 80 km away,
so a map on the seat coordinates would pile five units on one spot. Each unit gets a
cell of a 4 x 4 grid instead; the grid keeps the seats' order (`district_seats.csv`):
a unit in a higher row lies north of every unit in the rows below, and a unit in a
column to the left lies west of every unit in the columns to its right.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import Normalize, TwoSlopeNorm

#: unit -> (column west to east, row north to south)
TILES = {
    "midong": (2, 0),
    "toutunhe": (0, 1),
    "xinshi": (1, 1),
    "shuimogou": (2, 1),
    "saybag": (1, 2),
    "tianshan": (2, 2),
    "urumqi_county": (0, 3),
    "dabancheng": (3, 3),
}

#: names that fit a tile
SHORT = {
    "urumqi_county": "Urumqi\nCounty",
    "shuimogou": "Shuimo-\ngou",
    "dabancheng": "Daban-\ncheng",
}


def draw_tiles(
    ax: plt.Axes,
    values: dict[str, float],
    text: dict[str, str],
    diverging: bool,
    limit: float | None = None,
    cmap: str | None = None,
):
    """Draw the tile map on `ax`: each unit coloured by its value and labelled with `text`.

    `diverging` centres the colours on zero (for differences), with ±`limit` at the
    ends (default: the largest value in size). Returns the colour mapping, for a colour
    bar.
    """
    finite = np.array([v for v in values.values() if np.isfinite(v)]) if values else np.array([])
    if diverging:
        span = limit if limit else (float(np.max(np.abs(finite))) if finite.size else 1.0)
        span = span or 1.0
        norm = TwoSlopeNorm(0.0, -span, span)
        colours = plt.get_cmap(cmap or "RdBu")
    else:
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        norm = Normalize(low, high if high > low else low + 1.0)
        colours = plt.get_cmap(cmap or "viridis")
    for unit, (column, row) in TILES.items():
        value = values.get(unit, float("nan"))
        face = colours(norm(value)) if np.isfinite(value) else (0.9, 0.9, 0.9, 1.0)
        ax.add_patch(plt.Rectangle((column, -row), 0.94, 0.94, facecolor=face, edgecolor="white"))
        dark = np.isfinite(value) and sum(face[:3]) < 1.5
        name = SHORT.get(unit, unit.capitalize())
        ax.text(
            column + 0.47,
            -row + 0.47,
            f"{name}\n{text.get(unit, '')}",
            ha="center",
            va="center",
            fontsize=7,
            color="white" if dark else "black",
        )
    ax.set_xlim(-0.05, 4.0)
    ax.set_ylim(-3.05, 1.0)
    ax.set_aspect("equal")
    ax.axis("off")
    return plt.cm.ScalarMappable(norm=norm, cmap=colours)
