package export

import (
	"hash/maphash"
	"math"
	"slices"

	"pklx/model"
)

// keyMode says which keys may be written as JSON object keys.
type keyMode uint8

const (
	kmPlain keyMode = iota // str, int, float, bool, None (json.dumps' rules)
	kmTyped                // str without a lone surrogate, not starting with "$"
	kmAttrs                // str (Python 3 or 2) not starting with "$": instance attributes
)

// scanEntries looks at the dict entries among edges (those with Key >= 0).
// objOK reports whether every key fits km and, in plain mode, no two keys
// would be written alike (1 and "1"). When keys repeat (equal as Python
// compares them: 1, 1.0 and True are one key; two other objects are one key
// only when they are the same node), plan lists the entries to write, each
// key at its first position with its last value, and usePlan is true.
func (e *enc) scanEntries(edges []model.Edge, km keyMode) (objOK bool, plan planRef, usePlan bool) {
	objOK = true
	mixed := false
	e.hashes = e.hashes[:0]
	for _, ed := range edges {
		if ed.Key < 0 {
			continue
		}
		if objOK {
			ok, nonStr := e.keyFits(ed.Key, km)
			objOK = ok
			mixed = mixed || nonStr
		}
		e.keyBuf = e.appendCanon(e.keyBuf[:0], ed.Key)
		e.hashes = append(e.hashes, maphash.Bytes(e.seed, e.keyBuf))
	}
	if e.mayRepeat() {
		plan = e.dedupe(edges)
		usePlan = true
	}
	if objOK && mixed {
		src := edges
		if usePlan {
			src = e.planEdges(plan)
		}
		written := make(map[string]struct{})
		for _, ed := range src {
			if ed.Key < 0 {
				continue
			}
			e.keyBuf = e.appendKeyText(e.keyBuf[:0], ed.Key)
			if _, dup := written[string(e.keyBuf)]; dup {
				objOK = false
				break
			}
			written[string(e.keyBuf)] = struct{}{}
		}
	}
	e.keyBuf = e.keyBuf[:0]
	return objOK, plan, usePlan
}

// mayRepeat reports whether two of e.hashes are equal.
func (e *enc) mayRepeat() bool {
	h := e.hashes
	if len(h) <= 16 {
		for i := range h {
			for j := i + 1; j < len(h); j++ {
				if h[i] == h[j] {
					return true
				}
			}
		}
		return false
	}
	e.sorted = append(e.sorted[:0], h...)
	slices.Sort(e.sorted)
	for i := 1; i < len(e.sorted); i++ {
		if e.sorted[i] == e.sorted[i-1] {
			return true
		}
	}
	return false
}

// dedupe lists, in the arena, the entries of edges with repeated keys
// merged: the first key and position, the last value.
func (e *enc) dedupe(edges []model.Edge) planRef {
	off := len(e.arena)
	at := make(map[string]int, len(e.hashes))
	for _, ed := range edges {
		if ed.Key < 0 {
			continue
		}
		e.keyBuf = e.appendCanon(e.keyBuf[:0], ed.Key)
		if i, ok := at[string(e.keyBuf)]; ok {
			e.arena[i].Val = ed.Val
			continue
		}
		at[string(e.keyBuf)] = len(e.arena)
		e.arena = append(e.arena, ed)
	}
	e.keyBuf = e.keyBuf[:0]
	return planRef{int32(off), int32(len(e.arena) - off)}
}

// planEdges is the entries a plan lists.
func (e *enc) planEdges(r planRef) []model.Edge { return e.arena[r.off : r.off+r.n] }

// keyFits reports whether key node k can be an object key in mode km, and
// whether it is not a str (its written form could then collide with another
// key's).
func (e *enc) keyFits(k model.NodeID, km keyMode) (ok, nonStr bool) {
	kind := e.p.Node(k).Kind
	switch km {
	case kmPlain:
		switch kind {
		case model.KindStr, model.KindStr8:
			return true, false
		case model.KindInt, model.KindBigInt, model.KindFloat, model.KindBool, model.KindNone:
			return true, true
		}
		return false, true
	case kmTyped:
		if kind != model.KindStr {
			return false, true
		}
		t := e.strText(k)
		return !hasSurrogate(t) && (len(t) == 0 || t[0] != '$'), false
	default: // kmAttrs
		var t []byte
		switch kind {
		case model.KindStr:
			t = e.strText(k)
		case model.KindStr8:
			t = e.blob(k)
		default:
			return false, true
		}
		return len(t) == 0 || t[0] != '$', false
	}
}

// appendCanon appends a form of key node k that is equal for keys Python
// finds equal: "s" and the text for str (Python 3 and Latin-1-decoded
// Python 2), "n" and the value for numbers (True, 1 and 1.0 alike), "b" and
// the bytes for bytes, "z" for None; any other key, and a NaN, is equal only
// to itself, "i" and its node id.
func (e *enc) appendCanon(dst []byte, k model.NodeID) []byte {
	p := e.p
	switch p.Node(k).Kind {
	case model.KindStr:
		return append(append(dst, 's'), e.strText(k)...)
	case model.KindStr8:
		return appendLatin1(append(dst, 's'), e.blob(k))
	case model.KindInt, model.KindBool:
		return appendInt(append(dst, 'n'), p.Int(k))
	case model.KindBigInt:
		return p.BigInt(k).Append(append(dst, 'n'), 10)
	case model.KindFloat:
		if f := p.Float(k); !math.IsNaN(f) {
			return appendFloatCanon(append(dst, 'n'), f)
		}
	case model.KindNone:
		return append(dst, 'z')
	case model.KindBytes:
		return append(append(dst, 'b'), e.blob(k)...)
	}
	return append(dst, 'i', byte(k), byte(k>>8), byte(k>>16), byte(k>>24))
}

// appendKeyText appends key node k as json.dumps writes a dict key: the
// text of a str (Latin-1 for a Python 2 str), "true"/"false"/"null", an int's
// digits, a float's repr or NaN/Infinity/-Infinity.
func (e *enc) appendKeyText(dst []byte, k model.NodeID) []byte {
	p := e.p
	switch nd := p.Node(k); nd.Kind {
	case model.KindStr:
		return append(dst, e.strText(k)...)
	case model.KindStr8:
		return appendLatin1(dst, e.blob(k))
	case model.KindInt:
		return appendInt(dst, p.Int(k))
	case model.KindBigInt:
		return p.BigInt(k).Append(dst, 10)
	case model.KindFloat:
		return appendFloatKey(dst, p.Float(k))
	case model.KindBool:
		if nd.Val != 0 {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case model.KindNone:
		return append(dst, "null"...)
	}
	return append(dst, '?')
}

// writeKeyNode writes key node k as an object key (without the colon).
func (e *enc) writeKeyNode(k model.NodeID) {
	if e.p.Node(k).Kind == model.KindStr {
		e.writeWTF8(e.strText(k))
		return
	}
	b := e.appendKeyText(e.keyBuf[:0], k)
	e.writeWTF8(b)
	e.keyBuf = b[:0]
}

// onlyEdges reports whether every edge of n has role r (r == 0: is a dict
// entry).
func (e *enc) onlyEdges(n model.NodeID, r model.Role) bool {
	for _, ed := range e.p.Edges(n) {
		if ed.Role() != r {
			return false
		}
	}
	return true
}

// mergeStates, in plain mode, merges the BUILD states of call n into one
// list of attributes, when every state is None, a dict whose keys are strs
// not starting with "$", or a (dict or None, dict or None) pair of such
// (CPython's (state, slotstate)). hasDict reports whether any state holds
// a dict.
func (e *enc) mergeStates(n model.NodeID) (plan planRef, hasDict, ok bool) {
	p := e.p
	off := len(e.arena)
	add := func(d model.NodeID) bool {
		switch p.Node(d).Kind {
		case model.KindNone:
			return true
		case model.KindDict:
			if !e.onlyEdges(d, 0) {
				return false
			}
			for _, ed := range p.Edges(d) {
				if fits, _ := e.keyFits(ed.Key, kmAttrs); !fits {
					return false
				}
			}
			hasDict = true
			e.arena = append(e.arena, p.Edges(d)...)
			return true
		}
		return false
	}
	for _, ed := range p.Edges(n) {
		if ed.Key != model.RoleState {
			continue
		}
		s := ed.Val
		switch p.Node(s).Kind {
		case model.KindNone, model.KindDict:
			if !add(s) {
				e.arena = e.arena[:off]
				return planRef{}, false, false
			}
		case model.KindTuple:
			items := p.Edges(s)
			if len(items) != 2 || !e.onlyEdges(s, model.RoleItem) || !add(items[0].Val) || !add(items[1].Val) {
				e.arena = e.arena[:off]
				return planRef{}, false, false
			}
		default:
			e.arena = e.arena[:off]
			return planRef{}, false, false
		}
	}
	plan = planRef{int32(off), int32(len(e.arena) - off)}
	if _, dd, use := e.scanEntries(e.planEdges(plan), kmAttrs); use {
		plan = dd
	}
	return plan, hasDict, true
}

// registerStates, in plain mode, makes the containers merged by
// mergeStates stand for the innermost frame (the instance).
func (e *enc) registerStates(n model.NodeID) {
	for _, ed := range e.p.Edges(n) {
		if ed.Key != model.RoleState {
			continue
		}
		e.register(ed.Val)
		if e.p.Node(ed.Val).Kind == model.KindTuple {
			for _, it := range e.p.Edges(ed.Val) {
				e.register(it.Val)
			}
		}
	}
}
