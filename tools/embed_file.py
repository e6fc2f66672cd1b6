#!/usr/bin/env python3
"""Embeds one file in the binary as a C byte array: embed_file.py INPUT OUTPUT SYMBOL."""
import sys

src, out, sym = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(src, "rb").read()
with open(out, "w") as f:
    f.write("/* generated from %s by tools/embed_file.py; do not edit */\n" % src.split("/")[-1])
    f.write("const unsigned long %s_len = %d;\n" % (sym, len(data)))
    f.write("const unsigned char %s[] = {\n" % sym)
    for i in range(0, len(data), 24):
        f.write(",".join(str(b) for b in data[i:i + 24]) + ",\n")
    f.write("0};\n")
