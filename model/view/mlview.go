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
		return instanceSummary(p, n, s, MaxInline)
	case FormCall:
		return callSummary(p, n, s)
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
