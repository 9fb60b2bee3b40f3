package view

import (
	"pklx/model"
)

// KeyKind says how a child row is reached from its parent.
type KeyKind uint8

// Key kinds.
const (
	KeyRoot  KeyKind = iota // a top-level object (no parent)
	KeyIndex                // [i]: an item of a sequence or set (Index)
	KeyDict                 // [key]: a dict entry (KeyNode)
	KeyAttr                 // .name: an attribute in an instance's state (KeyNode is the name)
	KeyRole                 // {callable}, {args}, {kwargs}, {state}, {pid}: a part of a call (Name)
	KeyArg                  // {args}[i]: a positional argument of a call (Index)
	KeyView                 // a detail row of a recognised object (Name, Text; Node when it stands for one, else NoNode): see ViewChildren
	KeyRaw                  // {raw}: the raw calls of a recognised object (Node is the object; its rows are Children)
)

// Child is one row below a node: how it is reached and what it shows.
type Child struct {
	Kind    KeyKind
	Index   int          // KeyIndex, KeyArg
	KeyNode model.NodeID // KeyDict, KeyAttr: the key node
	Name    string       // KeyRole: "callable", "args", "kwargs", "state", "pid"; KeyAttr: the attribute name
	Node    model.NodeID // the child object
	Edge    int          // the global edge index that refers to Node, or -1
	Text    string       // KeyView: the row's value text
}

// IsLink reports whether the row refers to an object owned by another row
// (memo sharing or a cycle): it is shown as a link and not expanded.
func (c Child) IsLink(p *model.Pickle) bool {
	return c.Edge >= 0 && p.IsLink(c.Edge)
}

// HasChildren reports whether node n shows any child rows.
func HasChildren(p *model.Pickle, n model.NodeID) bool {
	s := ShapeOf(p, n)
	switch s.Form {
	case FormScalar:
		return false
	case FormSeq:
		return s.Items != model.NoNode && len(p.Edges(s.Items)) > 0 || len(p.Edges(n)) > 0
	}
	return len(p.Edges(n)) > 0
}

// Children lists the rows below node n, in file order. Cost is linear in
// the node's own edges (a set(list) reconstruction lists the list's).
func Children(p *model.Pickle, n model.NodeID) []Child {
	s := ShapeOf(p, n)
	// One row per edge, mostly: sized once, a list of millions is not
	// copied as it grows.
	size := len(p.Edges(n))
	if s.Items != model.NoNode {
		size += len(p.Edges(s.Items))
	}
	out := make([]Child, 0, size)
	base := p.EdgeIndex(n, 0)
	add := func(c Child) { out = append(out, c) }
	entries := func(owner model.NodeID, asAttrs bool) {
		b := p.EdgeIndex(owner, 0)
		for i, e := range p.Edges(owner) {
			if e.Key < 0 {
				continue
			}
			c := Child{Kind: KeyDict, KeyNode: e.Key, Node: e.Val, Edge: b + i}
			if asAttrs {
				if name, ok := attrName(p, e.Key); ok {
					c.Kind, c.Name = KeyAttr, name
				}
			}
			add(c)
		}
	}
	items := func(owner model.NodeID) {
		b := p.EdgeIndex(owner, 0)
		k := 0
		for i, e := range p.Edges(owner) {
			if e.Key == model.RoleItem {
				add(Child{Kind: KeyIndex, Index: k, Node: e.Val, Edge: b + i})
				k++
			}
		}
	}
	switch s.Form {
	case FormScalar:
		return nil
	case FormSeq:
		if s.Items != model.NoNode {
			items(s.Items)
		}
		if s.Items != n {
			return out
		}
	case FormMap:
		entries(n, false)
		for i, e := range p.Edges(n) {
			if e.Key == model.RoleItem || e.Key == model.RoleState {
				add(roleChild(e, base+i))
			}
		}
		return out
	case FormInstance:
		if s.State != model.NoNode {
			entries(s.State, true)
		}
		if s.Slots != model.NoNode {
			entries(s.Slots, true)
		}
		for i, a := range argsOf(p, n) {
			add(Child{Kind: KeyArg, Index: i, Node: a, Edge: argEdge(p, n, i)})
		}
		items(n)
		entries(n, false)
		if s.State == model.NoNode && s.Slots == model.NoNode {
			for i, e := range p.Edges(n) {
				if e.Key == model.RoleState {
					add(roleChild(e, base+i))
				}
			}
		}
		return out
	}
	// Calls, persistent ids and anything else: every part, in order.
	argi := 0
	for i, e := range p.Edges(n) {
		switch {
		case e.Key >= 0:
			add(Child{Kind: KeyDict, KeyNode: e.Key, Node: e.Val, Edge: base + i})
		case e.Key == model.RoleItem:
			if s.Form != FormSeq {
				add(Child{Kind: KeyIndex, Index: countItems(out), Node: e.Val, Edge: base + i})
			}
		case e.Key == model.RoleArg:
			add(Child{Kind: KeyArg, Index: argi, Node: e.Val, Edge: base + i})
			argi++
		default:
			add(roleChild(e, base+i))
		}
	}
	return out
}

func countItems(cs []Child) int {
	k := 0
	for _, c := range cs {
		if c.Kind == KeyIndex {
			k++
		}
	}
	return k
}

func roleChild(e model.Edge, idx int) Child {
	name := map[model.Role]string{
		model.RoleCallable: "callable", model.RoleArgs: "args", model.RoleKwargs: "kwargs",
		model.RoleState: "state", model.RolePID: "pid", model.RoleItem: "item",
	}[e.Key]
	return Child{Kind: KeyRole, Name: name, Node: e.Val, Edge: idx}
}

// argEdge is the global edge index holding the i-th positional argument.
func argEdge(p *model.Pickle, n model.NodeID, i int) int {
	k := 0
	for j, e := range p.Edges(n) {
		switch e.Key {
		case model.RoleArgs:
			if p.Kind(e.Val) == model.KindTuple {
				b := p.EdgeIndex(e.Val, 0)
				for t, it := range p.Edges(e.Val) {
					if it.Key == model.RoleItem {
						if k == i {
							return b + t
						}
						k++
					}
				}
			}
		case model.RoleArg:
			if k == i {
				return p.EdgeIndex(n, j)
			}
			k++
		}
	}
	return -1
}

// attrName is the attribute name of a state-dict key, when it is a str.
func attrName(p *model.Pickle, k model.NodeID) (string, bool) {
	switch p.Kind(k) {
	case model.KindStr:
		return p.Str(k), true
	case model.KindStr8:
		return string(p.Bytes(k)), true
	}
	return "", false
}

// ChildIndexOfEdge is the position in Children(p, n) of the row that holds
// global edge e, or -1.
func ChildIndexOfEdge(p *model.Pickle, children []Child, e int) int {
	for i, c := range children {
		if c.Edge == e {
			return i
		}
	}
	return -1
}

// RowPath is the list of child positions from the top-level object down to
// node n along its owner chain, as the tree shows it (hidden intermediate
// nodes such as an instance's state dict are skipped), and the top-level
// node. ok is false when n is not reachable.
func RowPath(p *model.Pickle, n model.NodeID) (top model.NodeID, path []int, ok bool) {
	top, rows, ok := rowChain(p, n)
	for _, r := range rows {
		path = append(path, r.index)
	}
	return top, path, ok
}

// chainRow is one step of rowChain: the row's position and the row.
type chainRow struct {
	index int
	child Child
}

// rowChain is RowPath with the rows themselves. Steps through plain
// containers are found in O(1) without listing their children.
func rowChain(p *model.Pickle, n model.NodeID) (top model.NodeID, rows []chainRow, ok bool) {
	if !p.Reached(n) {
		return model.NoNode, nil, false
	}
	chain := p.OwnerPath(n)
	top = p.OwnerRoot(n)
	cur := top
	for _, e := range chain {
		if i, ok := directChildIndex(p, cur, e); ok {
			ed := p.Edge(e)
			c := Child{Kind: KeyIndex, Index: i, Node: ed.Val, Edge: e}
			if ed.Key >= 0 {
				c = Child{Kind: KeyDict, KeyNode: ed.Key, Node: ed.Val, Edge: e}
			}
			rows = append(rows, chainRow{i, c})
			cur = ed.Val
			continue
		}
		cs := Children(p, cur)
		i := ChildIndexOfEdge(p, cs, e)
		if i < 0 {
			// The edge goes through a node the tree does not show as a row
			// (the state dict of an instance, the list inside set(list)).
			continue
		}
		rows = append(rows, chainRow{i, cs[i]})
		cur = cs[i].Node
	}
	// When n itself is hidden (a state dict), the path ends at its parent row.
	return top, rows, true
}

// directChildIndex finds the row of edge e under node n without listing
// n's children, for the common case where the rows are exactly n's own
// edges in order: a list, tuple, set or frozenset with item edges only, or
// a dict with entries only (the builder flags which roles a node's edges
// have, so this is O(1)).
func directChildIndex(p *model.Pickle, n model.NodeID, e int) (int, bool) {
	if first := p.EdgeIndex(n, 0); e < first || e >= first+len(p.Edges(n)) {
		return 0, false
	}
	if _, ok := edgesAreRows(p, n); !ok {
		return 0, false
	}
	return e - p.EdgeIndex(n, 0), true
}
