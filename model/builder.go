package model

import (
	"math/bits"
	"sort"
)

// Builder assembles a Pickle. The decoder owns one per pickle; nothing else
// should need it. Its methods are cheap appends, called once per op.
type Builder struct {
	p Pickle // edges and batches in op order until Finish
}

// NewBuilder starts a pickle whose first op is at offset start of data.
// Capacity for ops, nodes and edges is reserved from the bytes that remain,
// at the densities of dense binary pickles: an op per 2 bytes, an object
// per 8 and a reference per 4 (CPython's lists of records take about 2.6,
// 9 and 7; a graph of shared references 5 bytes per reference; protocol 0
// writes a batch of edges per SETITEM or APPEND, about 14 bytes each), so
// the hot appends rarely copy; denser input grows, doubling. Reserved
// capacity that is never written is never touched either, so it costs
// address space, not memory.
func NewBuilder(data []byte, start int64) *Builder {
	b, rem := newBuilder(data, start)
	// Go counts reserved capacity as live heap: a file of big byte
	// payloads (few ops, gigabytes) must not reserve by its size, or the
	// collector's goal rises by gigabytes and lets garbage pile up. So the
	// op count is estimated from the first ops too, and an op makes at most
	// two objects, one reference and one batch.
	const maxReserve = 1 << 26
	ops := estimateOps(data, start)
	b.p.opCheck = make([]int64, 0, min(rem/2/opStride+1, ops/opStride+1, maxReserve))
	b.p.nodes = make([]nodeRec, 0, min(rem/8+16, 2*ops, maxReserve))
	b.p.edges = make([]Edge, 0, min(rem/4+16, ops, maxReserve))
	b.p.batches = make([]batch, 0, min(rem/12+16, ops, maxReserve))
	adviseHuge(b.p.opCheck)
	adviseHuge(b.p.nodes)
	adviseHuge(b.p.edges)
	adviseHuge(b.p.batches)
	return b
}

// estimateOps is about how many ops data holds from start on, judged by
// the density of its first ops (up to 65,536 of them, or 4 MiB), with a
// margin. A guess too low only costs a copy when an array doubles.
func estimateOps(data []byte, start int64) int {
	n := int64(len(data))
	off, ops := start, 0
	for ops < 1<<16 && off < n && off-start < 4<<20 {
		off = max(OpEnd(data, off), off+1)
		ops++
	}
	if off >= n || off == start {
		return ops + 16
	}
	return int(float64(n-start)*float64(ops)/float64(off-start)*1.5) + 16
}

// NewOpsBuilder starts a pickle that will hold ops only (an index pass):
// it reserves room for the op index alone.
func NewOpsBuilder(data []byte, start int64) *Builder {
	b, rem := newBuilder(data, start)
	b.p.opCheck = make([]int64, 0, min(rem/2/opStride+1, estimateOps(data, start)/opStride+1, 1<<26))
	return b
}

// newBuilder is a Builder with no room reserved, and the bytes that remain.
func newBuilder(data []byte, start int64) (*Builder, int) {
	b := &Builder{}
	b.p.data = data
	b.p.start = start
	b.p.end = start
	b.p.root = NoNode
	return b, max(len(data)-int(start), 0)
}

// AddOp records an op starting at off and returns its index. Ops must be
// added in order of offset, each starting where the previous one ended.
func (b *Builder) AddOp(off int64) uint32 {
	if b.p.numOps%opStride == 0 {
		if len(b.p.opCheck) == cap(b.p.opCheck) {
			b.p.opCheck = grow(b.p.opCheck)
		}
		b.p.opCheck = append(b.p.opCheck, off)
	}
	b.p.numOps++
	return uint32(b.p.numOps - 1)
}

// SetSource records the container member or stream the pickle came from.
func (b *Builder) SetSource(name string) { b.p.source = name }

// NumOps is the number of ops added so far.
func (b *Builder) NumOps() int { return b.p.numOps }

// SetEnd records the end of the last op (the offset after it).
func (b *Builder) SetEnd(end int64) { b.p.end = end }

// AddNode adds a node made by op and returns its id. val is the node's Val
// (see Node); it is kept only where the op's bytes do not hold it (the
// module and name nodes of STACK_GLOBAL, a buffer's index), since Pickle
// reads every other value back from the op.
func (b *Builder) AddNode(kind Kind, op uint32, val uint64) NodeID {
	n := NodeID(len(b.p.nodes))
	if len(b.p.nodes) == cap(b.p.nodes) {
		b.p.nodes = grow(b.p.nodes)
	}
	b.p.nodes = append(b.p.nodes, nodeRec{kind: kind, op: op})
	if (kind == KindGlobal || kind == KindBuffer) && val != 0 {
		b.p.side = append(b.p.side, sideVal{n: n, v: val})
	}
	return n
}

// NumNodes is the number of nodes added so far.
func (b *Builder) NumNodes() int { return len(b.p.nodes) }

// NodeKind is the kind of node n.
func (b *Builder) NodeKind(n NodeID) Kind { return b.p.nodes[n].kind }

// SetFlag sets a flag on node n.
func (b *Builder) SetFlag(n NodeID, f NodeFlags) { b.p.nodes[n].flags |= f }

// AddEdge adds an edge from parent to val, with key a dict key node or a
// negative Role, added by op.
func (b *Builder) AddEdge(parent, key, val NodeID, op uint32) {
	p := &b.p
	if nb := len(p.batches); nb == 0 || p.batches[nb-1].parent != parent || p.batches[nb-1].op != op {
		if nb == cap(p.batches) {
			p.batches = grow(p.batches)
		}
		p.batches = append(p.batches, batch{first: uint32(len(p.edges)), parent: parent, op: op})
	}
	if len(p.edges) == cap(p.edges) {
		p.edges = grow(p.edges)
	}
	p.edges = append(p.edges, Edge{Key: key, Val: val})
	f := FlagParts
	switch {
	case key >= 0:
		f = FlagEntries
	case key == RoleItem:
		f = FlagItems
	}
	p.nodes[parent].flags |= f
}

// SetProtocol records the pickle's protocol.
func (b *Builder) SetProtocol(v int) { b.p.protocol = v }

// SetMemoLen records how many memo keys were stored.
func (b *Builder) SetMemoLen(n int) { b.p.memo = n }

// Warn records a warning.
func (b *Builder) Warn(w Warning) {
	if len(b.p.warnings) < 1000 {
		b.p.warnings = append(b.p.warnings, w)
	}
}

// Finish builds the immutable Pickle. root is the object STOP returned
// (NoNode if none); stack is the stack where decoding stopped when it
// failed; err is that failure.
func (b *Builder) Finish(root NodeID, stack []StackItem, complete bool, err error) *Pickle {
	p := &b.p
	p.root = root
	p.stack = stack
	p.complete = complete
	p.err = err
	p.lazy = &lazyIndex{}
	b.indexEdges()
	b.assignOwners()
	out := &Pickle{}
	*out = b.p
	b.p = Pickle{}
	return out
}

// edgeMask is the node flags that say a node has edges.
const edgeMask = FlagItems | FlagEntries | FlagParts

// indexEdges makes each parent's edges contiguous without a second edge
// array. A pickler writes a container's items in batches (APPENDS,
// SETITEMS, BUILD), so most parents' edges already are one run in op order;
// those stay where they are. Only parents whose edges are scattered (one
// APPEND at a time in protocol 0, or a list filled by many APPENDS batches
// with other objects' ops between them) get their edges gathered, in op
// order, after the others, with the emptied slots squeezed out in one
// sequential pass. Extra memory is the gathered edges alone. Then each
// parent's range is found through a rank over a bitmap of the nodes that
// have edges: 8 bytes per parent, not per node.
func (b *Builder) indexEdges() {
	p := &b.p
	n := len(p.nodes)
	words := (n + 63) / 64
	p.hasEdges = make([]uint64, words)
	p.rankCum = make([]uint32, words)
	parents := uint32(0)
	for w := 0; w < words; w++ {
		p.rankCum[w] = parents
		var word uint64
		for i := w * 64; i < min(n, w*64+64); i++ {
			if p.nodes[i].flags&edgeMask != 0 {
				word |= 1 << (i & 63)
			}
		}
		p.hasEdges[w] = word
		parents += uint32(bits.OnesCount64(word))
	}
	ranges := make([]edgeRange, parents)
	adviseHuge(ranges)
	p.ranges = ranges
	slot := func(q NodeID) uint32 {
		w := uint32(q) >> 6
		return p.rankCum[w] + uint32(bits.OnesCount64(p.hasEdges[w]&(1<<(uint32(q)&63)-1)))
	}
	const scattered = 1 << 31
	batches := p.batches
	total := uint32(len(p.edges))
	end := func(k int) uint32 {
		if k+1 < len(batches) {
			return batches[k+1].first
		}
		return total
	}
	moved := uint32(0)
	for k, bt := range batches {
		r := &ranges[slot(bt.parent)]
		c := r.count &^ scattered
		l := end(k) - bt.first
		switch {
		case c == 0:
			r.start = bt.first
		case r.count&scattered == 0 && r.start+c != bt.first:
			r.count |= scattered
			moved += c
		}
		if r.count&scattered != 0 {
			moved += l
		}
		r.count += l
	}
	if moved == 0 {
		return
	}
	// Gather scattered parents' edges, in op order, into their own array,
	// and their batches into another; squeeze the rest down in place.
	extra := make([]Edge, moved)
	next := uint32(0)
	for i := range ranges {
		if ranges[i].count&scattered != 0 {
			ranges[i].start = next // a cursor into extra for now
			next += ranges[i].count &^ scattered
		}
	}
	var xb []batch
	w, wb := uint32(0), 0
	for k := range batches {
		bt := batches[k]
		lo, hi := bt.first, end(k)
		r := &ranges[slot(bt.parent)]
		if r.count&scattered != 0 {
			copy(extra[r.start:], p.edges[lo:hi])
			xb = append(xb, batch{first: r.start, parent: bt.parent, op: bt.op})
			r.start += hi - lo
			continue
		}
		if r.start == lo {
			r.start = w
		}
		copy(p.edges[w:], p.edges[lo:hi])
		bt.first = w
		batches[wb] = bt
		w += hi - lo
		wb++
	}
	copy(p.edges[w:], extra)
	for i := range ranges {
		if ranges[i].count&scattered != 0 {
			ranges[i].count &^= scattered
			ranges[i].start = ranges[i].start - ranges[i].count + w
		}
	}
	sort.Slice(xb, func(i, j int) bool { return xb[i].first < xb[j].first })
	for _, bt := range xb {
		bt.first += w
		batches[wb] = bt
		wb++
	}
	p.batches = batches[:wb]
}

// assignOwners walks the graph depth-first from the root and then from each
// stack item, with an explicit stack, and makes the first edge that reaches
// each node its owner.
func (b *Builder) assignOwners() {
	p := &b.p
	owner := make([]int32, len(p.nodes))
	adviseHuge(owner)
	for i := range owner {
		owner[i] = ownerNone
	}
	type frame struct {
		next, end uint32
	}
	var walk []frame
	push := func(n NodeID) {
		r := p.edgeRange(n)
		if len(walk) == cap(walk) {
			walk = grow(walk)
		}
		walk = append(walk, frame{next: r.start, end: r.start + r.count})
	}
	maxDepth := 0
	visit := func(r NodeID) {
		if r < 0 || owner[r] != ownerNone {
			return
		}
		owner[r] = ownerRoot
		walk = walk[:0]
		push(r)
		for len(walk) > 0 {
			top := &walk[len(walk)-1]
			if top.next >= top.end {
				walk = walk[:len(walk)-1]
				continue
			}
			ei := top.next
			top.next++
			e := p.edges[ei]
			if e.Key >= 0 && owner[e.Key] == ownerNone {
				owner[e.Key] = int32(ei)
				// Visit the value after the key's subtree: re-run this edge.
				top.next--
				push(e.Key)
				maxDepth = max(maxDepth, len(walk)-1)
				continue
			}
			if owner[e.Val] == ownerNone {
				owner[e.Val] = int32(ei)
				push(e.Val)
				maxDepth = max(maxDepth, len(walk)-1)
			}
		}
	}
	visit(p.root)
	for _, s := range p.stack {
		if !s.Mark {
			visit(s.Node)
		}
	}
	p.owner = owner
	p.maxDepth = maxDepth
}

// grow doubles s's capacity, with huge-page advice when it is big. append
// grows big slices by a quarter at a time, which copies an array that
// outgrew its reservation about five times over; doubling copies it once.
func grow[T any](s []T) []T {
	g := make([]T, len(s), 2*cap(s)+64)
	adviseHuge(g)
	copy(g, s)
	return g
}
