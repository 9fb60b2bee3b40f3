"""Classes that scripts/gen_fixtures.py pickles into decoder/testdata.

They exist only so that the fixture corpus holds real CPython pickles of
user-defined objects (GLOBAL/STACK_GLOBAL, REDUCE, NEWOBJ, NEWOBJ_EX, BUILD
with dict and (dict, slots) state). The pickles name this module as
"fixture_classes"; pklx never imports or runs it, and neither should anything
that reads the fixtures.
"""

import collections
import dataclasses


class WithReduce:
    """Pickled through its own __reduce__: GLOBAL/STACK_GLOBAL + REDUCE."""

    def __init__(self, a, b):
        self.a = a
        self.b = b

    def __reduce__(self):
        return (WithReduce, (self.a, self.b))


class WithState:
    """__getstate__/__setstate__: BUILD with a dict that is not __dict__."""

    def __init__(self, x):
        self.x = x
        self.cache = object()

    def __getstate__(self):
        return {"x": self.x}

    def __setstate__(self, state):
        self.x = state["x"]
        self.cache = None


class WithSlots:
    """__slots__: BUILD with a (None, {slot: value}) state tuple."""

    __slots__ = ("p", "q")

    def __init__(self, p, q):
        self.p = p
        self.q = q


class Plain:
    """Default object pickling: copyreg._reconstructor (protocols 0-1) or
    NEWOBJ (2+), then BUILD with __dict__."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


class WithNewArgsEx:
    """__getnewargs_ex__ with keyword arguments: NEWOBJ_EX in protocol 4+."""

    def __new__(cls, a, *, b=0):
        self = super().__new__(cls)
        self.a = a
        self.b = b
        return self

    def __getnewargs_ex__(self):
        return ((self.a,), {"b": self.b})


class TaggedList(list):
    """A list subclass with an attribute: APPENDS into a NEWOBJ, then BUILD."""


class TaggedDict(dict):
    """A dict subclass: SETITEMS into a NEWOBJ."""


Point = collections.namedtuple("Point", "x y")


@dataclasses.dataclass
class Record:
    name: str
    tags: list
    score: float = 0.0
