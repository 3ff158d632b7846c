#!/usr/bin/python3
# check-image.py FILE WIDTH HEIGHT: check that FILE is a valid PNG or SVG of
# WIDTH x HEIGHT with non-trivial content. A PNG is decoded (every chunk's
# CRC, the IDAT stream, every row's filter) and must have at least 8 colours
# and 3% of its pixels not white; an SVG must parse as XML with that width
# and height and draw at least 100 elements. Prints what it found and "ok",
# or why not; exit status 0 only for "ok".
#
# Copyright (C) 2026 strongswan-link-monitor authors
# SPDX-License-Identifier: GPL-2.0-or-later

import struct
import sys
import xml.etree.ElementTree as ET
import zlib


def fail(why):
    print("not ok:", why)
    sys.exit(1)


def chunks(data):
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc, = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            fail("bad CRC in %s" % kind)
        yield kind, body
        pos += 12 + length


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def unfilter(raw, width, height, bpp):
    stride = width * bpp
    rows, prev, pos = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                line[i] = (line[i] + paeth(a, b, c)) & 255
            elif ftype != 0:
                fail("bad filter type %d" % ftype)
        rows.append(line)
        prev = line
    return rows


def check_png(data, width, height):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("no PNG signature")
    idat, ihdr = b"", None
    for kind, body in chunks(data):
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    if not ihdr:
        fail("no IHDR")
    w, h, depth, ctype = ihdr[:4]
    print("png %dx%d depth %d colour type %d" % (w, h, depth, ctype))
    if (w, h) != (width, height):
        fail("size %dx%d, expected %dx%d" % (w, h, width, height))
    if depth != 8 or ctype not in (2, 6):
        fail("unexpected pixel format")
    bpp = 3 if ctype == 2 else 4
    rows = unfilter(zlib.decompress(idat), w, h, bpp)
    colours, ink = set(), 0
    for line in rows:
        for i in range(0, len(line), bpp):
            px = bytes(line[i:i + 3])
            colours.add(px)
            ink += px != b"\xff\xff\xff"
    print("%d colours, %.1f%% of the pixels not white" %
          (len(colours), 100.0 * ink / (w * h)))
    if len(colours) < 8 or ink < 0.03 * w * h:
        fail("trivial content")


def check_svg(data, width, height):
    root = ET.fromstring(data)
    w = float(root.get("width").rstrip("ptx"))
    h = float(root.get("height").rstrip("ptx"))
    elements = sum(1 for _ in root.iter())
    print("svg %gx%g, %d elements" % (w, h, elements))
    if (w, h) != (width, height):
        fail("size %gx%g, expected %dx%d" % (w, h, width, height))
    if elements < 100:
        fail("trivial content")


def main():
    name, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(name, "rb") as f:
        data = f.read()
    if name.endswith(".svg"):
        check_svg(data, width, height)
    else:
        check_png(data, width, height)
    print("ok")


main()
