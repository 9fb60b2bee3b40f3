package ui

import (
	"strings"
	"testing"
)

// The snapshot's --open and --select options open and select rows by
// path, through {raw} into recognised objects.
func TestSnapshotRows(t *testing.T) {
	h := newHarness(t)
	e := h.openPath(mlDir + "pandas_df_p4.pkl")
	err := e.showRows(SnapshotOptions{Open: []string{"{raw}"}, Select: "._mgr{args}[0][1]{args}[0]"})
	if err != nil {
		t.Fatal(err)
	}
	h.settle()
	sel := h.treeSelection()
	if l, _ := e.tm.label(sel); l != "[0] numpy.ndarray (float64, 1×5)" || !e.tree.IsBranchOpen("p0/6") {
		t.Errorf("selected %q %q; {raw} open: %v", sel, l, e.tree.IsBranchOpen("p0/6"))
	}
	if err := e.showRows(SnapshotOptions{Select: ".nope"}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("a bad path: %v", err)
	}
}
