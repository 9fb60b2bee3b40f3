package model

import (
	"math/bits"
	"sort"
	"sync"

	"pklx/model/hugemem"
)

// Kind is what a node is.
type Kind uint8

// Node kinds. Containers (List through FrozenSet, Call) have edges.
const (
	KindInvalid   Kind = iota
	KindNone           // None
	KindBool           // True/False: Val is 0 or 1
	KindInt            // an int that fits int64: Val is the value
	KindBigInt         // an int beyond int64: read it with BigInt
	KindFloat          // Val is the IEEE 754 bits
	KindStr            // a Python 3 str (BINUNICODE, SHORT_BINUNICODE, BINUNICODE8, UNICODE)
	KindStr8           // a Python 2 str (STRING, BINSTRING, SHORT_BINSTRING): bytes
	KindBytes          // bytes (BINBYTES, SHORT_BINBYTES, BINBYTES8)
	KindByteArray      // bytearray (BYTEARRAY8)
	KindList           // list
	KindTuple          // tuple
	KindDict           // dict
	KindSet            // set
	KindFrozenSet      // frozenset
	KindGlobal         // a global name (GLOBAL, STACK_GLOBAL, or the class of INST)
	KindCall           // a callable applied to arguments (REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ)
	KindPersID         // a persistent id (PERSID, BINPERSID)
	KindExt            // an extension code (EXT1, EXT2, EXT4): Val is the code
	KindBuffer         // an out-of-band buffer (NEXT_BUFFER): Val is its index
)

var kindNames = [...]string{
	KindInvalid: "invalid", KindNone: "None", KindBool: "bool", KindInt: "int", KindBigInt: "int",
	KindFloat: "float", KindStr: "str", KindStr8: "str8", KindBytes: "bytes", KindByteArray: "bytearray",
	KindList: "list", KindTuple: "tuple", KindDict: "dict", KindSet: "set", KindFrozenSet: "frozenset",
	KindGlobal: "global", KindCall: "call", KindPersID: "persid", KindExt: "ext", KindBuffer: "buffer",
}

// String is the kind's short name, as Python would name the type where it can.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// IsContainer reports whether nodes of this kind can have edges of their own
// (calls and globals can too, through BUILD, APPEND or SETITEM).
func (k Kind) IsContainer() bool {
	return k >= KindList && k <= KindFrozenSet || k == KindCall
}

// NodeFlags are properties of a node.
type NodeFlags uint8

// Node flags.
const (
	FlagReadonly NodeFlags = 1 << iota // an out-of-band buffer marked READONLY_BUFFER
	FlagMemo                           // stored in the memo at least once
	FlagItems                          // has item edges (RoleItem)
	FlagEntries                        // has dict-entry edges (a key node)
	FlagParts                          // has edges of any other role (callable, args, state, ...)
)

// NodeID indexes Pickle nodes. NoNode means none.
type NodeID = int32

// NoNode is the NodeID of nothing.
const NoNode NodeID = -1

// Node is one object of the graph, as Pickle.Node reports it. The model
// stores 8 bytes per node (op, kind, flags); Val is read back from the op's
// bytes when asked for, so it costs nothing to keep.
type Node struct {
	Kind  Kind
	Flags NodeFlags
	_     uint16
	Op    uint32 // index of the op that made it
	Val   uint64 // Int value, Float bits, Bool 0/1, Ext code, Buffer index; for STACK_GLOBAL the module and name node ids (module<<32 | name)
}

// nodeRec is a node as stored: 8 bytes, no pointers.
type nodeRec struct {
	op    uint32
	kind  Kind
	flags NodeFlags
	_     uint16
}

// sideVal is a node value the op's bytes do not hold (the name nodes of a
// STACK_GLOBAL, the index of an out-of-band buffer), kept in node order.
type sideVal struct {
	n NodeID
	v uint64
}

// Role says what an edge means when its Key is negative. A Key >= 0 is the
// key node of a dict entry (SETITEM, SETITEMS, DICT).
type Role = int32

// Edge roles.
const (
	RoleItem     Role = -1 // an item of a list, tuple, set or frozenset (APPEND, ADDITEMS, ...)
	RoleCallable Role = -2 // the callable or class of a call
	RoleArgs     Role = -3 // the argument tuple of REDUCE, NEWOBJ, NEWOBJ_EX
	RoleKwargs   Role = -4 // the keyword-argument dict of NEWOBJ_EX
	RoleState    Role = -5 // the state given by BUILD
	RoleArg      Role = -6 // one positional argument of INST or OBJ
	RolePID      Role = -7 // the object a BINPERSID turns into a persistent id
)

// Edge is one reference from a parent node to a child node: 8 bytes, no
// pointers. Its parent and the op that added it are found with EdgeParent
// and EdgeOp (the model keeps them once per batch of edges one op added to
// one parent, not once per edge).
type Edge struct {
	Key NodeID // the key node of a dict entry, or a negative Role
	Val NodeID // the child
}

// Role is the edge's role: RoleItem, RoleCallable, ..., or 0 for a dict entry.
func (e Edge) Role() Role {
	if e.Key >= 0 {
		return 0
	}
	return e.Key
}

// batch is a run of edges that one op added to one parent: edges
// [first, next batch's first). Batches are sorted by first and cover every
// edge.
type batch struct {
	first  uint32
	parent NodeID
	op     uint32
}

// edgeRange is where a parent's edges lie: edges[start:start+count].
type edgeRange struct{ start, count uint32 }

// Span is a half-open byte range [Start, End) of the input.
type Span struct{ Start, End int64 }

// Len is the span's length in bytes.
func (s Span) Len() int64 { return s.End - s.Start }

// Contains reports whether offset lies in the span.
func (s Span) Contains(off int64) bool { return off >= s.Start && off < s.End }

// Warning is a place the decoder accepted, as CPython's unpickler does, that
// pickletools or a careful reader would frown on.
type Warning struct {
	Offset int64
	Op     byte
	Msg    string
}

// StackItem is one slot of the unpickler's stack where decoding stopped.
// Mark is true for a MARK (Node is then NoNode and MarkOp the MARK op).
type StackItem struct {
	Node   NodeID
	Mark   bool
	MarkOp uint32
}

// Pickle is one decoded pickle stream: its ops, its object graph, and, when
// decoding failed, the stack at the failure. It is immutable once built.
type Pickle struct {
	source string // where in the file: "" for a plain pickle, else a member or segment name
	ext    Extern // what a container reader resolves outside the ops (nil for none)
	data   []byte
	start  int64 // offset of the first op
	end    int64 // end of the last op decoded (after STOP when complete)

	numOps  int
	opCheck []int64 // offset of every opStride-th op (a sparse op index)

	nodes    []nodeRec
	side     []sideVal   // values of nodes whose ops do not hold them, by node
	edges    []Edge      // each parent's edges are contiguous and in op order
	batches  []batch     // who added which edges, by edge index
	hasEdges []uint64    // bit n: node n has edges
	rankCum  []uint32    // nodes with edges before each word of hasEdges
	ranges   []edgeRange // per node with edges, in node order
	lazy     *lazyIndex  // built on first use, shared by copies (With)
	owner    []int32     // owning edge per node; ownerRoot for the root; ownerNone when unreached

	root     NodeID
	stack    []StackItem
	memo     int // memo entries
	protocol int
	maxDepth int
	complete bool
	err      error
	warnings []Warning
}

// lazyIndex is what the model builds only when first asked.
type lazyIndex struct {
	once      sync.Once
	batchByOp []uint32 // batch indices in op order
}

const (
	ownerRoot int32 = -1
	ownerNone int32 = -2
)

// Source names where the pickle came from inside a container: "" for a
// plain pickle file, otherwise e.g. "archive/data.pkl" (a zip member) or
// "gzip stream". Data is then that member's bytes.
func (p *Pickle) Source() string { return p.source }

// Data is the whole input the pickle was read from (shared, never modified).
func (p *Pickle) Data() []byte { return p.data }

// Span is the pickle's bytes: from its first op to the end of its last op.
func (p *Pickle) Span() Span { return Span{p.start, p.end} }

// Complete reports whether the pickle decoded through its STOP.
func (p *Pickle) Complete() bool { return p.complete }

// Err is the error that stopped decoding, or nil. Its concrete type is the
// decoder's, with the byte offset and opcode.
func (p *Pickle) Err() error { return p.err }

// Warnings lists places the decoder accepted but flags.
func (p *Pickle) Warnings() []Warning { return p.warnings }

// Protocol is the protocol named by PROTO, or the highest protocol among the
// opcodes when there is no PROTO.
func (p *Pickle) Protocol() int { return p.protocol }

// Root is the object STOP returned, or NoNode when decoding failed first.
func (p *Pickle) Root() NodeID { return p.root }

// Stack is the unpickler's stack where decoding stopped (empty after STOP).
func (p *Pickle) Stack() []StackItem { return p.stack }

// MemoLen is how many distinct memo keys were stored.
func (p *Pickle) MemoLen() int { return p.memo }

// MaxDepth is the deepest nesting of owned objects below the root(s).
func (p *Pickle) MaxDepth() int { return p.maxDepth }

// NumOps is the number of ops decoded.
func (p *Pickle) NumOps() int { return p.numOps }

// NumNodes is the number of objects in the graph.
func (p *Pickle) NumNodes() int { return len(p.nodes) }

// NumEdges is the number of references in the graph.
func (p *Pickle) NumEdges() int { return len(p.edges) }

// opStride is how many ops lie between two checkpoints of the sparse op
// index. Ops tile the input, so any op is found by scanning at most
// opStride-1 ops from a checkpoint: 0.5 bytes of index per op.
const opStride = 16

// OpOffset is the byte offset of op i.
func (p *Pickle) OpOffset(i int) int64 {
	off := p.opCheck[i/opStride]
	for k := i % opStride; k > 0; k-- {
		off = p.opEnd(off)
	}
	return off
}

// opEnd is the end of the op at off, never beyond the pickle's end.
func (p *Pickle) opEnd(off int64) int64 {
	return min(OpEnd(p.data, off), p.end)
}

// OpSpan is the bytes of op i: its opcode byte and its argument.
func (p *Pickle) OpSpan(i int) Span {
	s := p.OpOffset(i)
	return Span{s, p.opEnd(s)}
}

// OpCode is the opcode byte of op i.
func (p *Pickle) OpCode(i int) byte { return p.data[p.OpOffset(i)] }

// OpAt is the index of the op whose bytes contain offset, or -1.
func (p *Pickle) OpAt(off int64) int {
	if off < p.start || off >= p.end || p.numOps == 0 {
		return -1
	}
	k := sort.Search(len(p.opCheck), func(k int) bool { return p.opCheck[k] > off }) - 1
	i := k * opStride
	at := p.opCheck[k]
	for {
		end := p.opEnd(at)
		if off < end || i == p.numOps-1 || end <= at {
			return i
		}
		at = end
		i++
	}
}

// OpsFrom calls fn for ops first, first+1, ... with each op's index and
// span, until fn returns false or the ops end. It walks the input once,
// which is faster than OpSpan for consecutive ops.
func (p *Pickle) OpsFrom(first int, fn func(i int, s Span) bool) {
	if first < 0 || first >= p.numOps {
		return
	}
	at := p.OpOffset(first)
	for i := first; i < p.numOps; i++ {
		end := p.opEnd(at)
		if !fn(i, Span{at, end}) {
			return
		}
		at = end
	}
}

// Node is node n. Its Val is read from the bytes of the op that made it.
func (p *Pickle) Node(n NodeID) Node {
	r := p.nodes[n]
	nd := Node{Kind: r.kind, Flags: r.flags, Op: r.op}
	if r.kind.hasVal() {
		nd.Val = p.val(n)
	}
	return nd
}

// Kind is the kind of node n (cheaper than Node(n).Kind).
func (p *Pickle) Kind(n NodeID) Kind { return p.nodes[n].kind }

// Flags are node n's flags (cheaper than Node(n).Flags).
func (p *Pickle) Flags(n NodeID) NodeFlags { return p.nodes[n].flags }

// edgeRange is where node n's edges lie (count 0 when it has none).
func (p *Pickle) edgeRange(n NodeID) edgeRange {
	w := uint32(n) >> 6
	word := p.hasEdges[w]
	bit := uint64(1) << (uint32(n) & 63)
	if word&bit == 0 {
		return edgeRange{}
	}
	return p.ranges[p.rankCum[w]+uint32(bits.OnesCount64(word&(bit-1)))]
}

// Edges are node n's outgoing edges, in the order the ops added them. The
// slice is shared: do not modify it.
func (p *Pickle) Edges(n NodeID) []Edge {
	r := p.edgeRange(n)
	if r.count == 0 {
		return nil
	}
	return p.edges[r.start : r.start+r.count : r.start+r.count]
}

// EdgeIndex is the global index of the k-th edge of node n.
func (p *Pickle) EdgeIndex(n NodeID, k int) int { return int(p.edgeRange(n).start) + k }

// Edge is edge i of the whole graph.
func (p *Pickle) Edge(i int) Edge { return p.edges[i] }

// batchOf is the index of the batch that holds edge i.
func (p *Pickle) batchOf(i int) int {
	return sort.Search(len(p.batches), func(k int) bool { return p.batches[k].first > uint32(i) }) - 1
}

// EdgeParent is the node edge i belongs to.
func (p *Pickle) EdgeParent(i int) NodeID { return p.batches[p.batchOf(i)].parent }

// EdgeOp is the index of the op that added edge i.
func (p *Pickle) EdgeOp(i int) int { return int(p.batches[p.batchOf(i)].op) }

// NodeMadeBy is the first node that op i made, or NoNode.
func (p *Pickle) NodeMadeBy(op int) NodeID {
	k := sort.Search(len(p.nodes), func(k int) bool { return int(p.nodes[k].op) >= op })
	if k < len(p.nodes) && int(p.nodes[k].op) == op {
		return NodeID(k)
	}
	return NoNode
}

// EdgesAddedBy lists the edges (global indices) that op i added.
func (p *Pickle) EdgesAddedBy(op int) []int {
	p.lazy.once.Do(p.indexBatchesByOp)
	order := p.lazy.batchByOp
	k := sort.Search(len(order), func(k int) bool { return int(p.batches[order[k]].op) >= op })
	var out []int
	for ; k < len(order) && int(p.batches[order[k]].op) == op; k++ {
		b := int(order[k])
		end := len(p.edges)
		if b+1 < len(p.batches) {
			end = int(p.batches[b+1].first)
		}
		for i := int(p.batches[b].first); i < end; i++ {
			out = append(out, i)
		}
	}
	sort.Ints(out)
	return out
}

// NodeForOp is the node op i made or, failing that, the node it changed
// (the parent of an edge it added), or NoNode.
func (p *Pickle) NodeForOp(op int) NodeID {
	if n := p.NodeMadeBy(op); n != NoNode {
		return n
	}
	if e := p.EdgesAddedBy(op); len(e) > 0 {
		return p.EdgeParent(e[0])
	}
	return NoNode
}

// Owner is the edge (global index) through which node n is owned, and
// whether it has one. The root and unreached nodes have none.
func (p *Pickle) Owner(n NodeID) (int, bool) {
	o := p.owner[n]
	return int(o), o >= 0
}

// IsRoot reports whether n is the root or an item left on the stack.
func (p *Pickle) IsRoot(n NodeID) bool { return p.owner[n] == ownerRoot }

// Reached reports whether n is reachable from the root or the stack.
func (p *Pickle) Reached(n NodeID) bool { return p.owner[n] != ownerNone }

// IsLink reports whether edge i points at a node owned elsewhere: a memo
// reference to an object already shown, or a cycle.
func (p *Pickle) IsLink(i int) bool {
	e := p.edges[i]
	// d[t] = t: the key owns the object, so the value is a link to it.
	return p.owner[e.Val] != int32(i) || e.Key == e.Val
}

// OwnerPath is the chain of edges (global indices) from a root down to n,
// root first. It is empty for a root or an unreached node.
func (p *Pickle) OwnerPath(n NodeID) []int {
	var rev []int
	for steps := 0; steps <= len(p.nodes); steps++ {
		o := p.owner[n]
		if o < 0 {
			break
		}
		rev = append(rev, int(o))
		n = p.EdgeParent(int(o))
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// OwnerRoot is the root (or stack item) at the top of n's owner chain.
func (p *Pickle) OwnerRoot(n NodeID) NodeID {
	for steps := 0; steps <= len(p.nodes); steps++ {
		o := p.owner[n]
		if o < 0 {
			return n
		}
		n = p.EdgeParent(int(o))
	}
	return n
}

// IsAncestor reports whether a is n or an owner-ancestor of n.
func (p *Pickle) IsAncestor(a, n NodeID) bool {
	for steps := 0; steps <= len(p.nodes); steps++ {
		if n == a {
			return true
		}
		o := p.owner[n]
		if o < 0 {
			return false
		}
		n = p.EdgeParent(int(o))
	}
	return false
}

// RefCount is how many edges point at n (owner and links).
// It scans the edges: O(edges).
func (p *Pickle) RefCount(n NodeID) int {
	c := 0
	for _, e := range p.edges {
		if e.Val == n {
			c++
		}
	}
	return c
}

// Referrers lists the edges (global indices) that point at n, at most max of
// them (max <= 0: all). It scans the edges.
func (p *Pickle) Referrers(n NodeID, max int) []int {
	var out []int
	for i, e := range p.edges {
		if e.Val == n {
			out = append(out, i)
			if max > 0 && len(out) >= max {
				break
			}
		}
	}
	return out
}

// NodeOps lists the ops that made and changed node n: the op that made it,
// then the ops of its edges in order.
func (p *Pickle) NodeOps(n NodeID) []int {
	made := int(p.nodes[n].op)
	ops := []int{made}
	r := p.edgeRange(n)
	if r.count == 0 {
		return ops
	}
	last := made
	for b := p.batchOf(int(r.start)); b < len(p.batches) && p.batches[b].first < r.start+r.count; b++ {
		if op := int(p.batches[b].op); op != last {
			ops = append(ops, op)
			last = op
		}
	}
	return ops
}

// SubtreeSpan is the bytes that wrote n and the objects it owns, as a pickler
// writes them: from the earliest op of its first owned descendants to the end
// of the last op that changed it. It walks only first children, so it costs
// O(depth).
func (p *Pickle) SubtreeSpan(n NodeID) Span {
	made := p.OpSpan(int(p.nodes[n].op))
	end := made.End
	if r := p.edgeRange(n); r.count > 0 {
		if s := p.OpSpan(p.EdgeOp(int(r.start + r.count - 1))); s.End > end {
			end = s.End
		}
	}
	start := made.Start
	cur := n
	for steps := 0; steps <= len(p.nodes); steps++ {
		r := p.edgeRange(cur)
		if r.count == 0 {
			break
		}
		e := p.edges[r.start]
		if p.owner[e.Val] != int32(r.start) {
			break
		}
		child := e.Val
		if e.Key >= 0 {
			child = e.Key
		}
		s := p.OpOffset(int(p.nodes[child].op))
		if s >= start {
			break
		}
		start = s
		cur = e.Val
	}
	return Span{start, end}
}

// indexBatchesByOp builds the permutation of batches in op order. Batches
// of the edges left where the stream put them are already in op order;
// only the gathered ones (after them) need a sort, then the two sequences
// are merged.
func (p *Pickle) indexBatchesByOp() {
	nb := len(p.batches)
	split := nb
	for k := 1; k < nb; k++ {
		if p.batches[k].op < p.batches[k-1].op {
			split = k
			break
		}
	}
	// Everything from the first out-of-order batch on is sorted; the prefix
	// is in order already.
	rest := make([]uint32, nb-split)
	for i := range rest {
		rest[i] = uint32(split + i)
	}
	sort.SliceStable(rest, func(a, b int) bool { return p.batches[rest[a]].op < p.batches[rest[b]].op })
	order := hugemem.Make[uint32](0, nb)
	i, j := 0, 0
	for i < split || j < len(rest) {
		if j >= len(rest) || i < split && p.batches[i].op <= p.batches[rest[j]].op {
			order = append(order, uint32(i))
			i++
		} else {
			order = append(order, rest[j])
			j++
		}
	}
	p.lazy.batchByOp = order
}
