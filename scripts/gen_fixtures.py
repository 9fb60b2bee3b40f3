#!/usr/bin/env python3
"""Generate the pickle fixture corpus in decoder/testdata.

Run with CPython 3.11, from anywhere:

    python3 scripts/gen_fixtures.py

For every fixture NAME it writes:

  NAME.pkl         the pickle bytes: made by CPython's own pickle module, or
                   assembled by hand (byte by byte, commented) for opcodes and
                   forms CPython 3 never writes, or deliberately broken.
  NAME.dis         the exact standard output of `python3 -m pickletools NAME.pkl`.
  NAME.diserr      when pickletools raises: JSON {"offset", "op", "reason",
                   "exception"}: the offset of the opcode it failed on
                   (len(data) when the data ends before STOP, the STOP for a
                   stack left non-empty), that opcode's pickletools name ("" at
                   end of data or for an unknown opcode byte), and str() of the
                   exception.
  NAME.all.dis     for files with more than one pickle (or bytes after the
                   first STOP): the output of
                       f = open(NAME.pkl, 'rb')
                       while f.peek(1): pickletools.dis(f)
  NAME.all.diserr  when that loop raises; same format as .diserr.
  NAME.plain.json  for fixtures whose first pickle uses only builtin types (no
                   globals besides builtins, copyreg, _codecs): CPython's own
                   reading of it, converted by plain_json() below (the oracle
                   for pklx's JSON export; the rules are in README.md).

and, once, opcodes_stack.txt (pickletools' stack_before/stack_after of every
opcode) and README.md (the list of fixtures).

CPython is the oracle: .dis, .diserr and .plain.json are never produced by
pklx's own code. The script asserts that all 68 opcodes occur in the corpus
(by pickletools.genops over every pickle of every file), that the in-process
oracle agrees with the command-line one, that every prefix of every fixture
fails the way decoder's TestDisPrefixes expects (check_prefix_rule), and that
the corpus stays small.
It re-executes itself with PYTHONHASHSEED=0 so that sets of strings, and so
the fixtures, come out the same on every run.
"""

import _compat_pickle
import base64
import copyreg
import io
import json
import math
import os
import pickle
import pickletools
import shutil
import struct
import subprocess
import sys
import warnings

if os.environ.get("PYTHONHASHSEED") != "0":
    env = dict(os.environ, PYTHONHASHSEED="0")
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

assert sys.version_info[:2] == (3, 11), "run with CPython 3.11 (the oracle)"

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "decoder", "testdata")
sys.path.insert(0, HERE)

import fixture_classes as fc  # noqa: E402

MAX_CORPUS_BYTES = 300_000

FIXTURES = []  # (name, data, kind, description)


def fixture(name, data, kind, description):
    assert all(n != name for n, *_ in FIXTURES), name
    assert isinstance(data, bytes)
    FIXTURES.append((name, data, kind, description))


def cpython(name, description, obj, protocol, **kw):
    fixture(name, pickle.dumps(obj, protocol=protocol, **kw), "cpython",
            "pickle.dumps(%s, protocol=%d)" % (description, protocol))


# ---------------------------------------------------------------------------
# Real pickles written by CPython 3.11's pickle module.

REALISTIC = {
    "name": "pklx fixture",
    "version": (1, 2, 3),
    "enabled": True,
    "disabled": False,
    "nothing": None,
    "count": 42,
    "negative": -7,
    "ints": [0, 255, 256, 65535, 65536, -1, 2**31 - 1, -2**31, 2**31, 2**63, 2**70],
    "ratio": 0.25,
    "tags": ["a", "b", "café"],
    "nested": {"list": [1, 2, [3, 4]], "empty_list": [], "empty_tuple": (), "empty_dict": {}},
    "data": b"\x00\x01binary\xff",
    "small_set": {1, 2, 3},
    "frozen": frozenset({10}),
}
for proto in range(6):
    cpython("realistic_p%d" % proto, "REALISTIC dict of builtins", REALISTIC, proto)

big = [2**64, -2**64, 2**1000, -(2**2000) + 1, 2**3000, -1, -256, 127, 128, 2**31, -2**31 - 1]
cpython("bigints_p0", "big and edge ints", big, 0)
cpython("bigints_p2", "big and edge ints", big, 2)

FLOATS = [math.nan, math.inf, -math.inf, -0.0, 0.0, 1e300, 5e-324, 0.1, 1e16, 1e-05,
          0.0001, 123.0, 1 / 3, 2.5e-308, 1.7976931348623157e308]
cpython("floats_p0", "special and extreme floats", FLOATS, 0)
cpython("floats_p2", "special and extreme floats", FLOATS, 2)

UNICODE = ["", "ascii", "café", "naïve ☃", "\U0001f600 emoji", "\ud800 lone high",
           "a\udcffb lone low", "\x00\x7f\x85\xa0\xad", "quotes ' \" \\", "new\nline\r\ttab\x1a",
           "\u2028\u200b\ufeff", "\U0001fa75 (Unicode 15)", "x" * 300]
cpython("unicode_p0", "strs incl. non-BMP and lone surrogates", UNICODE, 0)
cpython("unicode_p3", "strs incl. non-BMP and lone surrogates", UNICODE, 3)
cpython("unicode_p4", "strs incl. non-BMP and lone surrogates", UNICODE, 4)

BYTES = [b"", b"abc", b"'", b"'\"", bytes(range(256)), bytearray(b"mutable\x00"), bytearray()]
cpython("bytes_p2", "bytes and bytearrays", BYTES, 2)
cpython("bytes_p3", "bytes and bytearrays", BYTES, 3)
cpython("bytes_p5", "bytes and bytearrays", BYTES, 5)

SETS = [set(), {1, 2, 3}, {"x", "y"}, frozenset(), frozenset({1, frozenset({2})})]
cpython("sets_p2", "sets and frozensets", SETS, 2)
cpython("sets_p4", "sets and frozensets", SETS, 4)

cyc_list = [1]
cyc_list.append(cyc_list)
cyc_dict = {"name": "d"}
cyc_dict["self"] = cyc_dict
cyc_dict["list"] = cyc_list
cpython("cycles_p0", "list and dict that contain themselves", [cyc_list, cyc_dict], 0)
cpython("cycles_p4", "list and dict that contain themselves", [cyc_list, cyc_dict], 4)

inner = [1, 2]
rec_tuple = ([],)
rec_tuple[0].append(rec_tuple)
cpython("shared_p2", "one list referenced three times", {"a": inner, "b": inner, "c": (inner,)}, 2)
cpython("recursive_tuple_p0", "a tuple reached again through a list inside it (POP)", rec_tuple, 0)
cpython("recursive_tuple_p1", "a tuple reached again through a list inside it (POP_MARK)", rec_tuple, 1)

deep = []
for _ in range(60):
    deep = [deep]
cpython("deep_lists_p2", "60 nested one-element lists", deep, 2)
deep_t = ()
for i in range(25):
    deep_t = (i, deep_t, "t")
cpython("deep_tuples_p0", "25 nested 3-tuples (nested MARKs)", deep_t, 0)

odd_keys = {1: "int", "1": "str (same JSON key as 1)", 2.5: "float", None: "none", False: "false",
            math.inf: "inf"}
tuple_keyed = {(1, 2): "tuple key", b"k": "bytes key", frozenset({3}): "frozenset key"}
tuple_keyed[("self",)] = [tuple_keyed]
cpython("dict_keys_p2", "dicts with non-str keys, colliding JSON keys and a cycle through a value",
        [odd_keys, tuple_keyed], 2)
cpython("dict_keys_p4", "dicts with non-str keys, colliding JSON keys and a cycle through a value",
        [odd_keys, tuple_keyed], 4)

many = ["s%d" % i for i in range(258)]
many.append(many[257])
cpython("memo_long_p3", "258 strs then a repeat (LONG_BINPUT, LONG_BINGET)", many, 3)

OBJECTS = [
    fc.WithReduce(1, "two"),
    fc.WithState(3),
    fc.WithSlots(4, [5]),
    fc.Plain(a=1, b=[2]),
    fc.WithNewArgsEx(6, b=7),
    fc.TaggedList([1, 2, 3]),
    fc.TaggedDict(k="v", n=1),
    fc.Point(8, 9),
    fc.Record("rec", ["x", "y"], 0.5),
]
OBJECTS[5].tag = "tagged"
# Protocols 0 and 1 cannot pickle __slots__ without __getstate__.
cpython("classes_p0", "fixture_classes instances but WithSlots",
        [o for o in OBJECTS if not isinstance(o, fc.WithSlots)], 0)
for proto in (2, 4):
    cpython("classes_p%d" % proto, "fixture_classes instances", OBJECTS, proto)
fixture("classes_optimized_p2", pickletools.optimize(pickle.dumps(OBJECTS, 2)), "cpython",
        "pickletools.optimize(pickle.dumps(fixture_classes instances, protocol=2))")
fixture("realistic_optimized_p4", pickletools.optimize(pickle.dumps(REALISTIC, 4)), "cpython",
        "pickletools.optimize(pickle.dumps(REALISTIC, protocol=4))")


class PersPickler(pickle.Pickler):
    """Replaces every str starting with 'ext:' by a persistent id."""

    def persistent_id(self, obj):
        if isinstance(obj, str) and obj.startswith("ext:"):
            return obj[4:]
        return None


for proto in (0, 2):
    buf = io.BytesIO()
    PersPickler(buf, protocol=proto).dump(["ext:blob-1", "plain", {"ref": "ext:blob-2"}])
    fixture("persid_p%d" % proto, buf.getvalue(), "cpython",
            "Pickler.persistent_id returning str ids, protocol=%d (%s)"
            % (proto, "PERSID" if proto == 0 else "BINPERSID"))

# Extension codes: registered for three builtins, pickled, then removed.
EXTS = [("builtins", "len", 1), ("builtins", "abs", 300), ("builtins", "repr", 70000)]
for mod, name, code in EXTS:
    copyreg.add_extension(mod, name, code)
try:
    fixture("ext_p2", pickle.dumps([len, abs, repr, len], 2), "cpython",
            "pickle.dumps([len, abs, repr, len], protocol=2) with copyreg extension codes "
            "1, 300 and 70000 registered (EXT1, EXT2, EXT4)")
finally:
    for mod, name, code in EXTS:
        copyreg.remove_extension(mod, name, code)

oob = []
fixture("buffers_p5", pickle.dumps(
    [pickle.PickleBuffer(b"read-only bytes"), pickle.PickleBuffer(bytearray(b"writable")),
     pickle.PickleBuffer(bytearray(b"in-band"))],
    protocol=5,
    # A true result keeps a buffer in-band; a false one sends it out-of-band.
    buffer_callback=lambda pb: pb.raw().tobytes() == b"in-band" or oob.append(pb)),
    "cpython",
    "pickle.dumps([PickleBuffer(b'read-only bytes'), PickleBuffer(bytearray(b'writable')), "
    "PickleBuffer(bytearray(b'in-band'))], protocol=5, buffer_callback=...): two out-of-band "
    "buffers (NEXT_BUFFER, READONLY_BUFFER) and one in-band (BYTEARRAY8)")

# Several pickles in one file.
fixture("concat", pickle.dumps({"first": 1}, 0) + pickle.dumps(["second", 2.5], 2)
        + pickle.dumps(("third", b"3"), 5), "cpython",
        "pickle.dumps({'first': 1}, 0) + pickle.dumps(['second', 2.5], 2) "
        "+ pickle.dumps(('third', b'3'), 5): three pickles in one file")
buf = io.BytesIO()
reuse = pickle.Pickler(buf, protocol=2)
shared_obj = ["shared"]
reuse.dump(shared_obj)
reuse.dump({"again": shared_obj})
fixture("pickler_reuse", buf.getvalue(), "cpython",
        "one Pickler, dump() called twice: the second pickle refers to the first's memo, "
        "so --all fails with a memo error")
fixture("trailing_newline", pickle.dumps([1, 2], 2) + b"\n", "cpython",
        "pickle.dumps([1, 2], 2) + b'\\n': a stray byte after STOP (fails with --all)")

# ---------------------------------------------------------------------------
# Hand-assembled pickles: forms CPython 3 never writes. Each line is one op.

fixture("py2_proto0", b"".join([
    b"(dp0\n",                      # MARK; DICT; PUT 0
    b"S'str'\n",                    # STRING 'str'
    b"p1\n",                        # PUT 1
    b"S'caf\\x65 \\'q\\' \\n\\t\\\\ \\101\\x42 \\q'\n",  # STRING with \x, \', \n, \t, \\, octal, unknown escapes
    b"p2\n",                        # PUT 2
    b"s",                           # SETITEM
    b'S"dq"\n',                     # STRING in double quotes
    b'S"it\'s"\n',                  # STRING holding a single quote
    b"s",                           # SETITEM
    b"S'bools'\n",                  # STRING
    b"(I01\nI00\nI-5\nI7\nt",       # MARK; INT 01 (True); INT 00 (False); INT -5; INT 7; TUPLE
    b"s",                           # SETITEM
    b"S'long'\n",                   # STRING
    b"L12345678901234567890123L\n", # LONG with Python 2's trailing L
    b"s",                           # SETITEM
    b"S'neg'\n",                    # STRING
    b"L-5\n",                       # LONG without L
    b"s",                           # SETITEM
    b"S'float'\n",                  # STRING
    b"F0.10000000000000001\n",      # FLOAT as Python 2 wrote it (17 digits)
    b"s",                           # SETITEM
    b"S'again'\n",                  # STRING
    b"g2\n",                        # GET 2
    b"s",                           # SETITEM
    b"S'uni'\n",                    # STRING
    b"Vsnow \\u2603 \\U0001f600 \\\\u0041 \xe9\n",  # UNICODE, raw-unicode-escape
    b"s",                           # SETITEM
    b".",                           # STOP
]), "handmade", "Python 2 protocol 0 style dict: STRING (both quotes, escapes), INT 01/00, "
                "LONG with L, FLOAT, GET/PUT, UNICODE escapes")

fixture("py2_instances", b"".join([
    b"(",                           # MARK
    b"(i__main__\nOldStyle\n",      # MARK; INST __main__ OldStyle (no args)
    b"p0\n",                        # PUT 0
    b"(dp1\n",                      # MARK; DICT; PUT 1
    b"S'x'\n",                      # STRING 'x'
    b"I1\n",                        # INT 1
    b"sb",                          # SETITEM; BUILD
    b"(c__main__\nOldStyle\n",      # MARK; GLOBAL __main__ OldStyle
    b"K\x02",                       # BININT1 2 (an __init__ argument)
    b"o",                           # OBJ
    b"q\x02",                       # BINPUT 2
    b"2",                           # DUP
    b"l",                           # LIST (closes the first MARK)
    b".",                           # STOP
]), "handmade", "Python 2 old-style instances: INST, OBJ, BUILD; DUP")

fixture("py2_binstrings", b"".join([
    b"\x80\x02",                    # PROTO 2
    b"U\x05hello",                  # SHORT_BINSTRING 'hello'
    b"T\x06\x00\x00\x00caf\xe9\x00\xff",  # BINSTRING, Latin-1 bytes
    b"U\x00",                       # SHORT_BINSTRING ''
    b"U\x01'",                      # SHORT_BINSTRING "'"
    b"\x87",                        # TUPLE3
    b"\x86",                        # TUPLE2
    b".",                           # STOP
]), "handmade", "Python 2 protocol 2 str: SHORT_BINSTRING, BINSTRING (Latin-1 reprs)")

fixture("proto4_8byte_counts", b"".join([
    b"\x80\x04",                                   # PROTO 4
    b"\x8d\x06\x00\x00\x00\x00\x00\x00\x00na\xc3\xafve",  # BINUNICODE8 'naïve'
    b"\x8e\x03\x00\x00\x00\x00\x00\x00\x00\x00\x01\x02",  # BINBYTES8 b'\x00\x01\x02'
    b"\x86",                                       # TUPLE2
    b".",                                          # STOP
]), "handmade", "BINUNICODE8 and BINBYTES8, which CPython only writes for values over 4 GiB")

fixture("float_text_forms", b"".join([
    b"(",                 # MARK
    b"F1e+300\n",         # FLOAT
    b"F  2.5 \n",         # FLOAT with blanks around it
    b"F1_000.5\n",        # FLOAT with an underscore
    b"F-nan\n",           # FLOAT nan (sign dropped)
    b"FInfinity\n",       # FLOAT inf
    b"F1e-400\n",         # FLOAT underflow to 0.0
    b"F-1e-400\n",        # FLOAT underflow to -0.0
    b"F.5\n",             # FLOAT without a leading digit
    b"I 12 \n",           # INT with blanks
    b"I+1_000\n",         # INT with sign and underscore
    b"I-0\n",             # INT -0
    b"L0L\n",             # LONG 0 with L
    b"l",                 # LIST
    b".",                 # STOP
]), "handmade", "text FLOAT/INT/LONG arguments that Python's float() and int() accept")

# ---------------------------------------------------------------------------
# Broken inputs: pickletools raises. Each is a real pickle damaged by hand or
# a hand-assembled op sequence.

p = pickle.dumps(["hello", "world"], 2)
fixture("broken_truncated_arg", p[:p.index(b"world") + 2], "broken",
        "pickle.dumps(['hello', 'world'], 2) cut inside BINUNICODE 'world'")
fixture("broken_exhausted", p[:-1], "broken",
        "pickle.dumps(['hello', 'world'], 2) without its STOP")
fixture("broken_memo_get", b"\x80\x02]q\x00h\x07a.", "broken",
        "PROTO 2; EMPTY_LIST; BINPUT 0; BINGET 7 (never stored); APPEND; STOP")
fixture("broken_unknown_opcode", b"\x80\x02K\x01\xff.", "broken",
        "PROTO 2; BININT1 1; then byte 0xff, which is no opcode")
fixture("broken_stack_not_empty", b"K\x01K\x02]N.", "broken",
        "BININT1 1; BININT1 2; EMPTY_LIST; NONE; STOP with three items left")
fixture("broken_no_mark", b"K\x01K\x02t.", "broken",
        "BININT1 1; BININT1 2; TUPLE with no MARK")
fixture("broken_pop_empty", b"0.", "broken", "POP on an empty stack")
fixture("broken_dup_mark", b"(2l.", "broken",
        "MARK; DUP (copies the mark as an ordinary item); LIST: pickletools' own IndexError, "
        "raised after printing only the offset")
fixture("broken_long4_digits", b"\x80\x02\x8b\xd0\x07\x00\x00" + b"\x01" * 2000 + b".", "broken",
        "LONG4 of 2000 bytes: over 4300 digits, so repr() raises after the offset is printed")
fixture("broken_bad_utf8", b"\x80\x03X\x04\x00\x00\x00ab\xffc.", "broken",
        "BINUNICODE holding the byte 0xff: UnicodeDecodeError")
fixture("broken_string_quotes", b"S'abc\n.", "broken", "STRING without its closing quote")
fixture("broken_string_latin1", b"S'caf\\xe9'\n.", "broken",
        "STRING 'caf\\xe9', as Python 2 wrote Latin-1 str: pickletools decodes STRING as ASCII")
fixture("broken_count", b"\x80\x03C\x05ab", "broken",
        "SHORT_BINBYTES claiming 5 bytes with 2 left")
fixture("broken_memo_redefined", b"K\x01q\x00q\x00.", "broken", "BINPUT 0 twice")
fixture("broken_memoize_mark", b"\x80\x04(\x94.", "broken", "MEMOIZE with a MARK on top")

# ---------------------------------------------------------------------------
# The oracle.


class _Tracked(io.BytesIO):
    """A BytesIO that remembers the position genops last asked for: the
    offset of the opcode being processed (genops calls tell() once per op,
    before reading it)."""

    op_pos = 0

    def tell(self):
        pos = super().tell()
        self.op_pos = pos
        return pos

    def peek(self, n=1):
        pos = super().tell()
        return self.getbuffer()[pos:pos + n].tobytes()


def oracle(data, every=False):
    """Return (stdout text, error dict or None) of pickletools.dis on data;
    with every=True, of the `while f.peek(1): dis(f)` loop."""
    f = _Tracked(data)
    out = io.StringIO()
    err = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if every:
                while f.peek(1):
                    pickletools.dis(f, out)
            else:
                pickletools.dis(f, out)
        except Exception as e:  # what pickletools raised, whatever its type
            pos = f.op_pos
            op = ""
            if pos < len(data):
                info = pickletools.code2op.get(chr(data[pos]))
                op = info.name if info else ""
            err = {"offset": pos, "op": op, "reason": str(e), "exception": type(e).__name__}
    return out.getvalue(), err


def all_ops(data):
    """Yield the opcode names genops sees in every pickle of data."""
    f = io.BytesIO(data)
    while f.tell() < len(data):
        try:
            for op, arg, pos in pickletools.genops(f):
                yield op.name
        except ValueError:
            return


def check_prefix_rule(name, data, text, err):
    """Assert the rule decoder's TestDisPrefixes relies on, for every prefix
    of data up to where its first pickle stops (the STOP, or the op
    pickletools fails on): a cut at an op start (or at that stop) fails with
    "pickle exhausted before seeing STOP" at the cut, a cut inside an op
    fails with another message at that op, and the output is the lines of
    the ops before."""
    lines = text.splitlines(keepends=True)
    starts = [int(line.split(":")[0]) for line in lines if line[:5].strip().isdigit()]
    limit = err["offset"] if err else starts[-1]
    for p in range(limit + 1):
        t, e = oracle(data[:p])
        at_start = p in starts or p == limit
        off = p if at_start else max(s for s in starts if s < p)
        assert e is not None and e["offset"] == off, (name, p, e)
        assert (e["reason"] == "pickle exhausted before seeing STOP") == at_start, (name, p, e)
        assert t == "".join(lines[:sum(1 for s in starts if s < off)]), (name, p)


def first_pickle_end(data):
    f = io.BytesIO(data)
    try:
        for op, arg, pos in pickletools.genops(f):
            pass
    except ValueError:
        return None
    return f.tell()


# ---------------------------------------------------------------------------
# The JSON oracle (see README.md for the rules).

BUILTIN_MODULES = {"builtins", "copyreg", "_codecs"}


class _FileOrderSet(list):
    """A set as loaded, its items in the order of the file."""


class _FileOrderFrozenSet(tuple):
    """A frozenset as loaded, its items in the order of the file; hashable,
    as it may be a dict key or a set item."""


def _file_order_set(items=(), frozen=False):
    s = _FileOrderSet()
    for x in items:
        _add_unique(s, x)
    return _FileOrderFrozenSet(s) if frozen else s


def _add_unique(s, x):
    # A set keeps the first of equal items (1, 1.0 and True are equal).
    for y in s:
        if x is y or x == y:
            return
    s.append(x)


class BuiltinUnpickler(pickle._Unpickler):
    """CPython's pure-Python unpickler, restricted to builtin globals, with
    sets and frozensets kept in file order (a real set would iterate in hash
    order)."""

    def find_class(self, module, name):
        if self.proto < 3 and self.fix_imports:  # Python 2 names, as pickle maps them
            if (module, name) in _compat_pickle.NAME_MAPPING:
                module, name = _compat_pickle.NAME_MAPPING[(module, name)]
            elif module in _compat_pickle.IMPORT_MAPPING:
                module = _compat_pickle.IMPORT_MAPPING[module]
        if module not in BUILTIN_MODULES:
            raise pickle.UnpicklingError("not builtin-only: %s.%s" % (module, name))
        if (module, name) == ("builtins", "set"):
            return lambda items=(): _file_order_set(items)
        if (module, name) == ("builtins", "frozenset"):
            return lambda items=(): _file_order_set(items, frozen=True)
        if (module, name) == ("copyreg", "_reconstructor"):
            raise pickle.UnpicklingError("not builtin-only: copyreg._reconstructor")
        return super().find_class(module, name)

    def persistent_load(self, pid):
        raise pickle.UnpicklingError("not builtin-only: persistent id")

    def get_extension(self, code):
        raise pickle.UnpicklingError("not builtin-only: extension code %d" % code)

    dispatch = dict(pickle._Unpickler.dispatch)

    def load_empty_set(self):
        self.append(_file_order_set())
    dispatch[pickle.EMPTY_SET[0]] = load_empty_set

    def load_frozenset(self):
        items = self.pop_mark()
        self.append(_file_order_set(items, frozen=True))
    dispatch[pickle.FROZENSET[0]] = load_frozenset

    def load_additems(self):
        items = self.pop_mark()
        s = self.stack[-1]
        for x in items:
            _add_unique(s, x)
    dispatch[pickle.ADDITEMS[0]] = load_additems


def _json_key(k):
    """The object key json.dumps writes for a dict key, or None when json
    cannot use it as a key."""
    if isinstance(k, str):
        return k
    if k is True:
        return "true"
    if k is False:
        return "false"
    if k is None:
        return "null"
    if isinstance(k, int):
        return int.__repr__(k)
    if isinstance(k, float):
        if k != k:
            return "NaN"
        if k in (math.inf, -math.inf):
            return "Infinity" if k > 0 else "-Infinity"
        return float.__repr__(k)
    return None


def _pointer(path):
    return "#" + "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)


def plain_json(obj):
    """Convert a loaded builtin-only object graph to plain JSON data."""
    ancestors = {}  # id -> path of the containers on the current path

    def conv(x, path):
        if x is None or isinstance(x, (bool, str)):
            return x
        if isinstance(x, int):
            return x
        if isinstance(x, float):
            if x != x:
                return {"$float": "nan"}
            if x in (math.inf, -math.inf):
                return {"$float": "inf" if x > 0 else "-inf"}
            return x
        if isinstance(x, bytes):
            return {"$bytes": base64.b64encode(x).decode("ascii")}
        if isinstance(x, bytearray):
            return {"$bytearray": base64.b64encode(bytes(x)).decode("ascii")}
        if id(x) in ancestors:
            return {"$ref": _pointer(ancestors[id(x)])}
        ancestors[id(x)] = path
        try:
            if isinstance(x, (list, tuple)):  # includes the file-order sets
                return [conv(v, path + [i]) for i, v in enumerate(x)]
            if isinstance(x, dict):
                keys = [_json_key(k) for k in x]
                if all(k is not None for k in keys) and len(set(keys)) == len(keys):
                    out = {}
                    for k, v in zip(keys, x.values()):
                        out[k] = conv(v, path + [k])
                    return out
                return {"$dict": [[conv(k, path + ["$dict", i, 0]), conv(v, path + ["$dict", i, 1])]
                                  for i, (k, v) in enumerate(x.items())]}
            raise TypeError("no JSON oracle for %r" % type(x))
        finally:
            del ancestors[id(x)]

    return conv(obj, [])


def plain_json_text(data):
    """The .plain.json text for data, or None if it is not builtin-only."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            obj = BuiltinUnpickler(io.BytesIO(data)).load()
        except pickle.UnpicklingError:
            return None  # not builtin-only
        except ValueError:
            return None  # CPython's default reading fails (e.g. Latin-1 Python 2 str)
        # The C unpickler (pickle.loads) must agree; it is stricter about
        # some text forms (e.g. FLOAT with blanks), which then get no oracle.
        try:
            real = pickle.loads(data)
        except ValueError:
            return None
    assert type(real) is type(obj) or isinstance(obj, (_FileOrderSet, _FileOrderFrozenSet))
    return json.dumps(plain_json(obj), ensure_ascii=True, indent=1, allow_nan=False) + "\n"


# ---------------------------------------------------------------------------
# Writing.


def cli_dis(path):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONWARNINGS="ignore")
    r = subprocess.run([sys.executable, "-m", "pickletools", os.path.basename(path)],
                       cwd=os.path.dirname(path), capture_output=True, env=env)
    return r.returncode, r.stdout, r.stderr


def write(path, content):
    mode = "wb" if isinstance(content, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(content)


def main():
    # Build the corpus in a scratch directory and swap it in at the end, so
    # that a failed run leaves decoder/testdata as it was.
    global OUT
    final = OUT
    OUT = final + ".new"
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    generate()
    os.makedirs(final, exist_ok=True)
    for fn in os.listdir(final):
        if fn.endswith((".pkl", ".dis", ".diserr", ".json")) or fn in ("README.md", "opcodes_stack.txt"):
            os.remove(os.path.join(final, fn))
    for fn in os.listdir(OUT):
        os.replace(os.path.join(OUT, fn), os.path.join(final, fn))
    os.rmdir(OUT)


def generate():

    seen = set()
    rows = []
    for name, data, kind, description in FIXTURES:
        path = os.path.join(OUT, name + ".pkl")
        write(path, data)
        rc, stdout, stderr = cli_dis(path)
        write(os.path.join(OUT, name + ".dis"), stdout)
        text, err = oracle(data)
        assert text.encode("utf-8") == stdout, name + ": in-process dis differs from the CLI"
        assert (rc != 0) == (err is not None), name
        assert (kind == "broken") == (err is not None), (name, err)
        if err is not None:
            last = stderr.decode("utf-8").rstrip("\n").split("\n")[-1]
            assert last == "%s: %s" % (err["exception"], err["reason"]), (name, last, err)
            write(os.path.join(OUT, name + ".diserr"), json.dumps(err, indent=1) + "\n")
        files = [".pkl", ".dis"] + ([".diserr"] if err else [])
        check_prefix_rule(name, data, text, err)

        end = first_pickle_end(data)
        if end is not None and end < len(data):
            all_text, all_err = oracle(data, every=True)
            write(os.path.join(OUT, name + ".all.dis"), all_text)
            files.append(".all.dis")
            if all_err is not None:
                write(os.path.join(OUT, name + ".all.diserr"), json.dumps(all_err, indent=1) + "\n")
                files.append(".all.diserr")
        else:
            assert oracle(data, every=True) == (text, err), name

        if err is None:
            js = plain_json_text(data)
            if js is not None:
                write(os.path.join(OUT, name + ".plain.json"), js)
                files.append(".plain.json")

        ops = sorted(set(all_ops(data)))
        seen.update(ops)
        rows.append((name, kind, len(data), description, files, ops))

    missing = [op.name for op in pickletools.opcodes if op.name not in seen]
    assert not missing, "opcodes in no fixture: %s" % missing
    assert len(pickletools.opcodes) == 68

    with open(os.path.join(OUT, "opcodes_stack.txt"), "w") as f:
        f.write("# pickletools (CPython %s) stack effects: NAME code: before -> after\n"
                % sys.version.split()[0])
        for op in pickletools.opcodes:
            f.write("%s 0x%02x: %s -> %s\n" % (op.name, ord(op.code),
                                               " ".join(map(repr, op.stack_before)),
                                               " ".join(map(repr, op.stack_after))))

    write_readme(rows)

    total = sum(os.path.getsize(os.path.join(OUT, fn)) for fn in os.listdir(OUT))
    assert total < MAX_CORPUS_BYTES, "corpus is %d bytes" % total
    print("%d fixtures, %d files, %d bytes; all %d opcodes covered"
          % (len(rows), len(os.listdir(OUT)), total, len(seen)))


README_HEAD = """\
# decoder/testdata: the pickle fixture corpus

Generated by `python3 scripts/gen_fixtures.py` (CPython 3.11); do not edit by
hand. CPython is the oracle: the `.dis`, `.diserr` and `.plain.json` files are
CPython's output and are never regenerated from pklx's code.

## Files

- `NAME.pkl`: the pickle. *cpython* fixtures are made by CPython 3.11's own
  `pickle` module (classes come from `scripts/fixture_classes.py`, which these
  pickles name as module `fixture_classes`); *handmade* ones are assembled
  byte by byte in the generator, one commented line per opcode, for opcodes
  and forms CPython 3 never writes (Python 2 `STRING`/`BINSTRING`/
  `SHORT_BINSTRING`, `INT 01`/`00`, `LONG ...L`, `INST`/`OBJ`, `DUP`,
  `BINUNICODE8`/`BINBYTES8`); *broken* ones are made to fail.
- `NAME.dis`: exact standard output of `python3 -m pickletools NAME.pkl`
  (only the first pickle of a file; up to the failure for broken input).
- `NAME.diserr`: when pickletools raises, JSON `{"offset", "op", "reason",
  "exception"}`: the offset of the opcode it failed on (the data length when
  the data ends before `STOP`; the `STOP` when the stack is not empty after
  it), that opcode's pickletools name (`""` at end of data or for a byte that
  is no opcode), `str()` of the exception and its type.
- `NAME.all.dis` (and `NAME.all.diserr`): for files holding more than the
  first pickle, the output of
  `f = open(FILE, 'rb')` / `while f.peek(1): pickletools.dis(f)`.
  For other files that loop prints exactly what `NAME.dis` holds.
- `NAME.plain.json`: for fixtures whose first pickle uses only builtin types
  (no globals besides `builtins`, `copyreg` and `_codecs`; no persistent ids,
  extension codes or out-of-band buffers), CPython's own reading of it
  (`pickle._Unpickler` with its defaults, so `encoding="ASCII"` for Python 2
  `str`: fixtures that reading rejects have no `.plain.json`), converted to
  plain JSON as below. This is the oracle for pklx's JSON export.
- `opcodes_stack.txt`: pickletools' `stack_before -> stack_after` for every
  opcode; the decoder's tests check their copy of it.

## The plain JSON rules

- `None`, `bool`, `str` are JSON null, true/false, strings. The files are
  written with `ensure_ascii=True`: non-ASCII is `\\uXXXX`-escaped, and a lone
  surrogate is a lone `\\udXXX` escape.
- `int` is a JSON number with all its digits.
- A finite `float` is a JSON number written as Python's `repr` (shortest
  round-trip digits, e.g. `1e+16`, `5e-324`, `-0.0`); `nan`, `inf`, `-inf`
  are `{"$float": "nan"}`, `{"$float": "inf"}`, `{"$float": "-inf"}`.
- `bytes` is `{"$bytes": "<base64>"}`, `bytearray` is `{"$bytearray": "<base64>"}`
  (standard alphabet, padded).
- `list`, `tuple`, `set` and `frozenset` are arrays. Sets are in the order
  their items appear in the file (the generator loads sets as lists to keep
  that order; an item equal to an earlier one is dropped, as a set would).
- A `dict` whose keys are all `str`, `int`, `float`, `bool` or `None` is an
  object; keys are written as `json.dumps` writes them (`1` -> `"1"`,
  `True` -> `"true"`, `None` -> `"null"`, `1.5` -> `"1.5"`, nan -> `"NaN"`,
  inf -> `"Infinity"`). When two keys give the same string, the key keeps the
  position of the first and the value of the last. Any other dict is
  `{"$dict": [[key, value], ...]}` in dict order.
- A container that is reached again while inside itself (a cycle) is
  `{"$ref": "<pointer>"}`, where the pointer is `#` followed by the RFC 6901
  JSON pointer (`~` -> `~0`, `/` -> `~1`, no percent-encoding) of that
  ancestor in the JSON output: `#` is the root, `#/1/self` its key `self` of
  its item 1, `#/$dict/0/1` the value of the first pair of a `$dict`.
- An object shared without a cycle is written out in full at each place.
- Only the first pickle of a file is read, as `pickle.loads` does.

## Fixtures

| fixture | kind | bytes | files | opcodes | what it covers |
|---|---|---:|---|---:|---|
"""


def write_readme(rows):
    lines = [README_HEAD]
    for name, kind, size, description, files, ops in rows:
        lines.append("| `%s` | %s | %d | %s | %d | %s |\n"
                     % (name, kind, size, " ".join(f.lstrip(".") for f in files), len(ops),
                        description.replace("|", "\\|")))
    write(os.path.join(OUT, "README.md"), "".join(lines))


if __name__ == "__main__":
    main()
