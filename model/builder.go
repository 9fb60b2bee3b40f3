package model

// Builder assembles a Pickle. The decoder owns one per pickle; nothing else
// should need it. Its methods are cheap appends, called once per op.
type Builder struct {
	p     Pickle
	raw   []Edge // edges in op order
	curHi uint32
}

// NewBuilder starts a pickle whose first op is at offset start of data.
// sizeHint, if positive, is the expected number of ops (for preallocation);
// it is clamped so that a hostile hint cannot allocate more than the input.
func NewBuilder(data []byte, start int64, sizeHint int) *Builder {
	if max := len(data) - int(start); sizeHint > max {
		sizeHint = max
	}
	if sizeHint < 0 {
		sizeHint = 0
	}
	b := &Builder{}
	b.p.data = data
	b.p.start = start
	b.p.end = start
	b.p.root = NoNode
	// Capacity is reserved up front from the input size (a pickle has at
	// most one op per byte, and about one node per two ops), so the hot
	// appends never copy. Untouched capacity costs address space, not
	// memory; it is capped so that huge inputs grow by appending instead.
	const maxReserve = 1 << 27
	ops := min(sizeHint, maxReserve)
	b.p.opOff = make([]uint32, 0, ops)
	b.p.nodes = make([]Node, 0, min(sizeHint/2, maxReserve))
	b.raw = make([]Edge, 0, min(sizeHint/3, maxReserve))
	return b
}

// AddOp records an op starting at off and returns its index. Ops must be
// added in order of offset.
func (b *Builder) AddOp(off int64) uint32 {
	hi := uint32(off >> 32)
	for b.curHi < hi {
		b.p.opHi = append(b.p.opHi, uint32(len(b.p.opOff)))
		b.curHi++
	}
	b.p.opOff = append(b.p.opOff, uint32(off))
	return uint32(len(b.p.opOff) - 1)
}

// SetSource records the container member or stream the pickle came from.
func (b *Builder) SetSource(name string) { b.p.source = name }

// NumOps is the number of ops added so far.
func (b *Builder) NumOps() int { return len(b.p.opOff) }

// SetEnd records the end of the last op (the offset after it).
func (b *Builder) SetEnd(end int64) { b.p.end = end }

// AddNode adds a node made by op and returns its id.
func (b *Builder) AddNode(kind Kind, op uint32, val uint64) NodeID {
	b.p.nodes = append(b.p.nodes, Node{Kind: kind, Op: op, Val: val})
	return NodeID(len(b.p.nodes) - 1)
}

// NumNodes is the number of nodes added so far.
func (b *Builder) NumNodes() int { return len(b.p.nodes) }

// NodeKind is the kind of node n.
func (b *Builder) NodeKind(n NodeID) Kind { return b.p.nodes[n].Kind }

// SetFlag sets a flag on node n.
func (b *Builder) SetFlag(n NodeID, f NodeFlags) { b.p.nodes[n].Flags |= f }

// AddEdge adds an edge from parent to val, with key a dict key node or a
// negative Role, added by op.
func (b *Builder) AddEdge(parent, key, val NodeID, op uint32) {
	b.raw = append(b.raw, Edge{Parent: parent, Key: key, Val: val, Op: op})
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
	b.indexEdges()
	b.assignOwners()
	b.raw = nil
	out := &Pickle{}
	*out = Pickle{
		source: p.source, data: p.data, start: p.start, end: p.end,
		opOff: p.opOff, opHi: p.opHi, nodes: p.nodes, edges: p.edges,
		childStart: p.childStart, owner: p.owner, root: p.root, stack: p.stack,
		memo: p.memo, protocol: p.protocol, maxDepth: p.maxDepth,
		complete: p.complete, err: p.err, warnings: p.warnings,
	}
	b.p = Pickle{}
	return out
}

// indexEdges sorts the raw edges by parent (a stable counting sort, so each
// parent keeps its op order).
func (b *Builder) indexEdges() {
	p := &b.p
	n := len(p.nodes)
	start := make([]uint32, n+1)
	for _, e := range b.raw {
		start[e.Parent+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	edges := make([]Edge, len(b.raw))
	// start[n] is each parent's first slot; bump it as the slot fills, which
	// leaves start[n] at the next parent's first slot; then shift back.
	for _, e := range b.raw {
		j := start[e.Parent]
		start[e.Parent]++
		edges[j] = e
	}
	copy(start[1:], start[:n])
	start[0] = 0
	p.edges = edges
	p.childStart = start
}

// assignOwners walks the graph depth-first from the root and then from each
// stack item, with an explicit stack, and makes the first edge that reaches
// each node its owner.
func (b *Builder) assignOwners() {
	p := &b.p
	owner := make([]int32, len(p.nodes))
	for i := range owner {
		owner[i] = ownerNone
	}
	type frame struct {
		node NodeID
		next uint32
	}
	var walk []frame
	maxDepth := 0
	visit := func(r NodeID) {
		if r < 0 || owner[r] != ownerNone {
			return
		}
		owner[r] = ownerRoot
		walk = append(walk[:0], frame{node: r, next: p.childStart[r]})
		for len(walk) > 0 {
			top := &walk[len(walk)-1]
			if top.next >= p.childStart[top.node+1] {
				walk = walk[:len(walk)-1]
				continue
			}
			ei := top.next
			top.next++
			e := p.edges[ei]
			if e.Key >= 0 && owner[e.Key] == ownerNone {
				owner[e.Key] = int32(ei)
				walk = append(walk, frame{node: e.Key, next: p.childStart[e.Key]})
				if len(walk)-1 > maxDepth {
					maxDepth = len(walk) - 1
				}
				// Visit the value after the key's subtree: re-run this edge.
				walk[len(walk)-2].next--
				continue
			}
			if owner[e.Val] == ownerNone {
				owner[e.Val] = int32(ei)
				walk = append(walk, frame{node: e.Val, next: p.childStart[e.Val]})
				if len(walk)-1 > maxDepth {
					maxDepth = len(walk) - 1
				}
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
