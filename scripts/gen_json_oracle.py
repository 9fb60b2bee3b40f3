#!/usr/bin/env python3
"""Make the fixtures of model/export's tests with CPython's own pickle.

    python3 scripts/gen_json_oracle.py [OUTDIR]     (default: model/export/testdata)

For every case it writes OUTDIR/NAME.pkl, made by pickle.dumps (or, for the
Python 2 cases, hand-written bytes that Python 3 loads with
encoding='latin1'). For cases made only of built-in types it also writes
OUTDIR/NAME.plain.json: Python's own reading of the pickle, converted by
to_plain() below, which implements the plain-mode rules of
model/export/README.md over the loaded object. These files are the oracle of
TestOracle: they are made by Python, never by our code.

The instance cases use classes from a throwaway module, "zoo", that this
script writes into a temporary directory and imports. Nothing here reads
the .pkl files back except to check that they load.

Run with python3 >= 3.8 (made with 3.11). The output is deterministic:
PYTHONHASHSEED is forced to 0 (the script re-executes itself) so that set
iteration order, and so the pickled order, is the same on every run.
"""

import base64
import collections
import copyreg
import datetime
import io
import json
import math
import os
import pickle
import pickletools
import sys
import tempfile

if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

ZOO = '''
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

class Slotted:
    __slots__ = ("a", "b")
    def __init__(self):
        self.a = 1
        self.b = [2]
    def __getstate__(self):
        return (None, {"a": self.a, "b": self.b})

class Both:
    __slots__ = ("a", "__dict__")
    def __init__(self):
        self.a = 1
        self.z = 3

class D(dict):
    pass

class L(list):
    pass

class Reduced:
    """__reduce__ returns (cls, args, state): REDUCE, then BUILD."""
    def __init__(self, n):
        self.n = n
    def __reduce__(self):
        return (Reduced, (self.n,), {"n": self.n, "extra": True})

class NewArgs:
    def __new__(cls, a, b=0):
        return object.__new__(cls)
    def __init__(self, a, b=0):
        self.a = a
    def __getnewargs__(self):
        return (self.a, 2)

class NewArgsEx:
    def __new__(cls, a, *, k=0):
        return object.__new__(cls)
    def __init__(self, a, *, k=0):
        self.a = a
    def __getnewargs_ex__(self):
        return ((self.a,), {"k": 5})

class TupleState:
    def __init__(self):
        self.v = 1
    def __getstate__(self):
        return (1, 2)
    def __setstate__(self, s):
        self.v = s

class Tree:
    def __init__(self, name, parent=None):
        self.name = name
        self.parent = parent
        self.children = []
        if parent is not None:
            parent.children.append(self)

class Dollar:
    def __init__(self):
        self.__dict__["$class"] = "x"
        self.ok = 1

def factory(x):
    return x
'''


def pointer(path):
    """An RFC 6901 pointer as a "#" fragment, not percent-encoded."""
    return "#" + "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)


def float_json(f):
    if math.isnan(f):
        return {"$float": "nan"}
    if math.isinf(f):
        return {"$float": "inf" if f > 0 else "-inf"}
    return f


def key_text(k):
    """A simple dict key as json.dumps writes it."""
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
        if math.isnan(k):
            return "NaN"
        if math.isinf(k):
            return "Infinity" if k > 0 else "-Infinity"
        return float.__repr__(k)
    raise TypeError(k)


def to_plain(obj, path=(), open_=None):
    """The plain-mode JSON value of a loaded object of built-in types.

    open_ maps id() of the containers being converted (the ancestors) to
    their paths: meeting one again is a cycle, written {"$ref": pointer}.
    A shared object that is not an ancestor is written again.
    """
    if open_ is None:
        open_ = {}
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return obj
    if isinstance(obj, float):
        return float_json(obj)
    if isinstance(obj, complex):
        return {"real": float_json(obj.real), "imag": float_json(obj.imag)}
    if isinstance(obj, bytes):
        return {"$bytes": base64.b64encode(obj).decode()}
    if isinstance(obj, bytearray):
        return {"$bytearray": base64.b64encode(bytes(obj)).decode()}
    if id(obj) in open_:
        return {"$ref": pointer(open_[id(obj)])}
    open_[id(obj)] = path
    try:
        if isinstance(obj, (list, tuple, set, frozenset)):
            return [to_plain(x, path + (i,), open_) for i, x in enumerate(obj)]
        if isinstance(obj, dict):
            simple = all(k is None or isinstance(k, (str, int, float)) for k in obj)
            texts = [key_text(k) for k in obj] if simple else []
            if simple and len(set(texts)) == len(texts):
                return {t: to_plain(v, path + (t,), open_) for t, v in zip(texts, obj.values())}
            return {"$dict": [[to_plain(k, path + ("$dict", i, 0), open_),
                               to_plain(v, path + ("$dict", i, 1), open_)]
                              for i, (k, v) in enumerate(obj.items())]}
    finally:
        del open_[id(obj)]
    raise TypeError("not a built-in type: %r" % type(obj))


# Python 2 pickles, written by hand as Python 2.7's pickle writes them.
PY2 = {
    # pickle.dumps({'a': [1, 2L, u'\xe9', 'x\xff', 1.5, None, True]}, 0) in Python 2.7:
    # (dp0 S'a' p1 (lp2 I1 a L2L a V<e9> p3 a S'x\xff' p4 a F1.5 a N a I01 a s .
    "py2_p0": b"(dp0\nS'a'\np1\n(lp2\nI1\naL2L\naV\xe9\np3\naS'x\\xff'\np4\naF1.5\naNaI01\nas.",
    # pickle.dumps(set([1]), 0) in Python 2.7: c__builtin__ set, ((lp1 I1 a t R.
    "py2_set_p0": b"c__builtin__\nset\np0\n((lp1\nI1\natp2\nRp3\n.",
    # pickle.dumps({'k': 'v\x00', 'n': 10L**20}, 2) in Python 2.7: SHORT_BINSTRING
    # strs, a LONG1 int.
    "py2_p2": b"\x80\x02}q\x00(U\x01kq\x01U\x02v\x00q\x02U\x01nq\x03\x8a\t\x00\x00\x10c-^\xc7k\x05q\x04u.",
}

# Python 2 instances of a class __main__.C (not loadable here: no oracle).
PY2_CLASSES = {
    # Old-style class, protocol 0: (i__main__ Old (dp1 S'x' I1 s b: INST, then BUILD.
    "py2_inst_p0": b"(i__main__\nOld\np0\n(dp1\nS'x'\np2\nI1\nsb.",
    # New-style class, protocol 1: copy_reg._reconstructor(C, object, None), BUILD {'x': 1}.
    "py2_reconstructor_p1": (b"ccopy_reg\n_reconstructor\nq\x00(c__main__\nC\nq\x01c__builtin__\nobject\n"
                             b"q\x02NtRq\x03}q\x04U\x01xK\x01sb."),
    # New-style class, protocol 2: NEWOBJ C(), BUILD {'x': 1} with a SHORT_BINSTRING key.
    "py2_newobj_p2": b"\x80\x02c__main__\nC\nq\x00)\x81q\x01}q\x02U\x01xq\x03K\x01sb.",
    # Old-style class, protocol 1: OBJ with one argument (MARK, class, 5, OBJ).
    "py2_obj_p1": b"(c__main__\nOld\nq\x00K\x05o}q\x01U\x01yK\x02sb.",
    # A Python 2 exception class name, mapped by NAME_MAPPING: exceptions.StandardError.
    "py2_exception_p0": b"cexceptions\nStandardError\np0\n.",
}


def cases(zoo):
    """name -> (object, protocols, builtin_only)."""
    shared = [1, 2]
    cyc = {"name": "d"}
    cyc["self"] = cyc
    lcyc = [1]
    lcyc.append(lcyc)
    deep = {"a": [{"b": None}]}
    deep["a"][0]["b"] = deep["a"]
    t_list = []
    tcyc = (t_list,)
    t_list.append(tcyc)
    root = zoo.Tree("root")
    zoo.Tree("kid", root)
    all_p = range(6)
    out = {
        "scalars": ([None, True, False, 0, -1, 255, 256, 65535, 65536, -2**31, 2**31, 2**53, 2**53 + 1,
                     -2**63, 2**63, 2**64, -2**100, 2**100], all_p, True),
        "floats": ([0.0, -0.0, 1.0, 3.0, 0.1, 1.5, 1e16, 1e15, 1234567890123456.0, 1e-05, 0.0001,
                    1e22, 1e300, -2.5e-300, 5e-324, 1.7976931348623157e308,
                    float("nan"), float("inf"), float("-inf")], all_p, True),
        "strs": (["", "plain", "caf\u00e9", "\u2603\U0001F600", 'q"\\/\b\f\n\r\t\x00\x1f\x7f',
                  "\u2028\u2029", "\\u0041", "a\ud800b", "\udfff"], all_p, True),
        "bytes": ([b"ab\xff", b"", bytearray(b"x\x00"), bytearray(), b"\x00" * 300], all_p, True),
        "sets": ([{1, 2, 3}, frozenset([4, 5]), set(), frozenset(), {"s"}], all_p, True),
        "tuples": ([(), (1,), (1, 2), (1, 2, 3), (1, (2, (3, ()))), [()]], all_p, True),
        "dict_keys": ({"s": 1, 2: "int", 2.5: "float", None: "none", True: "true",
                       2**70: "big", -0.5: "neg", float("inf"): "inf"}, all_p, True),
        "dict_collide": ({1: "int", "1": "str"}, all_p, True),
        "dict_tuple_keys": ({(1, 2): "t", "s": [1]}, all_p, True),
        "dict_bytes_keys": ({b"k": 1}, range(3, 6), True),
        "dict_dollar": ({"$class": "x", "~/": 1}, all_p, True),
        "cycle_dict": (cyc, all_p, True),
        "cycle_list": (lcyc, all_p, True),
        "cycle_deep": (deep, all_p, True),
        "cycle_tuple": (tcyc, all_p, True),
        "shared": ([shared, shared, {"again": shared}], all_p, True),
        "complex": ([1 + 2j, complex(float("nan"), -0.0)], all_p, True),
        "nested": ({"list": [1, [2, [3, []]]], "dict": {"d": {}}, "mix": [{"a": (1, {"b"})}]}, all_p, True),
        "point": (zoo.Point(1, [2]), all_p, False),
        "slotted": (zoo.Slotted(), all_p, False),
        "both": (zoo.Both(), range(2, 6), False),
        "dict_sub": (_dsub(zoo), all_p, False),
        "list_sub": (zoo.L([1, 2]), all_p, False),
        "reduced": (zoo.Reduced(7), all_p, False),
        "newargs": (zoo.NewArgs(1), all_p, False),
        "newargs_ex": (zoo.NewArgsEx(1), all_p, False),
        "tuple_state": (zoo.TupleState(), all_p, False),
        "tree": (root, all_p, False),
        "dollar_attr": (zoo.Dollar(), all_p, False),
        "ordereddict": (collections.OrderedDict([("b", 1), ("a", [2])]), all_p, False),
        "defaultdict": (collections.defaultdict(list, {"k": [1]}), all_p, False),
        "counter": (collections.Counter("aab"), all_p, False),
        "globals": ([zoo.Point, len, zoo.factory], all_p, False),
        "datetime": (datetime.date(2024, 2, 29), all_p, False),
    }
    return out


# Cases whose plain JSON is also written pretty-printed by json.dumps(indent=2).
INDENTED = {"nested_p4", "cycle_deep_p4", "dict_keys_p4", "floats_p4", "complex_p4", "tuples_p4"}


def _dsub(zoo):
    d = zoo.D(k=1)
    d.attr = 5
    return d


class PersPickler(pickle.Pickler):
    """Pickles "ext:NAME" strs as persistent ids: the text NAME (PERSID) at
    protocol 0, the tuple ("ext", NAME) (BINPERSID) above."""

    def __init__(self, f, protocol):
        super().__init__(f, protocol=protocol)
        self.text_ids = protocol == 0

    def persistent_id(self, obj):
        if isinstance(obj, str) and obj.startswith("ext:"):
            return obj[4:] if self.text_ids else ("ext", obj[4:])
        return None


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "model", "export", "testdata")
    out = os.path.normpath(out)
    os.makedirs(out, exist_ok=True)
    tmp = tempfile.mkdtemp()
    with open(os.path.join(tmp, "zoo.py"), "w") as f:
        f.write(ZOO)
    sys.path.insert(0, tmp)
    import zoo  # noqa: E402

    written = []

    def emit(name, data, plain=None):
        with open(os.path.join(out, name + ".pkl"), "wb") as f:
            f.write(data)
        written.append(name + ".pkl")
        if plain is not None:
            text = json.dumps(plain, allow_nan=False)
            with open(os.path.join(out, name + ".plain.json"), "w") as f:
                f.write(text + "\n")
            written.append(name + ".plain.json")
        if name in INDENTED:
            # json.dumps' own pretty printing: the golden for Options.Indent.
            text = json.dumps(plain, indent=2, ensure_ascii=False, allow_nan=False)
            with open(os.path.join(out, name + ".indent.json"), "w", encoding="utf-8") as f:
                f.write(text)
            written.append(name + ".indent.json")

    for name, (obj, protos, builtin) in cases(zoo).items():
        for proto in protos:
            data = pickle.dumps(obj, protocol=proto)
            back = pickle.loads(data)
            emit("%s_p%d" % (name, proto), data, to_plain(back) if builtin else None)

    # Persistent ids: PERSID (protocol 0) and BINPERSID (protocol 2).
    for proto in (0, 2):
        buf = io.BytesIO()
        PersPickler(buf, protocol=proto).dump(["ext:obj1", 2])
        emit("persid_p%d" % proto, buf.getvalue())

    # An extension code (EXT1).
    copyreg.add_extension("zoo", "Point", 240)
    try:
        emit("ext_p2", pickle.dumps([zoo.Point], protocol=2))
    finally:
        copyreg.remove_extension("zoo", "Point", 240)

    # Out-of-band buffers (protocol 5): a read-only one and a writable one.
    bufs = []
    data = pickle.dumps([pickle.PickleBuffer(b"ro"), pickle.PickleBuffer(bytearray(b"rw"))],
                        protocol=5, buffer_callback=bufs.append)
    emit("oob_p5", data)

    # Python 2 pickles, hand-written (see PY2 above).
    for name, data in PY2.items():
        emit(name, data, to_plain(pickle.loads(data, encoding="latin1")))
    for name, data in PY2_CLASSES.items():
        pickletools.dis(data, out=io.StringIO())  # well-formed, though not loadable here
        emit(name, data)

    print("wrote %d files to %s" % (len(written), out))


if __name__ == "__main__":
    main()
