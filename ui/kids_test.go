package ui

import (
	"strings"
	"testing"

	"pklx/model/view"
)

// A plain list of 100,000 items keeps no row list: its rows are made from
// its edges when shown, and they are the rows view.Children lists, with
// the same range groups, labels and paths.
func TestDirectKids(t *testing.T) {
	h := newHarness(t)
	e := h.open("big100k.pkl")
	p := e.file.Pickles[0]
	kids, ok := e.tm.cachedKids(0, p.Root())
	if !ok || !kids.lazy || kids.rows != nil || kids.Len() != 100_000 {
		t.Fatalf("root list: cached %v, lazy %v, %d rows", ok, kids.lazy, kids.Len())
	}
	want := view.Children(p, p.Root())
	for _, i := range []int{0, 1, 54_321, 99_999} {
		if kids.At(i) != want[i] {
			t.Fatalf("row %d: %+v, want %+v", i, kids.At(i), want[i])
		}
	}
	groups := e.tree.ChildUIDs("p0")
	if len(groups) != 100 || groups[54] != "p0/r54000_55000" {
		t.Fatalf("range groups %d, [54] %q", len(groups), groups[54])
	}
	rows := e.tree.ChildUIDs(groups[54])
	if len(rows) != 1000 || rows[321] != "p0/r54000_55000/54321" {
		t.Fatalf("rows of a group: %d, [321] %q", len(rows), rows[321])
	}
	if l, _ := e.tm.label(rows[321]); !strings.HasPrefix(l, "[54321]") {
		t.Errorf("label %q", l)
	}
	// Locating an item goes straight to its row.
	if uid, ok := e.tm.locateNode(0, want[77_777].Node); !ok || uid != "p0/r77000_78000/77777" {
		t.Errorf("locate: %q %v", uid, ok)
	}
}
