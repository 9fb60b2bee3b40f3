package export

import (
	"math"
	"math/big"
	"strings"
	"unicode/utf8"

	"pklx/model"
)

// callForm is how a call is written: an object whose first member (head:
// "$class", "$call", "$new" or "$inst") names the class or callable.
type callForm struct {
	head   keyID
	cls    model.NodeID // the class or callable node
	args   slot         // the "$args" member; key kNone for none
	kwargs model.NodeID // the "$kwargs" member; NoNode for none
	base   slot         // "$items" or "$entries" made by _reconstructor; key kNone for none
}

// openCall writes a call node (REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ).
func (e *enc) openCall(n model.NodeID, s summary) error {
	p := e.p
	op := p.CallOp(n)
	if op == model.OpReduce && e.isBareGlobal(s.callable) {
		mod, name := e.globalName(s.callable)
		if s.states+s.items+s.entries == 0 && s.kwargs == model.NoNode && e.openValueCall(n, s, mod, name) {
			return nil
		}
		if mod == "copyreg" {
			switch name {
			case "__newobj__":
				if e.openNewobj(n, s) {
					return nil
				}
			case "__newobj_ex__":
				if e.openNewobjEx(n, s) {
					return nil
				}
			case "_reconstructor":
				if !e.typed && e.openReconstructor(n, s) {
					return nil
				}
			}
		}
	}
	cf := callForm{cls: s.callable, kwargs: s.kwargs}
	switch op {
	case model.OpNewObj, model.OpNewObjEx:
		cf.head = kNew
		if !e.typed {
			cf.head = kClass
			if e.isEmptyDict(cf.kwargs) {
				cf.kwargs = model.NoNode
			}
		}
		cf.args = e.argsSlot(s.argsNode, 0, e.typed)
	case model.OpInst, model.OpObj:
		cf.head = kInst
		if !e.typed {
			cf.head = kClass
		}
		if e.typed || s.args > 0 {
			cf.args = slot{key: kArgs, kind: sSub, tmpl: tRole, node: n, a: model.RoleArg}
		}
	default: // REDUCE
		cf.head = kCall
		cf.args = e.argsSlot(s.argsNode, 0, true)
		if !e.typed && s.states > 0 {
			if _, hasDict, ok := e.mergeStates(n); ok && hasDict {
				cf.head = kClass
				cf.args = e.argsSlot(s.argsNode, 0, false)
			}
		}
	}
	e.pushCall(n, s, cf)
	return nil
}

// pushCall opens the object of a call: head, "$args", "$kwargs", then the
// BUILD state (merged into the object as attributes for a plain-mode
// instance when every state is a dict of str keys, else "$state" or
// "$states"), "$items" (APPENDS on the result) and "$entries" (SETITEMS on
// the result).
func (e *enc) pushCall(n model.NodeID, s summary, cf callForm) {
	var ss [8]slot
	k := 0
	if e.isBareGlobal(cf.cls) {
		if e.typed {
			ss[k] = slot{key: cf.head, kind: sGlobalPair, node: cf.cls}
		} else {
			ss[k] = slot{key: cf.head, kind: sName, node: cf.cls}
		}
	} else {
		ss[k] = slot{key: cf.head, kind: sNode, node: cf.cls}
	}
	k++
	if cf.args.key != kNone {
		ss[k] = cf.args
		k++
	}
	if cf.kwargs != model.NoNode {
		ss[k] = slot{key: kKwargs, kind: sNode, node: cf.kwargs}
		k++
	}
	merged := false
	if !e.typed && cf.head == kClass && s.states > 0 {
		if plan, _, ok := e.mergeStates(n); ok {
			ss[k] = slot{kind: qEntries, plan: plan, usePlan: true}
			k++
			merged = true
		}
	}
	if !merged {
		k += e.stateSlots(ss[k:], n, s)
	}
	if s.items > 0 {
		ss[k] = slot{key: kItems, kind: sSub, tmpl: tItems, node: n, node2: model.NoNode, a: int32(s.firstItem)}
		k++
	}
	if cf.base.key != kNone {
		ss[k] = cf.base
		k++
	}
	if s.entries > 0 {
		ss[k] = e.entriesSlot(n, model.NoNode)
		k++
	}
	e.push(true, n, ss[:k]...)
	if merged {
		e.registerStates(n)
	}
}

// argsSlot is the "$args" member for an argument tuple t: its items from
// item skip as an array (the tuple stands for that array), or, when t is not
// a plain tuple (or, in typed mode, is shared), t itself. With always false,
// an empty argument list gives no member (key kNone).
func (e *enc) argsSlot(t model.NodeID, skip int, always bool) slot {
	if t == model.NoNode {
		return slot{}
	}
	if e.inlineTuple(t) {
		if len(e.p.Edges(t)) <= skip && !always {
			return slot{}
		}
		return slot{key: kArgs, kind: sSub, tmpl: tItems, node: t, node2: t, a: int32(skip)}
	}
	return slot{key: kArgs, kind: sNode, node: t}
}

// inlineTuple reports whether tuple t may be written as the bare array of
// its items inside its call: it is a tuple with only items and, in typed
// mode, is reached only from the call.
func (e *enc) inlineTuple(t model.NodeID) bool {
	return t >= 0 && e.p.Node(t).Kind == model.KindTuple && e.onlyEdges(t, model.RoleItem) &&
		(!e.typed || !e.reachedTwice(t))
}

// smallArgs is the items of the argument tuple t when it may be inlined and
// holds at most three of them.
func (e *enc) smallArgs(t model.NodeID) (items [3]model.NodeID, n int, ok bool) {
	if !e.inlineTuple(t) {
		return items, 0, false
	}
	edges := e.p.Edges(t)
	if len(edges) > len(items) {
		return items, 0, false
	}
	for i, ed := range edges {
		items[i] = ed.Val
	}
	return items, len(edges), true
}

func (e *enc) isEmptyDict(n model.NodeID) bool {
	return n >= 0 && e.p.Node(n).Kind == model.KindDict && len(e.p.Edges(n)) == 0
}

// openNewobj writes copyreg.__newobj__(cls, *args), what protocols 0 and 1
// write for a class whose __reduce_ex__ asks for cls.__new__(cls, *args):
// plain mode as an instance, typed mode as "$new", as NEWOBJ is written.
func (e *enc) openNewobj(n model.NodeID, s summary) bool {
	t := s.argsNode
	if !e.inlineTuple(t) || len(e.p.Edges(t)) == 0 {
		return false
	}
	cf := callForm{head: kNew, cls: e.p.Edges(t)[0].Val, kwargs: model.NoNode,
		args: e.argsSlot(t, 1, e.typed)}
	if !e.typed {
		cf.head = kClass
	}
	e.pushCall(n, s, cf)
	return true
}

// openNewobjEx writes copyreg.__newobj_ex__(cls, args, kwargs) as NEWOBJ_EX
// is written.
func (e *enc) openNewobjEx(n model.NodeID, s summary) bool {
	items, k, ok := e.smallArgs(s.argsNode)
	if !ok || k != 3 || !e.inlineTuple(items[1]) || e.p.Node(items[2]).Kind != model.KindDict {
		return false
	}
	cf := callForm{head: kNew, cls: items[0], kwargs: items[2], args: e.argsSlot(items[1], 0, e.typed)}
	if !e.typed {
		cf.head = kClass
		if e.isEmptyDict(cf.kwargs) {
			cf.kwargs = model.NoNode
		}
	}
	e.pushCall(n, s, cf)
	return true
}

// openReconstructor writes, in plain mode, copyreg._reconstructor(cls, base,
// state), what protocols 0 and 1 write for instances: as an instance of
// cls; a list or dict base's state as its "$items" or "$entries" (what
// protocol 2 writes for the same object), any other base's state as
// "$args": [state].
func (e *enc) openReconstructor(n model.NodeID, s summary) bool {
	items, k, ok := e.smallArgs(s.argsNode)
	if !ok || k != 3 || !e.isBareGlobal(items[1]) {
		return false
	}
	p := e.p
	cf := callForm{head: kClass, cls: items[0], kwargs: model.NoNode}
	st := items[2]
	stKind := p.Node(st).Kind
	switch m, name := e.globalName(items[1]); {
	case m == "builtins" && name == "object" && stKind == model.KindNone:
	case m == "builtins" && name == "list" && stKind == model.KindList && s.items == 0 && e.onlyEdges(st, model.RoleItem):
		cf.base = slot{key: kItems, kind: sSub, tmpl: tItems, node: st, node2: st}
	case m == "builtins" && name == "dict" && stKind == model.KindDict && s.entries == 0 && e.onlyEdges(st, 0):
		cf.base = slot{key: kEntries, kind: sSub, tmpl: tDictOf, node: st, node2: st}
	default:
		cf.args = slot{key: kArgs, kind: sSub, tmpl: tOne, node: st}
	}
	e.pushCall(n, s, cf)
	return true
}

// openValueCall writes the calls pickle uses to rebuild built-in values as
// the values they make (both modes): builtins.set(iterable) and frozenset,
// builtins.bytes(), _codecs.encode(text, 'latin1') (how protocols 0-2 write
// bytes), builtins.bytearray(...) and builtins.complex(re, im) (plain
// {"real": re, "imag": im}, typed {"$complex": [re, im]}).
func (e *enc) openValueCall(n model.NodeID, s summary, mod, name string) bool {
	items, k, ok := e.smallArgs(s.argsNode)
	if !ok {
		return false
	}
	d := len(e.frames)
	switch mod + "." + name {
	case "builtins.set", "builtins.frozenset":
		src := model.NoNode
		if k == 1 {
			src = items[0]
			switch e.p.Node(src).Kind {
			case model.KindList, model.KindTuple, model.KindSet, model.KindFrozenSet:
			default:
				return false
			}
			if !e.onlyEdges(src, model.RoleItem) || e.typed && e.reachedTwice(src) {
				return false
			}
		} else if k != 0 {
			return false
		}
		if !e.typed {
			if src == model.NoNode {
				e.push(false, n)
			} else {
				e.push(false, n, slot{kind: qItems, node: src})
				e.register(src)
			}
			e.register(s.argsNode)
			return true
		}
		key := kSet
		if name == "frozenset" {
			key = kFrozenSet
		}
		e.push(true, n, slot{key: key, kind: sSub, tmpl: tItems, node: src, node2: model.NoNode})
		return true
	case "builtins.bytes", "builtins.bytearray", "_codecs.encode":
		var b []byte
		switch {
		case k == 0 && name != "encode":
			b = []byte{}
		case k == 1 && name != "encode":
			b, ok = e.bytesOf(items[0], 0)
		case k == 2 || k == 1 && name == "encode":
			enc := model.NoNode
			if k == 2 {
				enc = items[1]
			}
			b, ok = e.encodeText(items[0], enc)
		default:
			ok = false
		}
		if !ok {
			return false
		}
		key := kBytes
		if name == "bytearray" {
			key = kByteArray
		}
		e.tagOpen(key, d)
		e.writeB64(b)
		e.tagClose(d)
		return true
	case "builtins.complex":
		if k == 0 {
			return false
		}
		re, ok := e.floatOf(items[0])
		im := 0.0
		if k == 2 {
			var ok2 bool
			im, ok2 = e.floatOf(items[1])
			ok = ok && ok2
		}
		if !ok || k > 2 {
			return false
		}
		if !e.typed {
			// Plain: {"real": x, "imag": y}, the names Python gives the parts.
			e.tagOpen(kReal, d)
			e.writeFloat(re, d+1)
			e.tagNext(kImag, d)
			e.writeFloat(im, d+1)
			e.tagClose(d)
			return true
		}
		e.tagOpen(kComplex, d)
		e.wb('[')
		e.nl(d + 2)
		e.writeFloat(re, d+2)
		e.wb(',')
		e.nl(d + 2)
		e.writeFloat(im, d+2)
		e.nl(d + 1)
		e.wb(']')
		e.tagClose(d)
		return true
	}
	return false
}

// bytesOf is the bytes that node x is, when it is bytes, a bytearray, or
// (nested at most a few levels) a bytes-making call.
func (e *enc) bytesOf(x model.NodeID, depth int) ([]byte, bool) {
	p := e.p
	switch p.Node(x).Kind {
	case model.KindBytes, model.KindByteArray:
		return e.blob(x), true
	case model.KindCall:
	default:
		return nil, false
	}
	s := e.summarize(x)
	if depth > 4 || p.CallOp(x) != model.OpReduce || !e.isBareGlobal(s.callable) ||
		s.states+s.items+s.entries > 0 || s.kwargs != model.NoNode {
		return nil, false
	}
	items, k, ok := e.smallArgs(s.argsNode)
	if !ok {
		return nil, false
	}
	switch mod, name := e.globalName(s.callable); {
	case mod == "builtins" && name == "bytes" && k == 0:
		return []byte{}, true
	case mod == "builtins" && name == "bytes" && k == 1:
		return e.bytesOf(items[0], depth+1)
	case mod == "_codecs" && name == "encode" && (k == 1 || k == 2):
		enc := model.NoNode
		if k == 2 {
			enc = items[1]
		}
		return e.encodeText(items[0], enc)
	}
	return nil, false
}

// encodeText is str node x encoded with the codec named by node enc (NoNode:
// UTF-8, codecs.encode's default), for Latin-1, UTF-8 and ASCII; ok is false
// where Python would raise, or for another codec.
func (e *enc) encodeText(x, enc model.NodeID) ([]byte, bool) {
	p := e.p
	var rs []rune
	switch p.Node(x).Kind {
	case model.KindStr:
		rs = model.DecodeSurrogatePass(e.strText(x))
	case model.KindStr8: // a str when Python 3 loads with encoding='latin1'
		for _, c := range e.blob(x) {
			rs = append(rs, rune(c))
		}
	default:
		return nil, false
	}
	codec := "utf_8"
	if enc != model.NoNode {
		var name []byte
		switch p.Node(enc).Kind {
		case model.KindStr:
			name = e.strText(enc)
		case model.KindStr8:
			name = e.blob(enc)
		default:
			return nil, false
		}
		codec = normalizeCodec(string(name))
	}
	limit := rune(0)
	switch codec {
	case "latin_1", "latin1", "latin", "l1", "iso8859_1", "iso_8859_1", "8859", "cp819", "ibm819",
		"iso_ir_100", "csisolatin1", "iso_8859_1_1987":
		limit = 0xff
	case "ascii", "us_ascii", "646", "us", "cp367", "csascii", "ibm367", "iso646_us", "iso_ir_6":
		limit = 0x7f
	case "utf_8", "utf8", "u8", "utf", "cp65001", "utf8_ucs2", "utf8_ucs4":
		out := make([]byte, 0, len(rs))
		for _, r := range rs {
			if r >= 0xd800 && r <= 0xdfff {
				return nil, false
			}
			out = utf8.AppendRune(out, r)
		}
		return out, true
	default:
		return nil, false
	}
	out := make([]byte, len(rs))
	for i, r := range rs {
		if r > limit {
			return nil, false
		}
		out[i] = byte(r)
	}
	return out, true
}

// normalizeCodec folds a codec name as Python's encodings module does
// before looking up an alias.
func normalizeCodec(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer("-", "_", " ", "_").Replace(s)
}

// floatOf is the float a number node converts to, as complex() converts it.
func (e *enc) floatOf(x model.NodeID) (float64, bool) {
	p := e.p
	switch p.Node(x).Kind {
	case model.KindFloat:
		return p.Float(x), true
	case model.KindInt, model.KindBool:
		return float64(p.Int(x)), true
	case model.KindBigInt:
		f, _ := new(big.Float).SetInt(p.BigInt(x)).Float64()
		return f, !math.IsInf(f, 0)
	}
	return 0, false
}
