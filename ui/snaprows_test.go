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
	if l, _ := e.tm.label(sel); sel != "p0/2" || l != "score: float64: [0.5, nan, 2.25, -1.0, 10000000000.0]" || !e.tree.IsBranchOpen("p0/6") {
		t.Errorf("selected %q %q; {raw} open: %v", sel, l, e.tree.IsBranchOpen("p0/6"))
	}
	// A forest's trees are opened under the view's estimators_ row.
	e = h.openPath(mlDir + "joblib_rf.joblib")
	if err := e.showRows(SnapshotOptions{Open: []string{".estimators_[0]"}, Select: ".estimators_[0].max_depth"}); err != nil {
		t.Fatal(err)
	}
	sel = h.treeSelection()
	parts := strings.Split(sel, "/")
	if l, _ := e.tm.label(strings.Join(parts[:2], "/")); l != "estimators_ (fitted): list[3]" {
		t.Errorf("selected %q under %q", sel, l)
	}
	if l, _ := e.tm.label(sel); l != "max_depth: 2" || !e.tree.IsBranchOpen(strings.Join(parts[:3], "/")) {
		t.Errorf("selected %q %q", sel, l)
	}
	if err := e.showRows(SnapshotOptions{Select: ".nope"}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("a bad path: %v", err)
	}
}
