#!/usr/bin/env python3
"""Draws the kernelspec logos (an orange tile with a white swift-like chevron) without any
imaging library: PNG is written with zlib and struct. Run once; the outputs are committed."""
import math, struct, zlib, pathlib

def inside_logo(x, y):
    # Tile with rounded corners, in unit coordinates.
    r = 0.18
    cx, cy = min(max(x, r), 1 - r), min(max(y, r), 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return None
    # A chevron: two thick strokes meeting at the right.
    def near(ax, ay, bx, by, w):
        t = max(0, min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
        return math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) < w
    if near(0.25, 0.28, 0.72, 0.5, 0.07) or near(0.25, 0.72, 0.72, 0.5, 0.07):
        return (255, 255, 255, 255)
    return (240, 81, 56, 255)

def png(size, path):
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            # 4x4 supersampling for smooth edges.
            acc = [0, 0, 0, 0]
            for sj in range(4):
                for si in range(4):
                    c = inside_logo((i + (si + 0.5) / 4) / size, (j + (sj + 0.5) / 4) / size) or (0, 0, 0, 0)
                    for k in range(4):
                        acc[k] += c[k]
            alpha = acc[3] / 16
            row += bytes([min(255, int(acc[k] * 255 / acc[3])) if alpha else 0 for k in range(3)] + [int(alpha)])
        rows.append(bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    pathlib.Path(path).write_bytes(data)

here = pathlib.Path(__file__).resolve().parent.parent / "kernelspec" / "swift"
png(32, here / "logo-32x32.png")
png(64, here / "logo-64x64.png")
(here / "logo-svg.svg").write_text(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    '<rect width="100" height="100" rx="18" fill="#f05138"/>'
    '<path d="M25 28 L72 50 L25 72" fill="none" stroke="#fff" stroke-width="14" stroke-linecap="round" stroke-linejoin="round"/>'
    '</svg>\n')
