package model

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestEdgeIndex builds graphs whose parents get their edges in batches
// that follow one another, interleave with other parents' or come one at a
// time (as protocol 0 APPENDs do), through AddEdge, AddItems and
// AddEntries, and checks every node's edges, their parents and their ops
// against a plain list per parent.
func TestEdgeIndex(t *testing.T) {
	type ref struct {
		e  Edge
		op int
	}
	for seed := uint64(0); seed < 200; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		b := NewBuilder(make([]byte, 1000), 0)
		nodes := 1 + r.IntN(40)
		op := b.AddOp(0)
		for i := 0; i < nodes; i++ {
			b.AddNode(KindList, op, 0)
		}
		want := make([][]ref, nodes)
		expectAt := r.IntN(300)
		for k := r.IntN(300); k > 0; k-- {
			if k == expectAt {
				b.Expect(int64(b.NumOps()))
			}
			if r.IntN(3) == 0 {
				op = b.AddOp(int64(b.NumOps()))
				if r.IntN(4) == 0 {
					b.Reserve(int64(b.NumOps()), r.IntN(8))
				}
			}
			// Few parents at a time, so that runs and scatter both happen.
			parent := NodeID(r.IntN(min(nodes, 1+r.IntN(4))))
			val := NodeID(r.IntN(nodes))
			switch r.IntN(4) {
			case 0:
				key := Role(-1 - r.IntN(3))
				if r.IntN(2) == 0 {
					key = NodeID(r.IntN(nodes))
				}
				b.AddEdge(parent, key, val, op)
				want[parent] = append(want[parent], ref{Edge{key, val}, int(op)})
			case 1:
				vals := []NodeID{val, NodeID(r.IntN(nodes))}[:r.IntN(3)]
				b.AddItems(parent, RoleItem, vals, op)
				for _, v := range vals {
					want[parent] = append(want[parent], ref{Edge{RoleItem, v}, int(op)})
				}
			case 2:
				kv := []NodeID{NodeID(r.IntN(nodes)), val, NodeID(r.IntN(nodes)), val}[:2*r.IntN(3)]
				b.AddEntries(parent, kv, op)
				for i := 0; i < len(kv); i += 2 {
					want[parent] = append(want[parent], ref{Edge{kv[i], kv[i+1]}, int(op)})
				}
			case 3:
				b.AddItems(parent, RoleArg, []NodeID{val}, op)
				want[parent] = append(want[parent], ref{Edge{RoleArg, val}, int(op)})
			}
		}
		b.SetEnd(int64(b.NumOps()))
		p := b.Finish(NoNode, nil, false, nil)
		total := 0
		for n := range want {
			var got []ref
			for k, e := range p.Edges(NodeID(n)) {
				i := p.EdgeIndex(NodeID(n), k)
				if p.EdgeParent(i) != NodeID(n) {
					t.Fatalf("seed %d: edge %d of node %d has parent %d", seed, i, n, p.EdgeParent(i))
				}
				got = append(got, ref{e, p.EdgeOp(i)})
			}
			if !slices.Equal(got, want[n]) {
				t.Fatalf("seed %d: node %d edges\n got %v\nwant %v", seed, n, got, want[n])
			}
			total += len(got)
		}
		if total != p.NumEdges() {
			t.Fatalf("seed %d: %d edges by node, %d in all", seed, total, p.NumEdges())
		}
	}
}

// TestExpect checks the room Expect makes, by the densities so far, and
// that Reserve then grows an array that lacks room by the densities at
// its offset rather than doubling it.
func TestExpect(t *testing.T) {
	b := NewBuilder(make([]byte, 1000), 0)
	for i := 0; i < 100; i++ {
		b.AddNode(KindNone, b.AddOp(int64(i)), 0)
	}
	b.Expect(100) // 100 nodes in 100 bytes: 900 more, and a sixteenth
	scale := 9 + margin
	if c, want := cap(b.p.nodes), 100+int(100*scale)+16; c != want {
		t.Fatalf("after Expect: room for %d nodes, want %d", c, want)
	}
	for len(b.p.nodes) < cap(b.p.nodes) {
		b.AddNode(KindNone, b.AddOp(int64(b.NumOps())), 0)
	}
	// Denser than foreseen: at offset 500, 1063 nodes in 500 bytes.
	n := len(b.p.nodes)
	b.Reserve(500, 1)
	scale = 1 + margin
	if c, want := cap(b.p.nodes), n+int(float64(n)*scale)+16; c != want {
		t.Fatalf("after Reserve: room for %d nodes, want %d", c, want)
	}
	// Past the data the Builder was given (DecodeSkipping's first pass
	// is given its first MiB only): the densities say nothing, it doubles.
	for len(b.p.nodes) < cap(b.p.nodes) {
		b.AddNode(KindNone, b.AddOp(int64(b.NumOps())), 0)
	}
	n = cap(b.p.nodes)
	b.Reserve(2000, 1)
	if c, want := cap(b.p.nodes), 2*n+64; c != want {
		t.Fatalf("after Reserve past the data: room for %d nodes, want %d", c, want)
	}
}

// TestAddOpRun: runs of ops keep the offset of each stride's first op, as
// AddOp does, and a run that does not start a stride is refused.
func TestAddOpRun(t *testing.T) {
	// 40 one-byte ops (NONE), then STOP: every op is one byte long.
	data := append(bytes.Repeat([]byte("N"), 40), '.')
	b := NewOpsBuilder(data, 0)
	b.AddOpRun(0, OpStride)
	b.AddOpRun(16, 5)
	for off := int64(21); off < 41; off++ {
		b.AddOp(off)
	}
	b.SetEnd(41)
	p := b.Finish(NoNode, nil, false, nil)
	if p.NumOps() != 41 {
		t.Fatalf("%d ops, want 41", p.NumOps())
	}
	for i := 0; i < 41; i++ {
		if got := p.OpOffset(i); got != int64(i) {
			t.Errorf("op %d at %d", i, got)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("AddOpRun off a stride did not panic")
		}
	}()
	b = NewOpsBuilder(data, 0)
	b.AddOp(0)
	b.AddOpRun(1, 3)
}
