package view

import "pklx/model"

// Direct is the rows below a node whose rows are exactly its own edges, in
// order: a list, tuple, set or frozenset holding items only, or a dict
// holding entries only. Such a node's rows are made from its edges when
// asked for, so a container of millions of items needs no row list: At(i)
// is Children(p, n)[i], in O(1).
type Direct struct {
	p     *model.Pickle
	base  int // global index of the node's first edge
	count int
	dict  bool
}

// DirectChildren reports whether node n's rows are its own edges in order
// (see Direct), and returns them. A recognised object (ViewChildren) is
// never direct: its rows come from its view.
func DirectChildren(p *model.Pickle, n model.NodeID) (Direct, bool) {
	dict, ok := edgesAreRows(p, n)
	if !ok {
		return Direct{}, false
	}
	if _, ok := Recognized(p, n); ok {
		return Direct{}, false
	}
	return Direct{p: p, base: p.EdgeIndex(n, 0), count: len(p.Edges(n)), dict: dict}, true
}

// edgesAreRows reports whether node n's raw rows are its own edges in
// order: a list, tuple, set or frozenset with item edges only, or a dict
// (then dict is true) with entries only. The builder flags which roles a
// node's edges have, so this is O(1).
func edgesAreRows(p *model.Pickle, n model.NodeID) (dict, ok bool) {
	const roles = model.FlagItems | model.FlagEntries | model.FlagParts
	want := model.FlagItems
	switch p.Kind(n) {
	case model.KindList, model.KindTuple, model.KindSet, model.KindFrozenSet:
	case model.KindDict:
		want = model.FlagEntries
	default:
		return false, false
	}
	return want == model.FlagEntries, p.Node(n).Flags&roles == want
}

// Len is the number of rows.
func (d Direct) Len() int { return d.count }

// At is row i.
func (d Direct) At(i int) Child {
	e := d.p.Edge(d.base + i)
	if d.dict {
		return Child{Kind: KeyDict, KeyNode: e.Key, Node: e.Val, Edge: d.base + i}
	}
	return Child{Kind: KeyIndex, Index: i, Node: e.Val, Edge: d.base + i}
}
