#!/usr/bin/env python3
"""Write the hostile and broken fixtures in decoder/testdata/hostile and
decoder/testdata/broken, with the expected result of each.

Run from anywhere (any Python 3.8+):

    python3 scripts/gen_hostile.py

Every pickle here is assembled byte by byte by the Asm class below, one
method call per opcode, named after the opcode; the expected globals, calls
and offsets are written from that assembly, by hand, never from pklx's
output. This script NEVER unpickles anything: it imports neither pickle's
loaders nor anything that would; the benign pickles it compresses are
hand-assembled too. The compressed and archived fixtures use gzip, bz2,
zlib, lzma and zipfile, which only write bytes.

For each hostile fixture NAME it writes NAME.pkl and NAME.json:
    {"description", "source", "verdict",
     "complete": bool,
     "globals": [{"offset", "op", "global", "rating"}],   # in op order
     "calls": [{"offset", "op", "callable", "rating"}],    # in op order;
              callable is exact, or a prefix when it ends in "..."
     "after_failure": [{"offset", "op", "global", "rating"}]}

For each broken fixture NAME.EXT it writes NAME.json:
    {"description", "source", "file": NAME.EXT,
     "diagnosis": first diagnosis code, "title": its title,
     "codes": every diagnosis code expected somewhere in Diagnose's output,
     "sound": what pklx check says (exit 0 when true),
     "error": {"offset", "op", "cause"} or null (the first part's error),
     "recovered": [offsets of pickles Recover finds after the error]}

and broken/cpython_pickletester.json: the bad inputs of CPython's own
pickle test suite, Lib/test/pickletester.py (python/cpython at commit
57c984fab69b862563899d2c11da7d27201f4152), AbstractUnpickleTests:
test_bad_stack, test_bad_mark, test_truncated_data, test_misc_get,
test_negative_put, test_badly_escaped_string, test_badly_quoted_string,
test_bad_reduce, test_bad_newobj, test_bad_newobj_ex; each with the byte
string as hex, the opcode CPython fails on and its offset, and the class of
error (stack, truncated, memo, argument) that pklx must report.
"""

import bz2
import gzip
import io
import json
import lzma
import os
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOSTILE = os.path.join(ROOT, "decoder", "testdata", "hostile")
BROKEN = os.path.join(ROOT, "decoder", "testdata", "broken")


class Asm:
    """A pickle assembled op by op. Each method writes one opcode and its
    argument and returns the op's offset."""

    def __init__(self):
        self.b = bytearray()

    def _op(self, code, arg=b""):
        off = len(self.b)
        self.b += code + arg
        return off

    # Framing and control.
    def PROTO(self, v): return self._op(b"\x80", bytes([v]))
    def FRAME(self, n): return self._op(b"\x95", struct.pack("<Q", n))
    def STOP(self): return self._op(b".")
    def MARK(self): return self._op(b"(")
    def POP(self): return self._op(b"0")
    def DUP(self): return self._op(b"2")

    # Values.
    def NONE(self): return self._op(b"N")
    def NEWTRUE(self): return self._op(b"\x88")
    def NEWFALSE(self): return self._op(b"\x89")
    def INT(self, v): return self._op(b"I", b"%d\n" % v)
    def BININT1(self, v): return self._op(b"K", bytes([v]))
    def BININT(self, v): return self._op(b"J", struct.pack("<i", v))
    def LONG1(self, v):
        n = (v.bit_length() + 8) // 8
        return self._op(b"\x8a", bytes([n]) + v.to_bytes(n, "little", signed=True))
    def BINFLOAT(self, v): return self._op(b"G", struct.pack(">d", v))
    def STRING(self, s): return self._op(b"S", repr(s).encode() + b"\n")
    def UNICODE(self, s): return self._op(b"V", s.encode() + b"\n")
    def SHORT_BINUNICODE(self, s):
        e = s.encode()
        return self._op(b"\x8c", bytes([len(e)]) + e)
    def BINUNICODE(self, s):
        e = s.encode()
        return self._op(b"X", struct.pack("<I", len(e)) + e)
    def SHORT_BINBYTES(self, b): return self._op(b"C", bytes([len(b)]) + b)
    def BINBYTES(self, b): return self._op(b"B", struct.pack("<I", len(b)) + b)

    # Containers.
    def EMPTY_LIST(self): return self._op(b"]")
    def EMPTY_DICT(self): return self._op(b"}")
    def EMPTY_TUPLE(self): return self._op(b")")
    def TUPLE(self): return self._op(b"t")
    def TUPLE1(self): return self._op(b"\x85")
    def TUPLE2(self): return self._op(b"\x86")
    def TUPLE3(self): return self._op(b"\x87")
    def LIST(self): return self._op(b"l")
    def DICT(self): return self._op(b"d")
    def APPEND(self): return self._op(b"a")
    def APPENDS(self): return self._op(b"e")
    def SETITEM(self): return self._op(b"s")
    def SETITEMS(self): return self._op(b"u")

    # Memo.
    def PUT(self, k): return self._op(b"p", b"%d\n" % k)
    def GET(self, k): return self._op(b"g", b"%d\n" % k)
    def BINPUT(self, k): return self._op(b"q", bytes([k]))
    def BINGET(self, k): return self._op(b"h", bytes([k]))
    def LONG_BINPUT(self, k): return self._op(b"r", struct.pack("<I", k))
    def LONG_BINGET(self, k): return self._op(b"j", struct.pack("<I", k))
    def MEMOIZE(self): return self._op(b"\x94")

    # Globals and calls.
    def GLOBAL(self, m, n): return self._op(b"c", m.encode() + b"\n" + n.encode() + b"\n")
    def STACK_GLOBAL(self): return self._op(b"\x93")
    def INST(self, m, n): return self._op(b"i", m.encode() + b"\n" + n.encode() + b"\n")
    def OBJ(self): return self._op(b"o")
    def REDUCE(self): return self._op(b"R")
    def NEWOBJ(self): return self._op(b"\x81")
    def NEWOBJ_EX(self): return self._op(b"\x92")
    def BUILD(self): return self._op(b"b")
    def EXT1(self, c): return self._op(b"\x82", bytes([c]))
    def EXT2(self, c): return self._op(b"\x83", struct.pack("<H", c))
    def BINPERSID(self): return self._op(b"Q")

    # Raw bytes that are no op (for broken input).
    def RAW(self, b): return self._op(b"", b)

    def bytes(self):
        return bytes(self.b)


def G(off, op, name, rating):
    return {"offset": off, "op": op, "global": name, "rating": rating}


def C(off, op, callable_, rating):
    return {"offset": off, "op": op, "callable": callable_, "rating": rating}


HOSTILE_FIXTURES = []


def hostile(fn):
    HOSTILE_FIXTURES.append(fn)
    return fn


# ---------------------------------------------------------------------------
# Hostile pickles: what pklx scan must flag.

@hostile
def os_system_global():
    """os.system('echo pwned') via GLOBAL, protocol 0: the classic payload."""
    a = Asm()
    g = a.GLOBAL("os", "system")
    a.MARK()
    a.STRING("echo pwned")
    a.TUPLE()
    r = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g, "GLOBAL", "os.system", "dangerous")], [C(r, "REDUCE", "os.system", "dangerous")]


@hostile
def posix_system_stack_global():
    """posix.system('id') via STACK_GLOBAL with MEMOIZE, protocol 4."""
    a = Asm()
    a.PROTO(4)
    a.SHORT_BINUNICODE("posix")
    a.MEMOIZE()
    a.SHORT_BINUNICODE("system")
    a.MEMOIZE()
    g = a.STACK_GLOBAL()
    a.MEMOIZE()
    a.SHORT_BINUNICODE("id")
    a.MEMOIZE()
    a.TUPLE1()
    a.MEMOIZE()
    r = a.REDUCE()
    a.MEMOIZE()
    a.STOP()
    return a, "dangerous", [G(g, "STACK_GLOBAL", "posix.system", "dangerous")], [C(r, "REDUCE", "posix.system", "dangerous")]


@hostile
def os_system_stack_global():
    """os.system via STACK_GLOBAL whose module and name strings come from
    the memo (BINGET), as a scanner reading only the ops before 0x93 sees
    two BINGETs; protocol 4 with a FRAME."""
    a = Asm()
    a.PROTO(4)
    a.FRAME(32)  # the 32 bytes after it, to the STOP
    a.SHORT_BINUNICODE("os")
    a.BINPUT(0)
    a.SHORT_BINUNICODE("system")
    a.BINPUT(1)
    a.POP()
    a.POP()
    a.EMPTY_LIST()
    a.BINGET(0)
    a.BINGET(1)
    g = a.STACK_GLOBAL()
    a.SHORT_BINUNICODE("id")
    a.TUPLE1()
    r = a.REDUCE()
    a.APPEND()
    a.STOP()
    return a, "dangerous", [G(g, "STACK_GLOBAL", "os.system", "dangerous")], [C(r, "REDUCE", "os.system", "dangerous")]


@hostile
def os_system_via_memo():
    """os.system stored in the memo inside harmless-looking data, then
    fetched with BINGET and called: a scanner that only looks at the op
    before REDUCE sees a BINGET."""
    a = Asm()
    a.PROTO(2)
    a.EMPTY_DICT()
    a.BINPUT(0)
    a.BINUNICODE("handler")
    g = a.GLOBAL("os", "system")
    a.BINPUT(1)
    a.SETITEM()
    a.POP()
    a.BINGET(1)
    a.BINUNICODE("touch /tmp/pklx-pwned")
    a.TUPLE1()
    r = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g, "GLOBAL", "os.system", "dangerous")], [C(r, "REDUCE", "os.system", "dangerous")]


@hostile
def inst_os_system():
    """INST: the class of a protocol 0 instance is os.system, called with
    the items after the MARK."""
    a = Asm()
    a.MARK()
    a.STRING("echo pwned")
    i = a.INST("os", "system")
    a.STOP()
    return a, "dangerous", [G(i, "INST", "os.system", "dangerous")], [C(i, "INST", "os.system", "dangerous")]


@hostile
def obj_subprocess():
    """OBJ: MARK, the class (subprocess.check_output), its arguments, OBJ."""
    a = Asm()
    a.PROTO(1)
    a.MARK()
    g = a.GLOBAL("subprocess", "check_output")
    a.MARK()
    a.BINUNICODE("id")
    a.LIST()
    o = a.OBJ()
    a.STOP()
    return a, "dangerous", [G(g, "GLOBAL", "subprocess.check_output", "dangerous")], [C(o, "OBJ", "subprocess.check_output", "dangerous")]


@hostile
def ext_code_call():
    """EXT1 7 names a global through copyreg's extension registry, a table
    of the loading program: pklx cannot know it, so the call is unknown."""
    a = Asm()
    a.PROTO(2)
    e = a.EXT1(7)
    a.BINUNICODE("id")
    a.TUPLE1()
    r = a.REDUCE()
    a.STOP()
    return a, "unknown", [G(e, "EXT1", "extension code 7", "unknown")], [C(r, "REDUCE", "extension code 7", "unknown")]


@hostile
def dotted_module():
    """GLOBAL with a dotted module: os.path is os."""
    a = Asm()
    a.PROTO(2)
    g = a.GLOBAL("os.path", "expanduser")
    a.BINUNICODE("~")
    a.TUPLE1()
    r = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g, "GLOBAL", "os.path.expanduser", "dangerous")], [C(r, "REDUCE", "os.path.expanduser", "dangerous")]


@hostile
def dotted_qualname_globals():
    """STACK_GLOBAL with a protocol 4 dotted qualname that walks from a
    safe class to a function's globals: collections.OrderedDict.__init__.__globals__."""
    a = Asm()
    a.PROTO(4)
    a.SHORT_BINUNICODE("collections")
    a.SHORT_BINUNICODE("OrderedDict.__init__.__globals__")
    g = a.STACK_GLOBAL()
    a.STOP()
    return a, "dangerous", [G(g, "STACK_GLOBAL", "collections.OrderedDict.__init__.__globals__", "dangerous")], []


@hostile
def dotted_getattr_self():
    """STACK_GLOBAL builtins + getattr.__self__: the builtins module itself,
    reached through an attribute of getattr."""
    a = Asm()
    a.PROTO(4)
    a.SHORT_BINUNICODE("builtins")
    a.SHORT_BINUNICODE("getattr.__self__")
    g = a.STACK_GLOBAL()
    a.STOP()
    return a, "dangerous", [G(g, "STACK_GLOBAL", "builtins.getattr.__self__", "dangerous")], []


@hostile
def call_of_call():
    """getattr(__import__('os'), 'system')('id'): the last REDUCE calls the
    result of another call."""
    a = Asm()
    a.PROTO(2)
    g1 = a.GLOBAL("builtins", "getattr")
    g2 = a.GLOBAL("builtins", "__import__")
    a.BINUNICODE("os")
    a.TUPLE1()
    r1 = a.REDUCE()
    a.BINUNICODE("system")
    a.TUPLE2()
    r2 = a.REDUCE()
    a.BINUNICODE("id")
    a.TUPLE1()
    r3 = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g1, "GLOBAL", "builtins.getattr", "dangerous"), G(g2, "GLOBAL", "builtins.__import__", "dangerous")], [
        C(r1, "REDUCE", "builtins.__import__", "dangerous"),
        C(r2, "REDUCE", "builtins.getattr", "dangerous"),
        C(r3, "REDUCE", "result of call at offset %d" % r2, "dangerous")]


@hostile
def call_of_call_unknown():
    """A library factory's result called: pklx cannot know what it is."""
    a = Asm()
    a.PROTO(2)
    g = a.GLOBAL("mylib.plugins", "make_handler")
    a.EMPTY_TUPLE()
    r1 = a.REDUCE()
    a.EMPTY_TUPLE()
    r2 = a.REDUCE()
    a.STOP()
    return a, "unknown", [G(g, "GLOBAL", "mylib.plugins.make_handler", "unknown")], [
        C(r1, "REDUCE", "mylib.plugins.make_handler", "unknown"),
        C(r2, "REDUCE", "result of call at offset %d" % r1, "unknown")]


@hostile
def build_on_class():
    """BUILD on a class, not an instance: the (None, slotstate) state sets
    class attributes with setattr (here OrderedDict.__repr__)."""
    a = Asm()
    a.PROTO(2)
    g = a.GLOBAL("collections", "OrderedDict")
    a.NONE()
    a.EMPTY_DICT()
    a.BINUNICODE("__repr__")
    a.BINUNICODE("pwned")
    a.SETITEM()
    a.TUPLE2()
    b = a.BUILD()
    a.STOP()
    return a, "dangerous", [G(g, "GLOBAL", "collections.OrderedDict", "safe")], [
        C(b, "BUILD", "__setstate__ or setattr on collections.OrderedDict itself", "dangerous")]


@hostile
def reconstructor_dangerous_class():
    """copyreg._reconstructor (safe on its own, written as Python 2's
    copy_reg) handed a dangerous class: subprocess.Popen."""
    a = Asm()
    a.PROTO(2)
    g1 = a.GLOBAL("copy_reg", "_reconstructor")
    g2 = a.GLOBAL("subprocess", "Popen")
    g3 = a.GLOBAL("__builtin__", "object")
    a.NONE()
    a.TUPLE3()
    r = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g1, "GLOBAL", "copy_reg._reconstructor", "safe"), G(g2, "GLOBAL", "subprocess.Popen", "dangerous"),
                            G(g3, "GLOBAL", "__builtin__.object", "safe")], [
        C(r, "REDUCE", "copy_reg._reconstructor", "dangerous")]


@hostile
def dangerous_after_truncation():
    """A BINUNICODE whose length runs past the end of the file: decoding
    stops there, and the unread bytes hold a GLOBAL os.system payload."""
    a = Asm()
    a.PROTO(2)
    a.EMPTY_LIST()
    t = a._op(b"X", struct.pack("<I", 200))
    payload = a.GLOBAL("os", "system")
    a.MARK()
    a.STRING("echo pwned")
    a.TUPLE()
    a.REDUCE()
    a.STOP()
    return a, "dangerous", [], [], [G(payload, "GLOBAL", "os.system", "dangerous")], False


@hostile
def dangerous_after_bad_opcode():
    """An invalid opcode byte, then a protocol 4 STACK_GLOBAL payload for
    builtins.exec: decoding stops at the bad byte."""
    a = Asm()
    a.PROTO(4)
    a.NONE()
    a.RAW(b"\xff")
    s = a.SHORT_BINUNICODE("builtins")
    a.MEMOIZE()
    a.SHORT_BINUNICODE("exec")
    a.MEMOIZE()
    a.STACK_GLOBAL()
    a.SHORT_BINUNICODE("import os")
    a.TUPLE1()
    a.REDUCE()
    a.STOP()
    return a, "dangerous", [], [], [G(s, "STACK_GLOBAL", "builtins.exec", "dangerous")], False


@hostile
def eval_exec():
    """__builtin__.eval (Python 2 name) and builtins.exec, both called."""
    a = Asm()
    a.PROTO(2)
    g1 = a.GLOBAL("__builtin__", "eval")
    a.BINUNICODE("1+1")
    a.TUPLE1()
    r1 = a.REDUCE()
    a.POP()
    g2 = a.GLOBAL("builtins", "exec")
    a.BINUNICODE("import os")
    a.TUPLE1()
    r2 = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g1, "GLOBAL", "__builtin__.eval", "dangerous"), G(g2, "GLOBAL", "builtins.exec", "dangerous")], [
        C(r1, "REDUCE", "__builtin__.eval", "dangerous"), C(r2, "REDUCE", "builtins.exec", "dangerous")]


@hostile
def subprocess_popen_newobj():
    """subprocess.Popen(['id']) through NEWOBJ (cls.__new__), then BUILD."""
    a = Asm()
    a.PROTO(2)
    g = a.GLOBAL("subprocess", "Popen")
    a.EMPTY_LIST()
    a.BINUNICODE("id")
    a.APPEND()
    a.TUPLE1()
    n = a.NEWOBJ()
    a.EMPTY_DICT()
    b = a.BUILD()
    a.STOP()
    return a, "dangerous", [G(g, "GLOBAL", "subprocess.Popen", "dangerous")], [
        C(n, "NEWOBJ", "subprocess.Popen", "dangerous"),
        C(b, "BUILD", "__setstate__ of subprocess.Popen...", "dangerous")]


@hostile
def builtins_getattr():
    """builtins.getattr(collections.OrderedDict, 'fromkeys'): a safe class
    handed to getattr is still a getattr call."""
    a = Asm()
    a.PROTO(2)
    g1 = a.GLOBAL("builtins", "getattr")
    g2 = a.GLOBAL("collections", "OrderedDict")
    a.BINUNICODE("fromkeys")
    a.TUPLE2()
    r = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g1, "GLOBAL", "builtins.getattr", "dangerous"), G(g2, "GLOBAL", "collections.OrderedDict", "safe")], [
        C(r, "REDUCE", "builtins.getattr", "dangerous")]


@hostile
def operator_attrgetter():
    """operator.attrgetter('system')(__import__('os'))('id')."""
    a = Asm()
    a.PROTO(2)
    g1 = a.GLOBAL("operator", "attrgetter")
    a.BINUNICODE("system")
    a.TUPLE1()
    r1 = a.REDUCE()
    g2 = a.GLOBAL("builtins", "__import__")
    a.BINUNICODE("os")
    a.TUPLE1()
    r2 = a.REDUCE()
    a.TUPLE1()
    r3 = a.REDUCE()
    a.BINUNICODE("id")
    a.TUPLE1()
    r4 = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g1, "GLOBAL", "operator.attrgetter", "dangerous"), G(g2, "GLOBAL", "builtins.__import__", "dangerous")], [
        C(r1, "REDUCE", "operator.attrgetter", "dangerous"),
        C(r2, "REDUCE", "builtins.__import__", "dangerous"),
        C(r3, "REDUCE", "result of call at offset %d" % r1, "dangerous"),
        C(r4, "REDUCE", "result of call at offset %d" % r3, "dangerous")]


@hostile
def importlib_import_module():
    """importlib.import_module('os'), protocol 4 STACK_GLOBAL."""
    a = Asm()
    a.PROTO(4)
    a.SHORT_BINUNICODE("importlib")
    a.SHORT_BINUNICODE("import_module")
    g = a.STACK_GLOBAL()
    a.SHORT_BINUNICODE("os")
    a.TUPLE1()
    r = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g, "STACK_GLOBAL", "importlib.import_module", "dangerous")], [C(r, "REDUCE", "importlib.import_module", "dangerous")]


@hostile
def pydoc_locate():
    """pydoc.locate('os.system')('id'): locate imports and walks any name."""
    a = Asm()
    a.PROTO(2)
    g = a.GLOBAL("pydoc", "locate")
    a.BINUNICODE("os.system")
    a.TUPLE1()
    r1 = a.REDUCE()
    a.BINUNICODE("id")
    a.TUPLE1()
    r2 = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g, "GLOBAL", "pydoc.locate", "dangerous")], [
        C(r1, "REDUCE", "pydoc.locate", "dangerous"), C(r2, "REDUCE", "result of call at offset %d" % r1, "dangerous")]


@hostile
def pkgutil_resolve_name():
    """pkgutil.resolve_name('os:system')('id')."""
    a = Asm()
    a.PROTO(2)
    g = a.GLOBAL("pkgutil", "resolve_name")
    a.BINUNICODE("os:system")
    a.TUPLE1()
    r1 = a.REDUCE()
    a.BINUNICODE("id")
    a.TUPLE1()
    r2 = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g, "GLOBAL", "pkgutil.resolve_name", "dangerous")], [
        C(r1, "REDUCE", "pkgutil.resolve_name", "dangerous"), C(r2, "REDUCE", "result of call at offset %d" % r1, "dangerous")]


@hostile
def marshal_function():
    """types.FunctionType(marshal.loads(<code bytes>), {})(): a function
    built from bytecode, then called. The code bytes are a placeholder."""
    a = Asm()
    a.PROTO(3)
    g1 = a.GLOBAL("types", "FunctionType")
    g2 = a.GLOBAL("marshal", "loads")
    a.SHORT_BINBYTES(b"\xe3placeholder-not-real-bytecode")
    a.TUPLE1()
    r1 = a.REDUCE()
    a.EMPTY_DICT()
    a.TUPLE2()
    r2 = a.REDUCE()
    a.EMPTY_TUPLE()
    r3 = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g1, "GLOBAL", "types.FunctionType", "dangerous"), G(g2, "GLOBAL", "marshal.loads", "dangerous")], [
        C(r1, "REDUCE", "marshal.loads", "dangerous"), C(r2, "REDUCE", "types.FunctionType", "dangerous"),
        C(r3, "REDUCE", "result of call at offset %d" % r2, "dangerous")]


@hostile
def runpy_run_code():
    """runpy._run_code('import os', {})."""
    a = Asm()
    a.PROTO(2)
    g = a.GLOBAL("runpy", "_run_code")
    a.BINUNICODE("import os")
    a.EMPTY_DICT()
    a.TUPLE2()
    r = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g, "GLOBAL", "runpy._run_code", "dangerous")], [C(r, "REDUCE", "runpy._run_code", "dangerous")]


def torch_state_dict():
    """A torch.save-style data.pkl (protocol 2): an OrderedDict holding one
    2x2 float tensor rebuilt by torch._utils._rebuild_tensor_v2 from a
    persistent storage ('storage', torch.FloatStorage, '0', 'cpu', 4)."""
    a = Asm()
    a.PROTO(2)
    g1 = a.GLOBAL("collections", "OrderedDict")
    a.BINPUT(0)
    a.EMPTY_TUPLE()
    r1 = a.REDUCE()
    a.BINPUT(1)
    a.BINUNICODE("weight")
    a.BINPUT(2)
    g2 = a.GLOBAL("torch._utils", "_rebuild_tensor_v2")
    a.BINPUT(3)
    a.MARK()
    a.MARK()
    a.BINUNICODE("storage")
    g3 = a.GLOBAL("torch", "FloatStorage")
    a.BINUNICODE("0")
    a.BINUNICODE("cpu")
    a.BININT1(4)
    a.TUPLE()
    p = a.BINPERSID()
    a.BININT1(0)
    a.BININT1(2)
    a.BININT1(2)
    a.TUPLE2()
    a.BININT1(2)
    a.BININT1(1)
    a.TUPLE2()
    a.NEWFALSE()
    a.BINGET(0)
    a.EMPTY_TUPLE()
    r2 = a.REDUCE()
    a.TUPLE()
    r3 = a.REDUCE()
    a.SETITEM()
    a.STOP()
    globals_ = [G(g1, "GLOBAL", "collections.OrderedDict", "safe"), G(g2, "GLOBAL", "torch._utils._rebuild_tensor_v2", "safe"),
                G(g3, "GLOBAL", "torch.FloatStorage", "safe")]
    calls = [C(r1, "REDUCE", "collections.OrderedDict", "safe"), C(p, "BINPERSID", "persistent_load...", "safe"),
             C(r2, "REDUCE", "collections.OrderedDict", "safe"), C(r3, "REDUCE", "torch._utils._rebuild_tensor_v2", "safe")]
    return a, "safe", globals_, calls


hostile(torch_state_dict)


@hostile
def numpy_array_safe():
    """numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b') then
    BUILD with (1, (2,), dtype('f8'), False, <16 bytes>): how NumPy 1
    pickles an array (protocol 2)."""
    a = Asm()
    a.PROTO(2)
    g1 = a.GLOBAL("numpy.core.multiarray", "_reconstruct")
    g2 = a.GLOBAL("numpy", "ndarray")
    a.BININT1(0)
    a.TUPLE1()
    a.SHORT_BINBYTES(b"b")
    a.TUPLE3()
    r1 = a.REDUCE()
    a.MARK()
    a.BININT1(1)
    a.BININT1(2)
    a.TUPLE1()
    g3 = a.GLOBAL("numpy", "dtype")
    a.BINUNICODE("f8")
    a.NEWFALSE()
    a.NEWTRUE()
    a.TUPLE3()
    r2 = a.REDUCE()
    a.MARK()
    a.BININT1(3)
    a.BINUNICODE("<")
    a.NONE()
    a.NONE()
    a.NONE()
    a.BININT(-1)
    a.BININT(-1)
    a.BININT1(0)
    a.TUPLE()
    b1 = a.BUILD()
    a.NEWFALSE()
    a.SHORT_BINBYTES(b"\x00" * 16)
    a.TUPLE()
    b2 = a.BUILD()
    a.STOP()
    return a, "safe", [G(g1, "GLOBAL", "numpy.core.multiarray._reconstruct", "safe"), G(g2, "GLOBAL", "numpy.ndarray", "safe"),
                       G(g3, "GLOBAL", "numpy.dtype", "safe")], [
        C(r1, "REDUCE", "numpy.core.multiarray._reconstruct", "safe"), C(r2, "REDUCE", "numpy.dtype", "safe"),
        C(b1, "BUILD", "__setstate__ of numpy.dtype...", "safe"),
        C(b2, "BUILD", "__setstate__ of numpy.core.multiarray._reconstruct...", "safe")]


@hostile
def memo_bomb_call_of_call():
    """A memo bomb: 40 levels, each a tuple of the previous level fetched
    twice from the memo (2**40 leaves if expanded), over os.system; an
    unknown factory gets the top level and its result is called. Listing
    and rating must stay linear."""
    a = Asm()
    a.PROTO(2)
    g = a.GLOBAL("os", "system")
    a.BINPUT(0)
    a.POP()
    for k in range(1, 41):
        a.BINGET(k - 1)
        a.BINGET(k - 1)
        a.TUPLE2()
        a.BINPUT(k)
        a.POP()
    f = a.GLOBAL("mylib", "factory")
    a.BINGET(40)
    a.TUPLE1()
    r1 = a.REDUCE()
    a.EMPTY_TUPLE()
    r2 = a.REDUCE()
    a.STOP()
    return a, "dangerous", [G(g, "GLOBAL", "os.system", "dangerous"), G(f, "GLOBAL", "mylib.factory", "unknown")], [
        C(r1, "REDUCE", "mylib.factory", "unknown"),
        C(r2, "REDUCE", "result of call at offset %d" % r1, "dangerous")]


@hostile
def plain_data():
    """Plain data with no globals: a dict of a list, protocol 2."""
    a = Asm()
    a.PROTO(2)
    a.EMPTY_DICT()
    a.BINUNICODE("scores")
    a.EMPTY_LIST()
    a.MARK()
    a.BININT1(1)
    a.BININT1(2)
    a.APPENDS()
    a.SETITEM()
    a.STOP()
    return a, "safe", [], []


# ---------------------------------------------------------------------------
# Broken files and files that are not pickles.

BROKEN_FIXTURES = []


def broken(name, ext, data, description, diagnosis, title, sound=False, error=None, recovered=(), codes=(), source="handmade"):
    BROKEN_FIXTURES.append(dict(name=name, ext=ext, data=data, description=description, diagnosis=diagnosis,
                                title=title, sound=sound, error=error, recovered=list(recovered),
                                codes=sorted(set(codes) | {diagnosis}), source=source))


def benign():
    """{'name': 'pklx', 'values': [1, 2, 3]}, protocol 2, hand-assembled."""
    a = Asm()
    a.PROTO(2)
    a.EMPTY_DICT()
    a.BINPUT(0)
    a.MARK()
    a.BINUNICODE("name")
    a.BINUNICODE("pklx")
    a.BINUNICODE("values")
    a.EMPTY_LIST()
    a.MARK()
    a.BININT1(1)
    a.BININT1(2)
    a.BININT1(3)
    a.APPENDS()
    a.SETITEMS()
    a.STOP()
    return a.bytes()


def benign_p0():
    """{'name': 'pklx', 'n': 1}, protocol 0, hand-assembled (text)."""
    a = Asm()
    a.MARK()
    a.DICT()
    a.PUT(0)
    a.UNICODE("name")
    a.PUT(1)
    a.UNICODE("pklx")
    a.PUT(2)
    a.SETITEM()
    a.UNICODE("n")
    a.PUT(3)
    a.INT(1)
    a.SETITEM()
    a.STOP()
    return a.bytes()


def make_broken():
    b = benign()
    broken("gzip_pickle", "pkl.gz", gzip.compress(b, mtime=0), "gzip.compress(benign protocol 2 pickle)",
           "gzip", "The file is gzip-compressed", sound=True, codes=["pickle"])
    broken("bz2_pickle", "pkl.bz2", bz2.compress(b), "bz2.compress(benign pickle)",
           "bz2", "The file is bz2-compressed", sound=True, codes=["pickle"])
    broken("zlib_pickle", "pkl.z", zlib.compress(b), "zlib.compress(benign pickle)",
           "zlib", "The file is zlib-compressed", sound=True, codes=["pickle"])
    broken("xz_pickle", "pkl.xz", lzma.compress(b), "lzma.compress(benign pickle): xz, which pklx only recognises",
           "xz", "The file is xz-compressed", error={"offset": 0, "op": "", "cause": "unknown opcode"})
    broken("lz4_frame", "pkl.lz4", b"\x04\x22\x4d\x18\x64\x40\xa7" + b"\x00" * 8, "LZ4 frame magic and header, no data",
           "lz4", "The file is LZ4 (frame format)-compressed", error={"offset": 0, "op": "", "cause": "unknown opcode"})
    # A torch.save-style zip: archive/data.pkl, archive/data/0, archive/version.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, content in [("archive/data.pkl", torch_state_dict()[0].bytes()), ("archive/data/0", b"\x00" * 16),
                              ("archive/version", b"3\n")]:
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(zi, content)
    broken("torch_zip", "pt", buf.getvalue(), "a torch.save-style zip (archive/data.pkl from the torch_state_dict hostile fixture)",
           "pytorch-zip", "This is a PyTorch checkpoint (torch.save zip)", sound=True)
    broken("torch_zip_cut", "pt", buf.getvalue()[:400], "the torch.save-style zip cut at 400 bytes: no central directory",
           "zip-damaged", "A zip archive without its directory (cut short?)", codes=["pickle"])
    header = b"{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }"
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    broken("npy_float", "npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + b"\x00" * 16,
           "numpy.save of a float64 array of 2 zeros (header written by hand)", "npy", "This is a NumPy .npy array, not a pickle")
    header = b"{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    p = Asm()
    p.PROTO(3)
    p.EMPTY_LIST()
    p.BINUNICODE("object")
    p.APPEND()
    p.STOP()
    broken("npy_object", "npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + p.bytes(),
           "an object .npy: header, then a protocol 3 pickle (hand-assembled)", "npy-object",
           "This is a NumPy .npy array of Python objects", sound=True)
    broken("html_page", "pkl", b"<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>Sign in</title></head>\n<body>Please sign in to download model.pkl</body>\n</html>\n",
           "an HTML login page saved as model.pkl", "html", "This is an HTML page, not a pickle")
    broken("lfs_pointer", "pkl", b"version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n",
           "a Git LFS pointer committed in place of model.pkl", "git-lfs", "This is a Git LFS pointer, not the file")
    broken("hdf5_magic", "pkl", b"\x89HDF\r\n\x1a\n" + b"\x00" * 56, "the HDF5 signature and a zeroed superblock",
           "hdf5", "This is an HDF5 file")
    p0 = benign_p0()
    broken("crlf_p0", "pkl", p0.replace(b"\n", b"\r\n"), "a protocol 0 pickle with every LF turned into CRLF",
           "crlf", "Line ends were converted to CRLF", error={"offset": 2, "op": "PUT", "cause": "bad argument"})
    broken("truncated_no_stop", "pkl", b[:-1], "the benign pickle without its STOP",
           "truncated", "The file was cut short (no STOP)", error={"offset": len(b) - 1, "op": "", "cause": "pickle exhausted before STOP"})
    cut = b.index(b"values") + 3
    broken("truncated_arg", "pkl", b[:cut], "the benign pickle cut inside BINUNICODE 'values'",
           "truncated", "The file was cut short", error={"offset": b.index(b"values") - 5, "op": "BINUNICODE", "cause": "pickle exhausted before STOP"})
    broken("trailing_zeros", "pkl", b + b"\x00" * 64, "the benign pickle and 64 zero bytes",
           "pickle", "A sound pickle (protocol 2)", sound=True, codes=["trailing-data"])
    broken("trailing_text", "pkl", b + b"# appended by an editor\n", "the benign pickle and a line of text",
           "pickle", "A sound pickle (protocol 2)", sound=True, codes=["trailing-data"])
    # Three pickles: A sound, B damaged (an invalid byte), C sound after it.
    a2 = Asm()
    a2.PROTO(2)
    a2.EMPTY_LIST()
    a2.BININT1(1)
    a2.RAW(b"\xff")
    a2.APPEND()
    a2.STOP()
    damaged = a2.bytes()
    c_off = len(b) + len(damaged)
    broken("damaged_middle", "pkl", b + damaged + b, "benign pickle, a second pickle with an invalid byte, the benign pickle again",
           "bad-opcode", "A byte that is no opcode: the file is damaged here",
           error={"offset": len(b) + 5, "op": "", "cause": "unknown opcode"}, recovered=[c_off])
    n2 = Asm()
    n2.PROTO(2)
    g = n2.GLOBAL("numpy._core.multiarray", "_reconstruct")
    n2.GLOBAL("numpy", "ndarray")
    n2.BININT1(0)
    n2.TUPLE1()
    n2.SHORT_BINBYTES(b"b")
    n2.TUPLE3()
    n2.REDUCE()
    n2.STOP()
    broken("numpy2_core", "pkl", n2.bytes(), "an array pickled by NumPy 2 (numpy._core.multiarray._reconstruct), hand-assembled",
           "pickle", "A sound pickle (protocol 2)", sound=True, codes=["numpy2"])
    broken("apple_pkl", "pkl", b'/// Settings for the web app.\nmodule com.example.AppConfig\n\namends "pkl:Project"\n\nimport "pkl:json"\n\nname = "web"\nport: Int = 8080\n\nclass Endpoint {\n  path: String\n}\n',
           "an Apple Pkl configuration file (pkl-lang.org) named .pkl", "apple-pkl", "This is an Apple Pkl configuration file, not a Python pickle")
    broken("json_file", "pkl", b'{"model": "resnet", "layers": [1, 2, 3]}\n', "JSON text saved as .pkl", "json", "This is a JSON file, not a pickle")
    broken("csv_file", "pkl", b"id,name,score\n1,ann,0.5\n2,bob,0.7\n3,cid,0.9\n", "CSV text saved as .pkl", "csv", "This is a CSV (delimited text) file, not a pickle")
    broken("text_file", "pkl", b"Model weights will be uploaded here soon.\nPlease check back later!\n", "a plain text note saved as .pkl",
           "text", "This is a text file, not a pickle")
    broken("empty", "pkl", b"", "an empty file", "empty", "The file is empty")
    broken("not_pickle", "bin", b"\xff\xfe\x00\x01binary junk\x07\x08", "binary data that is no known format",
           "not-pickle", "This is not a pickle", error={"offset": 0, "op": "", "cause": "unknown opcode"})
    bl = Asm()
    bl.PROTO(4)
    bl._op(b"\x8e", struct.pack("<Q", 1 << 62))
    bl.RAW(b"abc")
    broken("length_2_62", "pkl", bl.bytes(), "BINBYTES8 claiming 2**62 bytes", "bad-length", "A length field is corrupt",
           error={"offset": 2, "op": "BINBYTES8", "cause": "pickle exhausted before STOP"})
    fl = Asm()
    fl.PROTO(4)
    fl.FRAME(1 << 40)
    fl.NONE()
    fl.STOP()
    broken("frame_lies", "pkl", fl.bytes(), "a FRAME claiming 2**40 bytes before two real ops", "bad-length", "A length field is corrupt",
           error={"offset": 2, "op": "FRAME", "cause": "pickle exhausted before STOP"})
    mk = Asm()
    for _ in range(10):
        mk.MARK()
    mk.NONE()
    mk.BINPUT(0)
    broken("mark_never_closed", "pkl", mk.bytes(), "ten MARKs never closed and no STOP",
           "truncated", "The file was cut short (no STOP)", error={"offset": 13, "op": "", "cause": "pickle exhausted before STOP"})
    broken("png_image", "pkl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG signature and header start", "png", "This is a PNG image")
    hdr = b'{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'
    broken("safetensors_file", "pkl", struct.pack("<Q", len(hdr)) + hdr + b"\x00" * 4, "a minimal safetensors file",
           "safetensors", "This is a safetensors file")
    mr = Asm()
    mr.PROTO(2)
    mr.EMPTY_LIST()
    mr.BINPUT(0)
    mr.STOP()
    first = mr.bytes()
    mr2 = Asm()
    mr2.PROTO(2)
    mr2.BINGET(0)
    mr2.STOP()
    broken("memo_reuse", "pkl", first + mr2.bytes(), "two dumps of one Pickler: the second refers to the first's memo",
           "memo", "The pickle refers to an object it never stored",
           error={"offset": len(first) + 2, "op": "BINGET", "cause": "memo key not found"})
    broken("protocol_6", "pkl", b"\x80\x06N.", "PROTO 6, newer than any Python writes", "unsupported", "A pickle from a newer format",
           error={"offset": 0, "op": "PROTO", "cause": "unsupported"})


# CPython's own bad inputs: Lib/test/pickletester.py, AbstractUnpickleTests
# (python/cpython, commit 57c984fab69b862563899d2c11da7d27201f4152).
# Each failing byte string is (prefix, failing op); the op at len(prefix)
# is the one CPython fails on, except where the data ends between ops.
PT_BAD_STACK = [  # test_bad_stack
    (b"", b"."), (b"", b"0"), (b"", b"1"), (b"", b"2"), (b"(", b"2"), (b"", b"R"), (b")", b"R"),
    (b"", b"a"), (b"N", b"a"), (b"", b"b"), (b"N", b"b"), (b"", b"d"), (b"", b"e"), (b"(", b"e"),
    (b"", b"ibuiltins\nlist\n"), (b"", b"l"), (b"", b"o"), (b"(", b"o"), (b"", b"p1\n"), (b"", b"q\x00"),
    (b"", b"r\x00\x00\x00\x00"), (b"", b"s"), (b"N", b"s"), (b"NN", b"s"), (b"", b"t"), (b"", b"u"),
    (b"(", b"u"), (b"}(N", b"u"), (b"", b"\x81"), (b")", b"\x81"), (b"", b"\x85"), (b"", b"\x86"),
    (b"N", b"\x86"), (b"", b"\x87"), (b"N", b"\x87"), (b"NN", b"\x87"), (b"", b"\x90"), (b"(", b"\x90"),
    (b"", b"\x91"), (b"", b"\x92"), (b")}", b"\x92"), (b"", b"\x93"), (b"Vlist\n", b"\x93"), (b"", b"\x94"),
]
PT_BAD_MARK = [  # test_bad_mark
    (b"N(", b"."), (b"N(", b"2"), (b"cbuiltins\nlist\n)(", b"R"), (b"cbuiltins\nlist\n()", b"R"),
    (b"]N(", b"a"), (b"cbuiltins\nValueError\n)R}(", b"b"), (b"cbuiltins\nValueError\n)R(}", b"b"),
    (b"(N", b"d"), (b"N(", b"p1\n"), (b"N(", b"q\x00"), (b"N(", b"r\x00\x00\x00\x00"), (b"}NN(", b"s"),
    (b"}N(N", b"s"), (b"}(NN", b"s"), (b"}((", b"u"), (b"cbuiltins\nlist\n)(", b"\x81"),
    (b"cbuiltins\nlist\n()", b"\x81"), (b"N(", b"\x85"), (b"NN(", b"\x86"), (b"N(N", b"\x86"),
    (b"NNN(", b"\x87"), (b"NN(N", b"\x87"), (b"N(NN", b"\x87"), (b"]((", b"\x90"),
    (b"cbuiltins\nlist\n)}(", b"\x92"), (b"cbuiltins\nlist\n)(}", b"\x92"), (b"cbuiltins\nlist\n()}", b"\x92"),
    (b"Vbuiltins\n(Vlist\n", b"\x93"), (b"Vbuiltins\nVlist\n(", b"\x93"), (b"N(", b"\x94"),
]
PT_TRUNCATED = [  # test_truncated_data: (prefix, the cut-short op); b"" and b"N" end between ops
    (b"", b"B"), (b"", b"B\x03\x00\x00"), (b"", b"B\x03\x00\x00\x00"), (b"", b"B\x03\x00\x00\x00ab"),
    (b"", b"C"), (b"", b"C\x03"), (b"", b"C\x03ab"), (b"", b"F"), (b"", b"F0.0"), (b"", b"F0.00"),
    (b"", b"G"), (b"", b"G\x00\x00\x00\x00\x00\x00\x00"), (b"", b"I"), (b"", b"I0"), (b"", b"J"),
    (b"", b"J\x00\x00\x00"), (b"", b"K"), (b"", b"L"), (b"", b"L0"), (b"", b"L10"), (b"", b"L0L"),
    (b"", b"L10L"), (b"", b"M"), (b"", b"M\x00"), (b"", b"S"), (b"", b"S'abc'"), (b"", b"T"),
    (b"", b"T\x03\x00\x00"), (b"", b"T\x03\x00\x00\x00"), (b"", b"T\x03\x00\x00\x00ab"), (b"", b"U"),
    (b"", b"U\x03"), (b"", b"U\x03ab"), (b"", b"V"), (b"", b"Vabc"), (b"", b"X"), (b"", b"X\x03\x00\x00"),
    (b"", b"X\x03\x00\x00\x00"), (b"", b"X\x03\x00\x00\x00ab"), (b"(", b"c"), (b"(", b"cbuiltins"),
    (b"(", b"cbuiltins\n"), (b"(", b"cbuiltins\nlist"), (b"N", b"g"), (b"N", b"g0"), (b"(", b"i"),
    (b"(", b"ibuiltins"), (b"(", b"ibuiltins\n"), (b"(", b"ibuiltins\nlist"), (b"N", b"h"), (b"N", b"j"),
    (b"N", b"j\x00\x00\x00"), (b"N", b"p"), (b"N", b"p0"), (b"N", b"q"), (b"N", b"r"), (b"N", b"r\x00\x00\x00"),
    (b"", b"\x80"), (b"", b"\x82"), (b"", b"\x83"), (b"", b"\x84\x01"), (b"", b"\x84"), (b"", b"\x84\x01\x00\x00"),
    (b"", b"\x8a"), (b"", b"\x8b"), (b"", b"\x8b\x00\x00\x00"), (b"", b"\x8c"), (b"", b"\x8c\x03"),
    (b"", b"\x8c\x03ab"), (b"", b"\x8d"), (b"", b"\x8d\x03\x00\x00\x00\x00\x00\x00"),
    (b"", b"\x8d\x03\x00\x00\x00\x00\x00\x00\x00"), (b"", b"\x8d\x03\x00\x00\x00\x00\x00\x00\x00ab"),
    (b"", b"\x8e"), (b"", b"\x8e\x03\x00\x00\x00\x00\x00\x00"), (b"", b"\x8e\x03\x00\x00\x00\x00\x00\x00\x00"),
    (b"", b"\x8e\x03\x00\x00\x00\x00\x00\x00\x00ab"), (b"", b"\x96"), (b"", b"\x96\x03\x00\x00\x00\x00\x00\x00"),
    (b"", b"\x96\x03\x00\x00\x00\x00\x00\x00\x00"), (b"", b"\x96\x03\x00\x00\x00\x00\x00\x00\x00ab"),
    (b"", b"\x95"), (b"", b"\x95\x02\x00\x00\x00\x00\x00\x00"), (b"", b"\x95\x02\x00\x00\x00\x00\x00\x00\x00"),
    (b"", b"\x95\x02\x00\x00\x00\x00\x00\x00\x00N"),
]
PT_MEMO = [  # test_misc_get: memo keys never stored
    (b"", b"g0\np0"), (b"", b"jens:"), (b"", b"hens:"),
]
PT_ARGUMENT = [  # test_negative_put, test_badly_escaped_string, test_badly_quoted_string
    (b"Va\n", b"p-1\n."), (b"", b"S'\\'\n."),
    (b"", b"S'\n."), (b"", b'S"\n.'), (b"", b"S' \n."), (b"", b'S" \n.'), (b"", b"S'\"\n."), (b"", b"S\"'\n."),
    (b"", b"S' ' \n."), (b"", b'S" " \n.'), (b"", b"S ''\n."), (b"", b'S ""\n.'), (b"", b"S \n."), (b"", b"S\n."),
    (b"", b"S."),
]
PT_CALL = [  # test_bad_reduce, test_bad_newobj, test_bad_newobj_ex: CPython's TypeError at call time;
    # the bytes are well formed, so a symbolic decoder reads them through.
    (b"", b"N)R."), (b"", b"cbuiltins\nint\nNR."), (b"", b"cbuiltins\nlen\n)\x81."), (b"", b"cbuiltins\nint\nN\x81."),
    (b"", b"cbuiltins\nlen\n)}\x92."), (b"", b"cbuiltins\nint\nN}\x92."), (b"", b"cbuiltins\nint\n)N\x92."),
]


def opname(b):
    names = {b"N": "NONE", b".": "STOP", b"0": "POP", b"1": "POP_MARK", b"2": "DUP", b"R": "REDUCE", b"a": "APPEND",
             b"b": "BUILD", b"d": "DICT", b"e": "APPENDS", b"i": "INST", b"l": "LIST", b"o": "OBJ",
             b"p": "PUT", b"q": "BINPUT", b"r": "LONG_BINPUT", b"s": "SETITEM", b"t": "TUPLE",
             b"u": "SETITEMS", b"\x81": "NEWOBJ", b"\x85": "TUPLE1", b"\x86": "TUPLE2", b"\x87": "TUPLE3",
             b"\x90": "ADDITEMS", b"\x91": "FROZENSET", b"\x92": "NEWOBJ_EX", b"\x93": "STACK_GLOBAL",
             b"\x94": "MEMOIZE", b"B": "BINBYTES", b"C": "SHORT_BINBYTES", b"F": "FLOAT", b"G": "BINFLOAT",
             b"I": "INT", b"J": "BININT", b"K": "BININT1", b"L": "LONG", b"M": "BININT2", b"S": "STRING",
             b"T": "BINSTRING", b"U": "SHORT_BINSTRING", b"V": "UNICODE", b"X": "BINUNICODE", b"c": "GLOBAL",
             b"g": "GET", b"h": "BINGET", b"j": "LONG_BINGET", b"\x80": "PROTO", b"\x82": "EXT1",
             b"\x83": "EXT2", b"\x84": "EXT4", b"\x8a": "LONG1", b"\x8b": "LONG4", b"\x8c": "SHORT_BINUNICODE",
             b"\x8d": "BINUNICODE8", b"\x8e": "BINBYTES8", b"\x96": "BYTEARRAY8", b"\x95": "FRAME"}
    return names[b[:1]]


def pickletester_cases():
    cases = []
    src = "CPython Lib/test/pickletester.py @57c984fa AbstractUnpickleTests."
    groups = [("test_bad_stack", "stack", PT_BAD_STACK), ("test_bad_mark", "stack", PT_BAD_MARK),
              ("test_truncated_data", "truncated", PT_TRUNCATED), ("test_misc_get", "memo", PT_MEMO),
              ("test_badly_quoted_string", "argument", PT_ARGUMENT), ("test_bad_reduce", "call", PT_CALL)]
    for test, cls, items in groups:
        for i, (prefix, op) in enumerate(items):
            data = prefix + op
            cases.append({"name": "%s_%02d" % (test[5:], i), "source": src + test, "hex": data.hex(),
                          "class": cls, "offset": len(prefix), "op": opname(op)})
    # The two end-of-data cases of test_truncated_data.
    cases.append({"name": "truncated_data_empty", "source": src + "test_truncated_data", "hex": "", "class": "truncated", "offset": 0, "op": ""})
    cases.append({"name": "truncated_data_N", "source": src + "test_truncated_data", "hex": "4e", "class": "truncated", "offset": 1, "op": ""})
    return cases


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")


def write_readmes():
    rows = ["# decoder/testdata/hostile: pickles that pklx scan must flag", "",
            "Generated by `python3 scripts/gen_hostile.py`; do not edit by hand. Every pickle is",
            "assembled op by op (one `Asm` method per opcode) and never unpickled; `NAME.json` holds",
            "the expected verdict, globals (offset, op, name, rating) and calls in load order,",
            "written from that assembly. `model/safety` tests compare `safety.Scan` with them.", "",
            "| fixture | bytes | verdict | what it is |", "|---|---:|---|---|"]
    for fn in HOSTILE_FIXTURES:
        res = fn()
        rows.append("| `%s` | %d | %s | %s |" % (fn.__name__, len(res[0].bytes()), res[1], " ".join(fn.__doc__.split())))
    with open(os.path.join(HOSTILE, "README.md"), "w") as f:
        f.write("\n".join(rows) + "\n")
    rows = ["# decoder/testdata/broken: files that are not sound pickles", "",
            "Generated by `python3 scripts/gen_hostile.py`; do not edit by hand. Each `NAME.json` holds",
            "the first diagnosis `decoder/diagnose` must give (code and title), the codes expected",
            "anywhere in `pklx check`'s report, whether check calls the file sound, the first part's",
            "decoding error (offset, op, cause) and the offsets of pickles recovered after it.",
            "`cpython_pickletester.json` holds the bad inputs of CPython's own test suite",
            "(Lib/test/pickletester.py at python/cpython 57c984fa) with the op and offset CPython fails on.", "",
            "| file | bytes | first diagnosis | sound | what it is |", "|---|---:|---|---|---|"]
    for fx in BROKEN_FIXTURES:
        rows.append("| `%s.%s` | %d | %s | %s | %s |" % (fx["name"], fx["ext"], len(fx["data"]), fx["diagnosis"],
                                                     "yes" if fx["sound"] else "no", fx["description"]))
    with open(os.path.join(BROKEN, "README.md"), "w") as f:
        f.write("\n".join(rows) + "\n")


def main():
    os.makedirs(HOSTILE, exist_ok=True)
    os.makedirs(BROKEN, exist_ok=True)
    for fn in HOSTILE_FIXTURES:
        res = fn()
        a, verdict, globals_, calls = res[:4]
        after = res[4] if len(res) > 4 else []
        complete = res[5] if len(res) > 5 else True
        name = fn.__name__
        write(os.path.join(HOSTILE, name + ".pkl"), a.bytes())
        write_json(os.path.join(HOSTILE, name + ".json"), {
            "description": " ".join(fn.__doc__.split()), "source": "handmade by scripts/gen_hostile.py",
            "verdict": verdict, "complete": complete, "globals": globals_, "calls": calls, "after_failure": after})
    make_broken()
    for fx in BROKEN_FIXTURES:
        fname = fx["name"] + "." + fx["ext"]
        write(os.path.join(BROKEN, fname), fx["data"])
        write_json(os.path.join(BROKEN, fx["name"] + ".json"), {
            "description": fx["description"], "source": fx["source"], "file": fname, "diagnosis": fx["diagnosis"],
            "title": fx["title"], "codes": fx["codes"], "sound": fx["sound"], "error": fx["error"], "recovered": fx["recovered"]})
    write_json(os.path.join(BROKEN, "cpython_pickletester.json"), pickletester_cases())
    write_readmes()
    print("hostile: %d fixtures, broken: %d fixtures, pickletester: %d cases" % (
        len(HOSTILE_FIXTURES), len(BROKEN_FIXTURES), len(pickletester_cases())))


if __name__ == "__main__":
    main()
