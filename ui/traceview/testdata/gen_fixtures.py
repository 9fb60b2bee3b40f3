#!/usr/bin/env python3
"""Writes the trace view's oracle fixtures: NAME.pkl and NAME.dis, the second
being what CPython's `pickletools.dis` prints for the first.

The .dis files are CPython's output and are never regenerated from pklx.
Run from this directory with CPython 3.11 (the fixtures were made with
3.11.7):  python3 gen_fixtures.py
"""

import collections
import datetime
import io
import pickle
import pickletools
import struct


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a, self.b = 1, "two"


class KwOnly:
    def __new__(cls, *, tag):
        o = object.__new__(cls)
        o.tag = tag
        return o

    def __getnewargs_ex__(self):
        return (), {"tag": self.tag}


def sample(proto):
    shared = ["shared", 1.5]
    d = {
        "ints": [0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31, 2**63, -2**70, 10**30],
        "floats": [0.0, -0.0, 1.5, 1e100, 1e-7, float("inf"), float("nan"), 3.141592653589793],
        "strs": ["", "a", "it's", 'say "hi"', "both ' and \"", "tab\tnl\n", "é", "\u20ac\U0001f600", "\x00\x7f\x80"],
        "bytes": [b"", b"\x00\xff", b"'", b'"', b"abc" * 3],
        "consts": (None, True, False),
        "tuples": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
        "sets": {1, 2, 3},
        "frozen": frozenset({"x"}),
        "nested": [[1, [2, [3, {"k": (4,)}]]]],
        "shared": [shared, shared],
        "ordered": collections.OrderedDict(a=1, b=2),
        "date": datetime.date(2024, 2, 29),
        "point": Point(1, [2, 3]),
        "bytearray": bytearray(b"ba"),
    }
    if proto >= 2:  # protocols 0 and 1 cannot pickle these
        d["slotted"] = Slotted()
        d["kwonly"] = KwOnly(tag="t")
    return d


def crafted():
    """Ops that CPython 3's pickler never writes, assembled by hand; each
    comment names the ops."""
    b = io.BytesIO()
    w = b.write
    w(b"(")                                   # MARK
    w(b"I00\nI01\nI42\nI-7\n")               # INT False, True, 42, -7
    w(b"L123L\nL-99999999999999999999L\n")   # LONG
    w(b"F1.25\nF-0.0\nF1e300\n")              # FLOAT
    w(b"S'q\\'uote\\n'\n")                    # STRING with escapes
    w(b'S"dq"\n')                             # STRING with double quotes
    w(b"Vcaf\\u00e9 \\U0001F600\n")           # UNICODE, raw-unicode-escape
    w(b"U\x03abc")                            # SHORT_BINSTRING
    w(b"T\x04\x00\x00\x00x\xe9y'")            # BINSTRING, latin-1
    w(b"G" + struct.pack(">d", 2.5))          # BINFLOAT
    w(b"\x8b\x03\x00\x00\x00\x00\x00\x80")    # LONG4 -2**23
    w(b"\x8a\x00")                            # LONG1 0
    w(b"C\x02hi")                             # SHORT_BINBYTES
    w(b"B\x01\x00\x00\x00Z")                  # BINBYTES
    w(b"\x8e\x02\x00\x00\x00\x00\x00\x00\x00ok")  # BINBYTES8
    w(b"\x8d\x03\x00\x00\x00\x00\x00\x00\x00\xed\xa0\x80")  # BINUNICODE8, a lone surrogate
    w(b"X\x02\x00\x00\x00\xc3\xa9")           # BINUNICODE
    w(b"Pper-id\n")                           # PERSID
    w(b"N")                                   # NONE
    w(b"Q")                                   # BINPERSID
    w(b"\x82\x01\x83\x02\x01\x84\x03\x00\x01\x00")  # EXT1, EXT2, EXT4
    w(b"p0\n")                                # PUT 0
    w(b"g0\n")                                # GET 0
    w(b"r\x01\x00\x00\x00")                   # LONG_BINPUT 1
    w(b"j\x01\x00\x00\x00")                   # LONG_BINGET 1
    w(b"2")                                   # DUP
    w(b"(")                                   # MARK
    w(b"0")                                   # POP: pops the MARK
    w(b"((K\x01")                             # MARK MARK BININT1
    w(b"1")                                   # POP_MARK
    w(b"0")                                   # POP: pops the outer MARK
    w(b"(K\x01K\x02")                         # MARK BININT1 BININT1
    w(b"icopy_reg\n_reconstructor\n")         # INST
    w(b"(cbuiltins\nobject\n)o")              # MARK GLOBAL EMPTY_TUPLE OBJ
    w(b"]\x94")                               # EMPTY_LIST MEMOIZE
    w(b"h\x02")                               # BINGET 2
    w(b"a")                                   # APPEND
    w(b"l")                                   # LIST (of everything since the first MARK)
    w(b".")                                   # STOP
    return b.getvalue()


def write(name, data):
    with open(name + ".pkl", "wb") as f:
        f.write(data)
    out = io.StringIO()
    pickletools.dis(data, out=out)
    with open(name + ".dis", "w", encoding="utf-8") as f:
        f.write(out.getvalue())


def main():
    for proto in range(6):
        write("proto%d" % proto, pickle.dumps(sample(proto), protocol=proto))
    bufs = []
    write("proto5_oob", pickle.dumps([pickle.PickleBuffer(b"oob"), pickle.PickleBuffer(bytearray(b"rw"))],
                                     protocol=5, buffer_callback=bufs.append))
    write("crafted", crafted())


if __name__ == "__main__":
    main()
