"""Reads PNG files into numpy arrays: PIL when installed, else a small zlib-based
reader (non-interlaced, 8/16-bit grey, grey+alpha, RGB, RGBA) so that 16-bit
soft maps can be read on machines without PIL."""
import struct
import zlib

import numpy as np

_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


def read_png(path):
    """Returns (array, bit_depth); array is HxW or HxWxC, uint8 or uint16."""
    try:
        from PIL import Image
    except ImportError:
        return _read_png_zlib(path)
    with Image.open(path) as img:
        if img.format != "PNG":
            raise ValueError(f"{path}: not a PNG file ({img.format})")
        if img.mode in ("I;16", "I;16B", "I"):
            arr = np.array(img)
            if arr.dtype != np.uint16:
                if arr.min() < 0 or arr.max() > 65535:
                    raise ValueError(f"{path}: 32-bit integer PNG values outside 0..65535")
                arr = arr.astype(np.uint16)
            return arr, 16
        if img.mode in ("L", "RGB", "RGBA", "LA"):
            return np.array(img), 8
        if img.mode == "1":
            return np.array(img.convert("L")), 8
        raise ValueError(f"{path}: unsupported PNG mode {img.mode}")


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _read_png_zlib(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        raise ValueError(f"{path}: PNG without IHDR")
    width, height, depth, color, _, _, interlace = header
    if color not in _CHANNELS or depth not in (8, 16) or interlace != 0:
        raise ValueError(f"{path}: unsupported PNG (colour type {color}, depth {depth}, interlace {interlace})")
    channels = _CHANNELS[color]
    bpp = channels * depth // 8
    stride = width * bpp
    raw = zlib.decompress(b"".join(idat))
    out = bytearray(height * stride)
    prev = bytearray(stride)
    for y in range(height):
        row_start = y * (stride + 1)
        filt = raw[row_start]
        line = bytearray(raw[row_start + 1:row_start + 1 + stride])
        if filt == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif filt == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif filt == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif filt == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                up_left = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + _paeth(left, prev[i], up_left)) & 0xFF
        elif filt != 0:
            raise ValueError(f"{path}: bad PNG filter type {filt} in row {y}")
        out[y * stride:(y + 1) * stride] = line
        prev = line
    dtype = np.dtype(">u2") if depth == 16 else np.uint8
    arr = np.frombuffer(bytes(out), dtype=dtype).astype(np.uint16 if depth == 16 else np.uint8)
    arr = arr.reshape(height, width, channels)
    return (arr[:, :, 0] if channels == 1 else arr), depth
