#!/usr/bin/python3
"""Compares our single-step predictions with a reference set from make_reference.py.

Ours, per reference stem: <stem>.png (binary mask, 0/255, image size) and
<stem>.prob.png (16-bit greyscale soft map, value/65535).
Exit code 0 when every image passes, 1 when any image fails or is missing.

Usage:
  /usr/bin/python3 tools/parity/compare.py --reference /tmp/parity/small64 --ours /tmp/parity/small64-ours
"""
import argparse
import glob
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # keep tools/parity free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pngio import read_png  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reference", required=True, help="reference set folder (holding reference/) or its reference/ folder")
    p.add_argument("--ours", required=True, help="folder with <stem>.png and <stem>.prob.png")
    p.add_argument("--min-agreement", type=float, default=99.5, help="minimum mask pixel agreement in %% (default 99.5)")
    p.add_argument("--max-mean-diff", type=float, default=1e-3, help="maximum mean |soft - ours| (default 1e-3)")
    return p.parse_args()


def reference_folder(path):
    nested = os.path.join(path, "reference")
    return nested if os.path.isdir(nested) else path


def read_mask(path, shape):
    arr, _ = read_png(path)
    if arr.ndim == 3:
        if arr.shape[2] in (2, 4):
            arr = arr[:, :, :-1]
        if not (arr == arr[:, :, :1]).all():
            raise ValueError(f"{path}: colour mask whose channels differ")
        arr = arr[:, :, 0]
    if arr.shape != shape:
        raise ValueError(f"{path}: size {arr.shape[1]}x{arr.shape[0]}, expected {shape[1]}x{shape[0]}")
    top = 65535 if arr.dtype == np.uint16 else 255
    odd = ~np.isin(arr, (0, top))
    if odd.any():
        raise ValueError(f"{path}: not a binary 0/{top} mask ({int(odd.sum())} other pixels)")
    return arr == top


def read_soft(path, shape):
    arr, depth = read_png(path)
    if depth != 16 or arr.ndim != 2:
        raise ValueError(f"{path}: expected a 16-bit greyscale PNG, got {depth}-bit with shape {arr.shape}")
    if arr.shape != shape:
        raise ValueError(f"{path}: size {arr.shape[1]}x{arr.shape[0]}, expected {shape[1]}x{shape[0]}")
    return arr.astype(np.float64) / 65535.0


def main():
    args = parse_args()
    ref_dir = reference_folder(args.reference)
    soft_files = sorted(glob.glob(os.path.join(ref_dir, "*.soft.npy")))
    if not soft_files:
        print(f"no *.soft.npy in {ref_dir}", file=sys.stderr)
        return 1
    if not os.path.isdir(args.ours):
        print(f"--ours {args.ours} is not a folder", file=sys.stderr)
        return 1

    failures, same_pixels, pixels, abs_sum, worst = 0, 0, 0, 0.0, 0.0
    print(f"{'image':<16}{'mask agree %':>14}{'soft mean|d|':>14}{'soft max|d|':>13}{'ours prob>0.5 vs mask %':>25}  result")
    for soft_file in soft_files:
        stem = os.path.basename(soft_file)[:-len(".soft.npy")]
        ref_soft = np.load(soft_file).astype(np.float64)
        ref_mask = read_mask(os.path.join(ref_dir, stem + ".mask.png"), ref_soft.shape)
        try:
            ours_mask = read_mask(os.path.join(args.ours, stem + ".png"), ref_soft.shape)
            ours_soft = read_soft(os.path.join(args.ours, stem + ".prob.png"), ref_soft.shape)
        except (OSError, ValueError) as err:
            print(f"{stem:<16}{'-':>14}{'-':>14}{'-':>13}{'-':>25}  FAIL: {err}")
            failures += 1
            continue
        agree = float((ours_mask == ref_mask).mean() * 100.0)
        diff = np.abs(ours_soft - ref_soft)
        self_consistency = float(((ours_soft > 0.5) == ours_mask).mean() * 100.0)
        ok = agree >= args.min_agreement and diff.mean() <= args.max_mean_diff
        failures += 0 if ok else 1
        same_pixels += int((ours_mask == ref_mask).sum())
        pixels += ref_mask.size
        abs_sum += float(diff.sum())
        worst = max(worst, float(diff.max()))
        print(f"{stem:<16}{agree:>14.3f}{diff.mean():>14.2e}{diff.max():>13.2e}{self_consistency:>25.3f}  {'ok' if ok else 'FAIL'}")

    if pixels:
        print(f"{'overall':<16}{same_pixels / pixels * 100.0:>14.3f}{abs_sum / pixels:>14.2e}{worst:>13.2e}")
    print(f"{len(soft_files) - failures} of {len(soft_files)} images within tolerance "
          f"(mask agreement >= {args.min_agreement}%, mean |soft diff| <= {args.max_mean_diff:g})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
