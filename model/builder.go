package model

import (
	"cmp"
	"math/bits"
	"slices"

	"pklx/model/hugemem"
)

// Builder assembles a Pickle. The decoder owns one per pickle; nothing else
// should need it. Its methods are cheap appends, called once per op.
type Builder struct {
	p Pickle // edges and batches in op order until Finish
	// The parent and op of the last batch (NoNode before the first).
	lastParent NodeID
	lastOp     uint32
	// expected is whether Expect has run: from then on Reserve grows an
	// array by the densities so far.
	expected bool
}

// NewBuilder starts a pickle whose first op is at offset start of data.
// It reserves no room: a decoder makes room as it goes, with Reserve every
// few thousand ops and, once it has decoded enough ops to know the file's
// densities, with Expect for the rest of the pickle, so that the hot
// appends rarely copy.
func NewBuilder(data []byte, start int64) *Builder {
	b, _ := newBuilder(data, start)
	return b
}

// maxReserve caps what Expect reserves per array, in elements.
const maxReserve = 1 << 26

// margin is how much more room than the densities so far predict Expect
// and Reserve make for the rest of a pickle: a sixteenth.
const margin = 1.0 / 16

// Expect makes room for the rest of the pickle, from the offset off the
// decoder has reached to the end of the data, at the densities of what
// was decoded so far (ops, nodes, edges and batches per byte), plus the
// margin; from then on Reserve grows an array that lacks room the same
// way. Reserved capacity that is never written is never touched either,
// but Go counts it as live heap and clears it when it reuses memory, so it
// is reserved by density, not by the input's size (a file of big byte
// payloads has few ops per byte).
func (b *Builder) Expect(off int64) {
	p := &b.p
	b.expected = true
	scale := b.scale(off)
	if scale == 0 {
		return
	}
	more := func(have int) int { return min(int(float64(have)*scale)+16, maxReserve) }
	p.opCheck = growTo(p.opCheck, len(p.opCheck)+more(len(p.opCheck)))
	p.nodes = growTo(p.nodes, len(p.nodes)+more(len(p.nodes)))
	p.edges = growTo(p.edges, len(p.edges)+more(len(p.edges)))
	p.batches = growTo(p.batches, len(p.batches)+more(len(p.batches)))
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
	b.p.opCheck = hugemem.Make[int64](0, min(rem/2/opStride+1, estimateOps(data, start)/opStride+1, 1<<26))
	return b
}

// newBuilder is a Builder with no room reserved, and the bytes that remain.
func newBuilder(data []byte, start int64) (*Builder, int) {
	b := &Builder{lastParent: NoNode}
	b.p.data = data
	b.p.start = start
	b.p.end = start
	b.p.root = NoNode
	return b, max(len(data)-int(start), 0)
}

// AddOp records an op starting at off and returns its index. Ops must be
// added in order of offset, each starting where the previous one ended.
func (b *Builder) AddOp(off int64) uint32 {
	i := b.p.numOps
	b.p.numOps = i + 1
	if uint(i)%opStride == 0 {
		b.p.opCheck = append(b.p.opCheck, off)
	}
	return uint32(i)
}

// OpStride is how many ops lie between two offsets kept by the sparse op
// index: AddOpRun takes runs of at most this many.
const OpStride = opStride

// AddOpRun records k ops (1 <= k <= OpStride) whose first starts at off,
// when NumOps is a multiple of OpStride: the index keeps that op's offset
// alone, so a decoder that steps over a run of ops need not say where the
// others start. It panics when called off a stride or with a bad k.
func (b *Builder) AddOpRun(off int64, k int) {
	if b.p.numOps%opStride != 0 || k < 1 || k > opStride {
		panic("model: AddOpRun off a stride")
	}
	b.p.opCheck = append(b.p.opCheck, off)
	b.p.numOps += k
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
	if parent != b.lastParent || op != b.lastOp {
		b.lastParent, b.lastOp = parent, op
		p.batches = append(p.batches, batch{first: uint32(len(p.edges)), parent: parent, op: op})
	}
	p.edges = append(p.edges, Edge{Key: key, Val: val})
	p.nodes[parent].flags |= edgeFlag(key)
}

// edgeFlag is the node flag that an edge with key gives its parent.
func edgeFlag(key NodeID) NodeFlags {
	if key >= 0 {
		return FlagEntries
	}
	if key == RoleItem {
		return FlagItems
	}
	return FlagParts
}

// AddItems adds an edge of the negative Role role from parent to each of
// vals, in order, added by op: what AddEdge does for each, in one step.
func (b *Builder) AddItems(parent NodeID, role Role, vals []NodeID, op uint32) {
	if len(vals) == 0 {
		return
	}
	p := &b.p
	b.batch(parent, op)
	l := len(p.edges)
	p.edges = growBy(p.edges, len(vals))[:l+len(vals)]
	e := p.edges[l:]
	for i, v := range vals[:len(e)] {
		e[i] = Edge{Key: role, Val: v}
	}
	f := FlagParts
	if role == RoleItem {
		f = FlagItems
	}
	p.nodes[parent].flags |= f
}

// AddEntries adds the dict entries of kv, pairs of key and value nodes,
// to parent, in order, added by op: AddEdge(parent, kv[i], kv[i+1], op)
// for each pair, in one step. A key node is never negative.
func (b *Builder) AddEntries(parent NodeID, kv []NodeID, op uint32) {
	if len(kv) < 2 {
		return
	}
	p := &b.p
	b.batch(parent, op)
	l := len(p.edges)
	p.edges = growBy(p.edges, len(kv)/2)[:l+len(kv)/2]
	e := p.edges[l:]
	for i := range e {
		e[i] = Edge{Key: kv[2*i], Val: kv[2*i+1]}
	}
	p.nodes[parent].flags |= FlagEntries
}

// batch starts a batch of edges for parent and op, unless the last one is
// theirs.
func (b *Builder) batch(parent NodeID, op uint32) {
	if parent != b.lastParent || op != b.lastOp {
		b.lastParent, b.lastOp = parent, op
		b.p.batches = append(b.p.batches, batch{first: uint32(len(b.p.edges)), parent: parent, op: op})
	}
}

// Reserve makes room for the appends of n more ops (each makes at most two
// nodes, three edges and one batch; longer runs of edges make their own
// room), the decoder being at offset off. An array that lacks it doubles
// or, once Expect has run, grows to what the rest of the pickle needs at
// the densities so far plus the margin (at least by an eighth): the
// densities of a file's first ops can mislead (ids and names get longer
// further on), and this corrects them. The per-op methods append without
// a check of their own, so a decoder calls Reserve every so many ops:
// append alone grows big slices by a quarter at a time, which copies an
// array that outgrew its reservation about five times over.
func (b *Builder) Reserve(off int64, n int) {
	p := &b.p
	scale := 0.0
	if b.expected {
		scale = b.scale(off)
	}
	p.opCheck = room(p.opCheck, n/opStride+1, scale)
	p.nodes = room(p.nodes, 2*n, scale)
	p.edges = room(p.edges, 3*n, scale)
	p.batches = room(p.batches, n, scale)
}

// scale is how many more elements than it holds an array needs for the
// rest of the data, at offset off, at the densities so far, plus the
// margin; 0 when that is not known (nothing done, or off past the data
// the Builder was given, as in DecodeSkipping's first pass).
func (b *Builder) scale(off int64) float64 {
	done, rem := off-b.p.start, int64(len(b.p.data))-off
	if done <= 0 || rem <= 0 {
		return 0
	}
	return float64(rem)/float64(done) + margin
}

// room is s with room for need more elements: doubled when scale is 0,
// else grown by scale times its length (and at least an eighth of it).
func room[T any](s []T, need int, scale float64) []T {
	if cap(s)-len(s) >= need {
		return s
	}
	if scale == 0 {
		return growBy(s, need)
	}
	return growTo(s, len(s)+max(need, int(float64(len(s))*scale)+16, len(s)/8))
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
	p.hasEdges = hugemem.Make[uint64](words, words)
	p.rankCum = hugemem.Make[uint32](words, words)
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
	ranges := hugemem.Make[edgeRange](int(parents), int(parents))
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
	moved, movedBatches := uint32(0), 0
	// A parent's batches often follow one another (a protocol 0 dict's
	// SETITEMs): its slot is looked up once for them.
	last, r := NoNode, (*edgeRange)(nil)
	for k, bt := range batches {
		if bt.parent != last {
			last, r = bt.parent, &ranges[slot(bt.parent)]
		}
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
			movedBatches++
		}
		r.count += l
	}
	if moved == 0 {
		return
	}
	// Gather scattered parents' edges, in op order, into their own array,
	// and their batches into another; squeeze the rest down in place. Both
	// arrays are the spare capacity of edges and batches when it suffices
	// (the decoder reserves a margin), beyond what the squeeze writes.
	extra := spare(p.edges, int(moved))
	next := uint32(0)
	for i := range ranges {
		if ranges[i].count&scattered != 0 {
			ranges[i].start = next // a cursor into extra for now
			next += ranges[i].count &^ scattered
			movedBatches++ // the batch before it was scattered, at least
		}
	}
	xb := spare(batches, movedBatches)[:0]
	w, wb := uint32(0), 0
	// The edges that stay move down in runs, [runLo, runHi) to w-(runHi-runLo),
	// one copy per run rather than per batch.
	runLo, runHi := uint32(0), uint32(0)
	last = NoNode
	for k := range batches {
		bt := batches[k]
		lo, hi := bt.first, end(k)
		if bt.parent != last {
			last, r = bt.parent, &ranges[slot(bt.parent)]
		}
		if r.count&scattered != 0 {
			if hi-lo == 1 {
				extra[r.start] = p.edges[lo]
			} else {
				copy(extra[r.start:], p.edges[lo:hi])
			}
			xb = append(xb, batch{first: r.start, parent: bt.parent, op: bt.op})
			r.start += hi - lo
			continue
		}
		if r.start == lo {
			r.start = w
		}
		if lo != runHi {
			moveDown(p.edges, w-(runHi-runLo), runLo, runHi)
			runLo = lo
		}
		runHi = hi
		bt.first = w
		batches[wb] = bt
		w += hi - lo
		wb++
	}
	moveDown(p.edges, w-(runHi-runLo), runLo, runHi)
	copy(p.edges[w:], extra)
	for i := range ranges {
		if ranges[i].count&scattered != 0 {
			ranges[i].count &^= scattered
			ranges[i].start = ranges[i].start - ranges[i].count + w
		}
	}
	// In order already when one parent was scattered (a protocol 0 list).
	byFirst := func(a, b batch) int { return cmp.Compare(a.first, b.first) }
	if !slices.IsSortedFunc(xb, byFirst) {
		slices.SortFunc(xb, byFirst)
	}
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
	owner := hugemem.Make[int32](len(p.nodes), len(p.nodes))
	for i := range owner {
		owner[i] = ownerNone
	}
	// A frame is a node whose edges are being walked: edges[next:end].
	// Nodes without edges (most of them: ints, strings) get none.
	type frame struct {
		next, end uint32
	}
	var walk []frame
	maxDepth := 0
	for k := -1; k < len(p.stack); k++ {
		r := p.root
		if k >= 0 {
			if p.stack[k].Mark {
				continue
			}
			r = p.stack[k].Node
		}
		if r < 0 || owner[r] != ownerNone {
			continue
		}
		owner[r] = ownerRoot
		er := p.edgeRange(r)
		walk = append(walk[:0], frame{next: er.start, end: er.start + er.count})
		for len(walk) > 0 {
			top := &walk[len(walk)-1]
			if top.next >= top.end {
				walk = walk[:len(walk)-1]
				continue
			}
			ei := top.next
			e := p.edges[ei]
			child := e.Val
			if e.Key >= 0 && owner[e.Key] == ownerNone {
				// The key's subtree first; then this edge again, for its value.
				child = e.Key
			} else {
				top.next++
				if owner[child] != ownerNone {
					continue
				}
			}
			owner[child] = int32(ei)
			maxDepth = max(maxDepth, len(walk)) // the child's depth
			if cr := p.edgeRange(child); cr.count > 0 {
				if len(walk) == cap(walk) {
					walk = grow(walk)
				}
				walk = append(walk, frame{next: cr.start, end: cr.start + cr.count})
			}
		}
	}
	p.owner = owner
	p.maxDepth = maxDepth
}

// grow doubles s's capacity, placed for huge pages when it is big. append
// grows big slices by a quarter at a time, which copies an array that
// outgrew its reservation about five times over; doubling copies it once.
func grow[T any](s []T) []T { return hugemem.Grow(s, 2*cap(s)+64) }

// moveDown moves e[lo:hi] to e[to:], to <= lo. Runs between the edges of
// a scattered parent are short (a protocol 0 dict's three edges between
// two APPENDs): an element loop beats a call to copy's memmove for them.
func moveDown(e []Edge, to, lo, hi uint32) {
	if to == lo {
		return
	}
	if hi-lo > 8 {
		copy(e[to:], e[lo:hi])
		return
	}
	for i := lo; i < hi; i++ {
		e[to+i-lo] = e[i]
	}
}

// spare is n elements past the end of s: in its capacity if they fit,
// else new.
func spare[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s[len(s) : len(s)+n]
	}
	return hugemem.Make[T](n, n)
}

// growBy is s with room for n more elements: doubled as by grow, or to
// fit n when that is more.
func growBy[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	return growTo(s, max(2*cap(s)+64, len(s)+n))
}

// growTo is s with capacity c, when it has less, placed for huge pages
// when it is big.
func growTo[T any](s []T, c int) []T { return hugemem.Grow(s, c) }
