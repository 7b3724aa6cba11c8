"""Deterministic RGB test images with structure (gradients, discs, boxes, stripes)."""
import numpy as np


def make_test_image(index, size):
    """Returns a (size, size, 3) uint8 image; the same index and size always give the same pixels."""
    rng = np.random.RandomState(7919 + 104729 * index)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float64) / max(size - 1, 1)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = np.cos(angle) * xx + np.sin(angle) * yy
    base = np.stack([rng.uniform(0.1, 0.5) + rng.uniform(0.2, 0.5) * ramp for _ in range(3)], axis=-1)
    image = base.copy()

    for _ in range(2 + index % 3):
        cx, cy = rng.uniform(0.15, 0.85, size=2)
        rx, ry = rng.uniform(0.08, 0.3, size=2)
        inside = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2 <= 1.0
        image[inside] = rng.uniform(0.0, 1.0, size=3)

    x0, y0 = rng.uniform(0.0, 0.6, size=2)
    w, h = rng.uniform(0.15, 0.4, size=2)
    box = (xx >= x0) & (xx < x0 + w) & (yy >= y0) & (yy < y0 + h)
    image[box] = 0.5 * image[box] + 0.5 * rng.uniform(0.0, 1.0, size=3)

    period = rng.uniform(0.08, 0.2)
    stripes = (np.floor((xx + yy) / period) % 2 == 0) & (yy > 0.75)
    image[stripes] *= 0.6

    return np.clip(np.round(image * 255.0), 0, 255).astype(np.uint8)
