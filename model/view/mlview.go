package view

import (
	"pklx/model"
	"pklx/model/ml"
)

// Recognized is the model/ml view of node n when it is an object of a
// library pklx knows (a NumPy array, a tensor, a DataFrame, an estimator,
// a datetime, ...). Summary shows such a node as its view's summary.
func Recognized(p *model.Pickle, n model.NodeID) (ml.View, bool) {
	if n < 0 || int(n) >= p.NumNodes() || p.Node(n).Kind != model.KindCall {
		return nil, false
	}
	return ml.Recognize(p, n)
}

// RawSummary is the summary of node n as its raw calls, without the
// library's view.
func RawSummary(p *model.Pickle, n model.NodeID) string {
	s := ShapeOf(p, n)
	switch s.Form {
	case FormInstance:
		return instanceSummary(p, n, s, MaxInline, 0)
	case FormCall:
		return callSummary(p, n, s, 0)
	}
	return summary(p, n, MaxInline)
}

// ViewChildren lists the rows below node n for a tree that shows
// recognised objects as their library presents them: the view's rows
// (KeyView: a DataFrame's columns, an array's dtype, shape and values, an
// estimator's parameters), then one {raw} row (KeyRaw) whose rows are the
// raw Children. A recognised object whose view has no rows of its own (an
// OrderedDict) and any other node list their Children.
func ViewChildren(p *model.Pickle, n model.NodeID) []Child {
	v, ok := Recognized(p, n)
	if !ok {
		return Children(p, n)
	}
	rows := v.Rows()
	if len(rows) == 0 {
		return Children(p, n)
	}
	out := make([]Child, 0, len(rows)+1)
	for _, r := range rows {
		out = append(out, Child{Kind: KeyView, Name: r.Name, Text: r.Text, Node: r.Node, Edge: -1})
	}
	if HasChildren(p, n) {
		out = append(out, Child{Kind: KeyRaw, Node: n, Edge: -1})
	}
	return out
}

// expand is the rows below child c, and whether c has any to show: a
// {raw} row lists the raw Children; a view row is a line of text (the node
// it stands for, if any, is shown under {raw}, so every node is printed
// once and the output stays linear); links have none.
func expand(p *model.Pickle, c Child) ([]Child, bool) {
	switch c.Kind {
	case KeyRaw:
		return Children(p, c.Node), true
	case KeyView:
		return nil, false
	}
	if c.IsLink(p) || !HasChildren(p, c.Node) {
		return nil, false
	}
	return ViewChildren(p, c.Node), true
}

// ViewRowPath is RowPath for a tree whose rows are ViewChildren, as the
// window shows it: the top-level node and the child positions down to the
// row of node n (or of its nearest shown owner). A node inside a
// recognised object is reached through the object's {raw} row (its
// position, then the node's position among the raw Children): view rows
// that stand for a node are a second way to it, not its home. ok is false
// when n is not reachable. Cost: the siblings of every row on the way.
func ViewRowPath(p *model.Pickle, n model.NodeID) (top model.NodeID, path []int, ok bool) {
	if !p.Reached(n) {
		return model.NoNode, nil, false
	}
	top = p.OwnerRoot(n)
	cur := top
	for _, e := range p.OwnerPath(n) {
		kids := ViewChildren(p, cur)
		if i := ChildIndexOfEdge(p, kids, e); i >= 0 {
			path = append(path, i)
			cur = kids[i].Node
			continue
		}
		j := len(kids) - 1
		if j < 0 || kids[j].Kind != KeyRaw {
			continue // through a node no row shows (an instance's state dict)
		}
		raw := Children(p, cur)
		if i := ChildIndexOfEdge(p, raw, e); i >= 0 {
			path = append(path, j, i)
			cur = raw[i].Node
		}
	}
	return top, path, true
}
