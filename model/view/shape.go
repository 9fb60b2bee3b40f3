package view

import (
	"pklx/model"
)

// Form is how a node is presented.
type Form uint8

// Forms.
const (
	FormScalar   Form = iota // a value with no children (numbers, strings, bytes, globals, ...)
	FormSeq                  // list, tuple, set, frozenset (also set(...) reconstructions)
	FormMap                  // dict
	FormInstance             // an object of a class, with its state as attributes
	FormCall                 // any other call: callable, arguments, state
	FormOther                // persistent ids and anything with parts that are not items
)

// Shape is what a node is, as a Python user would name it.
type Shape struct {
	Form Form
	// Type is "list", "dict", "int", ..., or "module.Name" for instances and
	// "module.func" for calls.
	Type string
	// Items is the node whose RoleItem edges are the sequence's items (the
	// node itself, or the list inside set(list)).
	Items model.NodeID
	// State is the dict whose entries are an instance's attributes (NoNode if
	// it has none).
	State model.NodeID
	// Slots is the slot-state dict of a BUILD (dict, slots) tuple, or NoNode.
	Slots model.NodeID
	// Callable is a call's callable node.
	Callable model.NodeID
	// Bytes holds a value rebuilt from a call (_codecs.encode(text,
	// 'latin1'), bytes(), bytearray(b)) when Type is "bytes" or "bytearray".
	Bytes []byte
	// Rebuilt is true when a call is shown as the builtin value it makes.
	Rebuilt bool
}

// py2 maps Python 2 module names to Python 3 ones, as CPython's
// _compat_pickle.IMPORT_MAPPING does for the modules pickles name most.
var py2Modules = map[string]string{
	"__builtin__": "builtins", "copy_reg": "copyreg", "Queue": "queue",
	"cPickle": "pickle", "_elementtree": "xml.etree.ElementTree",
	"exceptions": "builtins", "UserDict": "collections", "UserList": "collections",
	"UserString": "collections", "whichdb": "dbm", "StringIO": "io", "cStringIO": "io",
}

// GlobalName is the module and name of a global node, with Python 2 module
// names mapped to Python 3 ones (__builtin__ -> builtins, copy_reg ->
// copyreg, ...).
func GlobalName(p *model.Pickle, n model.NodeID) (module, name string) {
	module, name = p.Global(n)
	if m, ok := py2Modules[module]; ok {
		module = m
	}
	if module == "builtins" && name == "unicode" {
		name = "str"
	}
	return module, name
}

// globalOf is the "module.name" of n when n is a global, else "".
func globalOf(p *model.Pickle, n model.NodeID) string {
	if n < 0 || p.Kind(n) != model.KindGlobal {
		return ""
	}
	m, nm := GlobalName(p, n)
	return m + "." + nm
}

// argsOf lists a call's positional arguments: the items of its args tuple
// (REDUCE, NEWOBJ, NEWOBJ_EX) or its RoleArg edges (INST, OBJ).
func argsOf(p *model.Pickle, n model.NodeID) []model.NodeID {
	var out []model.NodeID
	for _, e := range p.Edges(n) {
		switch e.Key {
		case model.RoleArgs:
			if p.Kind(e.Val) == model.KindTuple {
				for _, it := range p.Edges(e.Val) {
					if it.Key == model.RoleItem {
						out = append(out, it.Val)
					}
				}
			}
		case model.RoleArg:
			out = append(out, e.Val)
		}
	}
	return out
}

// stateOf is the dict (and slot dict) given by a node's last BUILD.
func stateOf(p *model.Pickle, n model.NodeID) (state, slots model.NodeID, ok bool) {
	st := model.NoNode
	for _, e := range p.Edges(n) {
		if e.Key == model.RoleState {
			st = e.Val
		}
	}
	if st == model.NoNode {
		return model.NoNode, model.NoNode, true
	}
	switch p.Kind(st) {
	case model.KindDict:
		return st, model.NoNode, true
	case model.KindNone:
		return model.NoNode, model.NoNode, true
	case model.KindTuple:
		items := p.Edges(st)
		if len(items) == 2 {
			a, b := items[0].Val, items[1].Val
			ka, kb := p.Kind(a), p.Kind(b)
			if (ka == model.KindDict || ka == model.KindNone) && (kb == model.KindDict || kb == model.KindNone) {
				if ka == model.KindNone {
					a = model.NoNode
				}
				if kb == model.KindNone {
					b = model.NoNode
				}
				return a, b, true
			}
		}
	}
	return model.NoNode, model.NoNode, false
}

// ShapeOf classifies node n.
func ShapeOf(p *model.Pickle, n model.NodeID) Shape {
	nd := p.Node(n)
	s := Shape{Form: FormScalar, Type: nd.Kind.String(), Items: model.NoNode, State: model.NoNode,
		Slots: model.NoNode, Callable: model.NoNode}
	switch nd.Kind {
	case model.KindList, model.KindTuple, model.KindSet, model.KindFrozenSet:
		s.Form, s.Items = FormSeq, n
	case model.KindDict:
		s.Form = FormMap
	case model.KindStr8:
		s.Type = "str"
	case model.KindPersID:
		s.Type = "persistent id"
		if p.EdgeWithRole(n, model.RolePID) != model.NoNode {
			s.Form = FormOther
		}
	case model.KindExt:
		s.Type = "extension code"
	case model.KindBuffer:
		s.Type = "out-of-band buffer"
	case model.KindCall:
		return callShape(p, n, s)
	}
	return s
}

func callShape(p *model.Pickle, n model.NodeID, s Shape) Shape {
	fn := p.EdgeWithRole(n, model.RoleCallable)
	s.Callable = fn
	name := globalOf(p, fn)
	args := argsOf(p, n)
	hasEdges := false
	for _, e := range p.Edges(n) {
		if e.Key >= 0 || e.Key == model.RoleItem || e.Key == model.RoleState {
			hasEdges = true
		}
	}
	switch name {
	case "builtins.set", "builtins.frozenset":
		if !hasEdges && (len(args) == 0 || len(args) == 1 && p.Kind(args[0]) == model.KindList) {
			s.Form, s.Type, s.Rebuilt = FormSeq, name[len("builtins."):], true
			if len(args) == 1 {
				s.Items = args[0]
			}
			return s
		}
	case "_codecs.encode":
		if !hasEdges && len(args) == 2 && p.Kind(args[0]) == model.KindStr && p.Kind(args[1]) == model.KindStr {
			if enc := p.Str(args[1]); enc == "latin1" || enc == "latin-1" {
				rs := p.StrRunes(args[0])
				b := make([]byte, 0, len(rs))
				ok := true
				for _, r := range rs {
					if r > 0xff {
						ok = false
						break
					}
					b = append(b, byte(r))
				}
				if ok {
					s.Type, s.Bytes, s.Rebuilt = "bytes", b, true
					return s
				}
			}
		}
	case "builtins.bytes", "builtins.bytearray":
		if !hasEdges && len(args) <= 1 {
			kind := name[len("builtins."):]
			if len(args) == 0 {
				s.Type, s.Bytes, s.Rebuilt = kind, []byte{}, true
				return s
			}
			a := args[0]
			if sub := ShapeOf(p, a); sub.Bytes != nil {
				s.Type, s.Bytes, s.Rebuilt = kind, sub.Bytes, true
				return s
			}
			if k := p.Kind(a); k == model.KindBytes || k == model.KindByteArray {
				s.Type, s.Bytes, s.Rebuilt = kind, p.Bytes(a), true
				return s
			}
		}
	case "copyreg._reconstructor":
		if len(args) >= 1 && globalOf(p, args[0]) != "" {
			st, slots, ok := stateOf(p, n)
			if ok {
				s.Form, s.Type, s.State, s.Slots = FormInstance, globalOf(p, args[0]), st, slots
				return s
			}
		}
	}
	if name == "" {
		s.Type = "call"
		s.Form = FormCall
		return s
	}
	st, slots, ok := stateOf(p, n)
	op := p.CallOp(n)
	isClassCall := op == model.OpNewObj || op == model.OpNewObjEx || op == model.OpInst || op == model.OpObj
	if ok && (isClassCall || st != model.NoNode || slots != model.NoNode) && (len(args) == 0 || isClassCall) {
		s.Form, s.Type, s.State, s.Slots = FormInstance, name, st, slots
		return s
	}
	s.Form, s.Type = FormCall, name
	return s
}
