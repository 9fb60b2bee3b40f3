package model

// Builder assembles a Pickle. The decoder owns one per pickle; nothing else
// should need it. Its methods are cheap appends, called once per op.
type Builder struct {
	p   Pickle
	raw []Edge // edges in op order
}

// NewBuilder starts a pickle whose first op is at offset start of data.
// Capacity for ops, nodes and edges is reserved from the bytes that remain,
// at the densities of typical binary pickles (about 2.6 bytes per op, 9 per
// object and 7 per reference, measured on CPython's output for lists of
// records), so the hot appends rarely copy; denser input grows by append.
// Reserved capacity is zeroed by the runtime and so costs memory: it is
// kept close to what is needed, and capped for huge inputs.
func NewBuilder(data []byte, start int64) *Builder {
	rem := max(len(data)-int(start), 0)
	b := &Builder{}
	b.p.data = data
	b.p.start = start
	b.p.end = start
	b.p.root = NoNode
	const maxReserve = 1 << 26
	b.p.opCheck = make([]int64, 0, min(rem/2/opStride+1, maxReserve))
	b.p.nodes = make([]nodeRec, 0, min(rem/8+16, maxReserve))
	b.raw = make([]Edge, 0, min(rem/6+16, maxReserve))
	adviseHuge(b.p.nodes)
	adviseHuge(b.raw)
	return b
}

// AddOp records an op starting at off and returns its index. Ops must be
// added in order of offset, each starting where the previous one ended.
func (b *Builder) AddOp(off int64) uint32 {
	if b.p.numOps%opStride == 0 {
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
	b.raw = append(b.raw, Edge{Parent: parent, Key: key, Val: val, Op: op})
	f := FlagParts
	switch {
	case key >= 0:
		f = FlagEntries
	case key == RoleItem:
		f = FlagItems
	}
	b.p.nodes[parent].flags |= f
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
	b.raw = nil
	b.assignOwners()
	out := &Pickle{}
	*out = Pickle{
		source: p.source, data: p.data, start: p.start, end: p.end,
		numOps: p.numOps, opCheck: p.opCheck, nodes: p.nodes, side: p.side, edges: p.edges, edgesX: p.edgesX,
		edgeStart: p.edgeStart, edgeCount: p.edgeCount, owner: p.owner, root: p.root, stack: p.stack,
		memo: p.memo, protocol: p.protocol, maxDepth: p.maxDepth,
		complete: p.complete, err: p.err, warnings: p.warnings,
	}
	b.p = Pickle{}
	return out
}

// indexEdges makes each parent's edges contiguous without copying the
// edge array. A pickler writes a container's items in batches (APPENDS,
// SETITEMS, BUILD), so most parents' edges already are one run in op
// order; those stay where they are. Only parents whose edges are scattered
// (one APPEND at a time in protocol 0, or a list filled by many APPENDS
// batches) get their edges gathered, in op order, after the others; then
// the emptied slots are squeezed out in one sequential pass. Extra memory
// is the gathered edges alone, not a second edge array.
func (b *Builder) indexEdges() {
	p := &b.p
	n := len(p.nodes)
	const scattered = 1 << 31
	first := make([]uint32, n)
	count := make([]uint32, n)
	moved := 0
	for i, e := range b.raw {
		q := e.Parent
		c := count[q] &^ scattered
		switch {
		case c == 0:
			first[q] = uint32(i)
		case count[q]&scattered == 0 && first[q]+c != uint32(i):
			count[q] |= scattered
			moved += int(c)
		}
		if count[q]&scattered != 0 {
			moved++
		}
		count[q]++
	}
	edges := b.raw
	var extra []Edge
	if moved > 0 {
		// Gather scattered parents' edges, in op order, into their own
		// array; their global indices continue after the main array's.
		extra = make([]Edge, moved)
		next := uint32(0)
		for q := range count {
			if count[q]&scattered != 0 {
				first[q] = next
				next += count[q] &^ scattered
			}
		}
		for i := range edges {
			q := edges[i].Parent
			if count[q]&scattered == 0 {
				continue
			}
			extra[first[q]] = edges[i]
			first[q]++
			edges[i].Parent = NoNode
		}
		// Squeeze out the emptied slots, keeping every run in order.
		w := 0
		for i, e := range edges {
			if e.Parent == NoNode {
				continue
			}
			if uint32(i) == first[e.Parent] {
				first[e.Parent] = uint32(w)
			}
			edges[w] = e
			w++
		}
		edges = edges[:w]
		for q := range count {
			if count[q]&scattered != 0 {
				count[q] &^= scattered
				first[q] = first[q] - count[q] + uint32(w)
			}
		}
	}
	p.edgesX = extra
	p.edges = edges
	p.edgeStart = first
	p.edgeCount = count
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
		walk = append(walk[:0], frame{node: r, next: p.edgeStart[r]})
		for len(walk) > 0 {
			top := &walk[len(walk)-1]
			if top.next >= p.edgeStart[top.node]+p.edgeCount[top.node] {
				walk = walk[:len(walk)-1]
				continue
			}
			ei := top.next
			top.next++
			e := p.Edge(int(ei))
			if e.Key >= 0 && owner[e.Key] == ownerNone {
				owner[e.Key] = int32(ei)
				walk = append(walk, frame{node: e.Key, next: p.edgeStart[e.Key]})
				if len(walk)-1 > maxDepth {
					maxDepth = len(walk) - 1
				}
				// Visit the value after the key's subtree: re-run this edge.
				walk[len(walk)-2].next--
				continue
			}
			if owner[e.Val] == ownerNone {
				owner[e.Val] = int32(ei)
				walk = append(walk, frame{node: e.Val, next: p.edgeStart[e.Val]})
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
