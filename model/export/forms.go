package export

import (
	"math"
	"math/big"
	"strconv"

	"pklx/model"
)

// summary counts a node's edges by role.
type summary struct {
	items, entries, states, args int
	firstItem                    int // edge index of the first RoleItem edge
	callable, argsNode, kwargs   model.NodeID
	pid, state                   model.NodeID // the first RolePID and RoleState children
}

// noEdges is the summary of a node without edges.
func noEdges() summary {
	return summary{firstItem: -1, callable: model.NoNode, argsNode: model.NoNode,
		kwargs: model.NoNode, pid: model.NoNode, state: model.NoNode}
}

// summarize counts the edges of node n by role.
func (e *enc) summarize(n model.NodeID) summary {
	s := noEdges()
	for i, ed := range e.p.Edges(n) {
		switch {
		case ed.Key >= 0:
			s.entries++
		case ed.Key == model.RoleItem:
			if s.items == 0 {
				s.firstItem = i
			}
			s.items++
		case ed.Key == model.RoleState:
			if s.states == 0 {
				s.state = ed.Val
			}
			s.states++
		case ed.Key == model.RoleArg:
			s.args++
		case ed.Key == model.RoleCallable:
			s.callable = ed.Val
		case ed.Key == model.RoleArgs:
			s.argsNode = ed.Val
		case ed.Key == model.RoleKwargs:
			s.kwargs = ed.Val
		case ed.Key == model.RolePID:
			s.pid = ed.Val
		}
	}
	return s
}

// hasExtras reports whether a node has edges its type does not take: BUILD
// state on a list or dict, APPEND on a dict, SETITEM on a list, ... CPython
// fails on most of these; they are shown, not dropped.
func hasExtras(k model.Kind, s summary, nEdges int) bool {
	switch k {
	case model.KindList, model.KindTuple, model.KindSet, model.KindFrozenSet:
		return s.states+s.entries > 0
	case model.KindDict:
		return s.states+s.items > 0
	case model.KindCall:
		return false
	case model.KindPersID:
		return s.states+s.items+s.entries > 0
	}
	return nEdges > 0
}

// idEligible reports whether, in typed mode, a node that is reached more
// than once is written once with an $id: the objects whose identity Python
// keeps (mutable ones, non-empty tuples and frozensets, instances, and
// anything a pickle changed after making it).
func (e *enc) idEligible(n model.NodeID) bool {
	switch e.p.Node(n).Kind {
	case model.KindList, model.KindDict, model.KindSet, model.KindByteArray, model.KindCall:
		return true
	}
	return len(e.p.Edges(n)) > 0
}

// isBareGlobal reports whether n is a global name nothing was done to.
func (e *enc) isBareGlobal(n model.NodeID) bool {
	return n >= 0 && e.p.Node(n).Kind == model.KindGlobal && len(e.p.Edges(n)) == 0
}

// openNode writes node n: a scalar directly, a container by opening a frame.
func (e *enc) openNode(n model.NodeID, md mode) error {
	if err := e.tick(); err != nil {
		return err
	}
	e.mark = int32(len(e.arena))
	p := e.p
	nd := p.Node(n)
	edges := p.Edges(n)
	if md == mNormal {
		if !e.typed {
			if len(edges) > 0 {
				if fi, open := e.onStack.get(n); open {
					e.writeRef(fi)
					return nil
				}
			}
		} else if e.reachedTwice(n) && e.idEligible(n) {
			if id, ok := e.ids[n]; ok {
				d := len(e.frames)
				e.tagOpen(kRef, d)
				e.wbs(appendInt(e.numBuf[:0], id))
				e.tagClose(d)
				return nil
			}
			e.nextID++
			e.ids[n] = e.nextID
			e.push(true, model.NoNode,
				slot{key: kID, kind: sInt, i: e.nextID},
				slot{key: kValue, kind: sNode, node: n, md: mNatural})
			return nil
		}
	}
	if v, ok := e.plainView(n); ok && md == mNormal {
		return e.writeView(v, len(e.frames))
	}
	sum := noEdges()
	if len(edges) > 0 {
		sum = e.summarize(n)
		if md != mBare && hasExtras(nd.Kind, sum, len(edges)) {
			e.openExtras(n, sum)
			return nil
		}
	}
	d := len(e.frames)
	switch nd.Kind {
	case model.KindNone:
		e.ws("null")
	case model.KindBool:
		if nd.Val != 0 {
			e.ws("true")
		} else {
			e.ws("false")
		}
	case model.KindInt:
		v := p.Int(n)
		if e.typed && (v > 1<<53 || v < -(1<<53)) {
			e.tagOpen(kInt, d)
			e.wb('"')
			e.wbs(appendInt(e.numBuf[:0], v))
			e.wb('"')
			e.tagClose(d)
		} else {
			e.wbs(appendInt(e.numBuf[:0], v))
		}
	case model.KindBigInt:
		v := p.BigInt(n)
		e.tmp = v.Append(e.tmp[:0], 10)
		if e.typed && v.CmpAbs(big.NewInt(1<<53)) > 0 {
			e.tagOpen(kInt, d)
			e.wb('"')
			e.wbs(e.tmp)
			e.wb('"')
			e.tagClose(d)
		} else {
			e.wbs(e.tmp)
		}
	case model.KindFloat:
		e.writeFloat(p.Float(n), d)
	case model.KindStr:
		b := e.strText(n)
		if e.typed && hasSurrogate(b) {
			e.writeCodepoints(n, d)
		} else {
			e.writeWTF8(b)
		}
	case model.KindStr8:
		if e.typed {
			e.tagOpen(kStr8, d)
			e.writeB64(e.blob(n))
			e.tagClose(d)
		} else {
			e.writeLatin1(e.blob(n))
		}
	case model.KindBytes:
		e.tagOpen(kBytes, d)
		e.writeB64(e.blob(n))
		e.tagClose(d)
	case model.KindByteArray:
		e.tagOpen(kByteArray, d)
		e.writeB64(e.blob(n))
		e.tagClose(d)
	case model.KindList:
		e.push(false, n, slot{kind: qItems, node: n, a: int32(max(sum.firstItem, 0))})
	case model.KindTuple, model.KindSet, model.KindFrozenSet:
		first := int32(max(sum.firstItem, 0))
		if !e.typed {
			e.push(false, n, slot{kind: qItems, node: n, a: first})
			return nil
		}
		k := kTuple
		if nd.Kind == model.KindSet {
			k = kSet
		} else if nd.Kind == model.KindFrozenSet {
			k = kFrozenSet
		}
		e.push(true, n, slot{key: k, kind: sSub, tmpl: tItems, node: n, node2: n, a: first})
	case model.KindDict:
		e.openDictOf(n, n)
	case model.KindGlobal:
		if e.typed {
			e.push(true, n, slot{key: kGlobal, kind: sGlobalPair, node: n})
			return nil
		}
		m, name := e.globalName(n)
		e.tagOpen(kGlobal, d)
		e.writeText(m + "." + name)
		e.tagClose(d)
	case model.KindCall:
		return e.openCall(n, sum)
	case model.KindPersID:
		if sum.pid != model.NoNode {
			e.push(true, n, slot{key: kPersID, kind: sNode, node: sum.pid})
			return nil
		}
		text, _ := p.PersIDText(n)
		e.tagOpen(kPersID, d)
		e.writeText(text)
		e.tagClose(d)
	case model.KindExt:
		e.tagOpen(kExt, d)
		e.wbs(strconv.AppendUint(e.numBuf[:0], nd.Val, 10))
		e.tagClose(d)
	case model.KindBuffer:
		e.tagOpen(kOOBBuffer, d)
		e.wbs(strconv.AppendUint(e.numBuf[:0], nd.Val, 10))
		if e.typed && nd.Flags&model.FlagReadonly != 0 {
			e.tagNext(kReadonly, d)
			e.ws("true")
		}
		e.tagClose(d)
	default:
		e.ws("null")
	}
	return nil
}

// writeFloat writes a float at depth d: its Python repr when finite, else
// {"$float": "nan"|"inf"|"-inf"}.
func (e *enc) writeFloat(f float64, d int) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		e.tagOpen(kFloat, d)
		e.wb('"')
		e.ws(floatWord(f))
		e.wb('"')
		e.tagClose(d)
		return
	}
	e.wbs(appendPyFloat(e.numBuf[:0], f))
}

// writeCodepoints writes {"$str_codepoints": [...]} for a str node.
func (e *enc) writeCodepoints(n model.NodeID, d int) {
	rs := model.DecodeSurrogatePass(e.strText(n))
	e.tagOpen(kStrCodepoints, d)
	e.wb('[')
	for i, r := range rs {
		if i > 0 {
			e.wb(',')
		}
		e.nl(d + 2)
		e.wbs(appendInt(e.numBuf[:0], int64(r)))
	}
	if len(rs) > 0 {
		e.nl(d + 1)
	}
	e.wb(']')
	e.tagClose(d)
}

// openExtras writes a node with edges its type does not take as
// {"$value": its own form, "$state": ..., "$items": [...], "$entries": ...}.
func (e *enc) openExtras(n model.NodeID, s summary) {
	var ss [4]slot
	k := 0
	ss[k] = slot{key: kValue, kind: sNode, node: n, md: mBare}
	k++
	kind := e.p.Node(n).Kind
	k += e.stateSlots(ss[k:], n, s)
	itemsNatural := kind >= model.KindList && kind <= model.KindFrozenSet && kind != model.KindDict
	if s.items > 0 && !itemsNatural {
		ss[k] = slot{key: kItems, kind: sSub, tmpl: tItems, node: n, node2: model.NoNode, a: int32(s.firstItem)}
		k++
	}
	if s.entries > 0 && kind != model.KindDict {
		ss[k] = e.entriesSlot(n, model.NoNode)
		k++
	}
	e.push(true, n, ss[:k]...)
}

// stateSlots fills the "$state" (one BUILD) or "$states" (several) slot.
func (e *enc) stateSlots(ss []slot, n model.NodeID, s summary) int {
	switch {
	case s.states == 1:
		ss[0] = slot{key: kState, kind: sNode, node: s.state}
		return 1
	case s.states > 1:
		ss[0] = slot{key: kStates, kind: sSub, tmpl: tRole, node: n, a: model.RoleState}
		return 1
	}
	return 0
}

// entriesSlot is the "$entries" slot of node n's dict entries (SETITEMS on
// a call's result): in plain mode written as a dict would be, in typed mode
// as [[key, value], ...] in op order, every SETITEM kept.
func (e *enc) entriesSlot(n, ident model.NodeID) slot {
	if e.typed {
		return slot{key: kEntries, kind: sSub, tmpl: tPairs, node: n}
	}
	return slot{key: kEntries, kind: sSub, tmpl: tDictOf, node: n, node2: ident}
}

// openDictOf writes the entries of node n (a dict, or a call that received
// SETITEMS) as a dict: an object when every key can be an object key and
// none collide, else {"$dict": [[key, value], ...]}. Repeated keys keep the
// first position and the last value, as in a Python dict.
func (e *enc) openDictOf(n, ident model.NodeID) {
	km := kmPlain
	if e.typed {
		km = kmTyped
	}
	objOK, plan, usePlan := e.scanEntries(e.p.Edges(n), km)
	if objOK {
		e.push(true, ident, slot{kind: qEntries, node: n, plan: plan, usePlan: usePlan})
		return
	}
	e.push(true, ident, slot{key: kDict, kind: sSub, tmpl: tPairs, node: n, plan: plan, usePlan: usePlan})
}

func appendInt(dst []byte, v int64) []byte { return strconv.AppendInt(dst, v, 10) }
