"""Buildings drawn on a real outline and their re-survey, shared by the QA pass 11 data sets."""
import numpy as np
import shapely
from shapely.geometry import box


def buildings(land, cx, cy, half, pitch, inset, min_area):
    """Square footprints on a `pitch` grid within `half` of (cx, cy), each `inset` from its cell's
    edges, clipped to `land` (the largest part where the clip splits one); those under `min_area` dropped."""
    cells = []
    for x in np.arange(cx - half, cx + half, pitch):
        for y in np.arange(cy - half, cy + half, pitch):
            b = box(x + inset, y + inset, x + pitch - inset, y + pitch - inset).intersection(land)
            if b.is_empty or b.area < min_area: continue
            cells.append(max(shapely.get_parts(b), key=lambda p: p.area))
    return cells


def resurvey(cells, rng, p, noise):
    """Each building kept as drawn, gone, or redrawn with every vertex moved by up to `noise` (map
    units), with probabilities `p` (keep, gone, noisy). Returns the after survey, the buildings gone
    and what became of each building ('keep', 'gone' or 'noisy')."""
    kind = rng.choice(['keep', 'gone', 'noisy'], size=len(cells), p=p)
    after, gone = [], []
    for b, k in zip(cells, kind):
        if k == 'keep': after.append(b)
        elif k == 'gone': gone.append(b)
        else:
            e = np.array(b.exterior.coords); e[:-1] += rng.uniform(-noise, noise, e[:-1].shape); e[-1] = e[0]
            after.append(shapely.Polygon(e))
    return after, gone, kind
