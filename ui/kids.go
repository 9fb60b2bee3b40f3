package ui

import "pklx/model/view"

// directMin is the size from which a container whose rows are its own
// edges (view.Direct) keeps no row list: its rows are made when shown.
const directMin = 1000

// kidList is a child list of the tree: the rows below one node, as a
// list, or for a big plain list or dict made from its edges on demand
// (view.Direct), which costs nothing however many items it has.
type kidList struct {
	rows   []view.Child
	direct view.Direct
	lazy   bool
}

// Len is the number of rows.
func (l kidList) Len() int {
	if l.lazy {
		return l.direct.Len()
	}
	return len(l.rows)
}

// At is row i.
func (l kidList) At(i int) view.Child {
	if l.lazy {
		return l.direct.At(i)
	}
	return l.rows[i]
}

// indexOfEdge is the position of the row that holds global edge e, given
// first, the global index of the node's first edge, or -1. Rows usually
// follow the node's edges one to one, so the first guess is almost always
// right; direct lists have no other.
func (l kidList) indexOfEdge(first, e int) int {
	if i := e - first; i >= 0 && i < l.Len() && l.At(i).Edge == e {
		return i
	}
	if l.lazy {
		return -1
	}
	return view.ChildIndexOfEdge(nil, l.rows, e)
}
