package ml

import (
	"strings"

	"pklx/model"
)

// Graph is the read access recognisers need. *model.Pickle provides it
// through PickleGraph, and a decode in progress (decoder.Peek, used by
// container readers that must size raw data before the pickle is
// finished) has the same methods.
type Graph interface {
	Kind(n model.NodeID) model.Kind
	// Int is the value of an int or bool node.
	Int(n model.NodeID) int64
	// Text is the payload of a str, Python 2 str or bytes node.
	Text(n model.NodeID) (string, bool)
	// Edges are the node's edges in op order.
	Edges(n model.NodeID) []model.Edge
	// Global is the module and name of a global node, as written.
	Global(n model.NodeID) (module, name string)
}

// PickleGraph is p as a Graph.
func PickleGraph(p *model.Pickle) Graph { return pickleGraph{p} }

type pickleGraph struct{ p *model.Pickle }

// ok reports whether n is a node of the pickle: every method answers
// "nothing" for NoNode and out-of-range IDs.
func (g pickleGraph) ok(n model.NodeID) bool { return n >= 0 && int(n) < g.p.NumNodes() }

func (g pickleGraph) Kind(n model.NodeID) model.Kind {
	if !g.ok(n) {
		return model.KindInvalid
	}
	return g.p.Kind(n)
}

func (g pickleGraph) Int(n model.NodeID) int64 {
	if !g.ok(n) {
		return 0
	}
	return g.p.Int(n)
}

func (g pickleGraph) Edges(n model.NodeID) []model.Edge {
	if !g.ok(n) {
		return nil
	}
	return g.p.Edges(n)
}

func (g pickleGraph) Global(n model.NodeID) (string, string) {
	if g.Kind(n) != model.KindGlobal {
		return "", ""
	}
	return g.p.Global(n)
}

func (g pickleGraph) Text(n model.NodeID) (string, bool) {
	switch g.Kind(n) {
	case model.KindStr:
		return g.p.Str(n), true
	case model.KindStr8, model.KindBytes, model.KindByteArray:
		return string(g.p.Bytes(n)), true
	}
	return "", false
}

// py2Modules maps the Python 2 module names pickles of these libraries
// use to Python 3 ones.
var py2Modules = map[string]string{"__builtin__": "builtins", "copy_reg": "copyreg"}

// globalName is "module.name" of a global node, with Python 2 builtins
// mapped and NumPy 2's numpy._core read as numpy.core, or "".
func globalName(g Graph, n model.NodeID) string {
	if n < 0 || g.Kind(n) != model.KindGlobal {
		return ""
	}
	m, nm := g.Global(n)
	if v, ok := py2Modules[m]; ok {
		m = v
	}
	if m == "numpy._core" || strings.HasPrefix(m, "numpy._core.") {
		m = "numpy.core" + m[len("numpy._core"):]
	}
	return m + "." + nm
}

// role is n's first child with role r, or NoNode.
func role(g Graph, n model.NodeID, r model.Role) model.NodeID {
	if n < 0 {
		return model.NoNode
	}
	for _, e := range g.Edges(n) {
		if e.Key == r {
			return e.Val
		}
	}
	return model.NoNode
}

// lastRole is n's last child with role r (the state of the last BUILD).
func lastRole(g Graph, n model.NodeID, r model.Role) model.NodeID {
	if n < 0 {
		return model.NoNode
	}
	out := model.NoNode
	for _, e := range g.Edges(n) {
		if e.Key == r {
			out = e.Val
		}
	}
	return out
}

// callee is the "module.name" a call node calls, or "".
func callee(g Graph, n model.NodeID) string {
	if n < 0 || g.Kind(n) != model.KindCall {
		return ""
	}
	return globalName(g, role(g, n, model.RoleCallable))
}

// args are a call's positional arguments.
func args(g Graph, n model.NodeID) []model.NodeID {
	if n < 0 {
		return nil
	}
	var out []model.NodeID
	for _, e := range g.Edges(n) {
		switch e.Key {
		case model.RoleArgs:
			if g.Kind(e.Val) == model.KindTuple {
				out = append(out, items(g, e.Val)...)
			}
		case model.RoleArg:
			out = append(out, e.Val)
		}
	}
	return out
}

// items are the RoleItem children of a list, tuple or set.
func items(g Graph, n model.NodeID) []model.NodeID {
	if n < 0 {
		return nil
	}
	var out []model.NodeID
	for _, e := range g.Edges(n) {
		if e.Key == model.RoleItem {
			out = append(out, e.Val)
		}
	}
	return out
}

// entries are the dict entries of n (key >= 0), in order.
func entries(g Graph, n model.NodeID) []model.Edge {
	if n < 0 {
		return nil
	}
	var out []model.Edge
	for _, e := range g.Edges(n) {
		if e.Key >= 0 {
			out = append(out, e)
		}
	}
	return out
}

// get is the value of the last entry of dict n whose key is the str key.
func get(g Graph, n model.NodeID, key string) model.NodeID {
	out := model.NoNode
	if n < 0 {
		return out
	}
	for _, e := range g.Edges(n) {
		if e.Key < 0 {
			continue
		}
		if k, ok := text(g, e.Key); ok && k == key {
			out = e.Val
		}
	}
	return out
}

// text is the value of a str-like node.
func text(g Graph, n model.NodeID) (string, bool) {
	if n < 0 {
		return "", false
	}
	return g.Text(n)
}

// intOf is the value of an int or bool node.
func intOf(g Graph, n model.NodeID) (int64, bool) {
	if n < 0 {
		return 0, false
	}
	switch g.Kind(n) {
	case model.KindInt, model.KindBool:
		return g.Int(n), true
	}
	return 0, false
}

// ints reads a tuple or list of ints.
func ints(g Graph, n model.NodeID) ([]int64, bool) {
	if n < 0 {
		return nil, false
	}
	switch g.Kind(n) {
	case model.KindTuple, model.KindList:
	default:
		return nil, false
	}
	its := items(g, n)
	out := make([]int64, len(its))
	for i, it := range its {
		v, ok := intOf(g, it)
		if !ok {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

// isNone reports whether n is None (or absent).
func isNone(g Graph, n model.NodeID) bool { return n < 0 || g.Kind(n) == model.KindNone }

// instance is the class name and state of an object made the ways pickle
// makes instances: NEWOBJ/NEWOBJ_EX (cls.__new__), copyreg.__newobj__,
// copyreg._reconstructor(cls, object, None), INST/OBJ, or a class called
// with no arguments; state is the last BUILD's state (NoNode if none).
func instance(g Graph, n model.NodeID) (class string, state model.NodeID, ok bool) {
	if n < 0 || g.Kind(n) != model.KindCall {
		return "", model.NoNode, false
	}
	fn := role(g, n, model.RoleCallable)
	name := globalName(g, fn)
	a := args(g, n)
	switch name {
	case "copyreg.__newobj__", "copyreg._reconstructor", "copyreg.__newobj_ex__":
		if len(a) == 0 {
			return "", model.NoNode, false
		}
		name = globalName(g, a[0])
	}
	if name == "" {
		return "", model.NoNode, false
	}
	return name, lastRole(g, n, model.RoleState), true
}

// shortName is the last dotted part of a name.
func shortName(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}
