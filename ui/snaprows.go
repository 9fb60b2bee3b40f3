package ui

import (
	"fmt"
	"strings"

	"pklx/model"
	"pklx/model/view"
)

// SnapshotOptions choose what the window shows before a snapshot is taken.
type SnapshotOptions struct {
	// Open lists rows to open, as paths ("['0.weight']", ".estimators_");
	// a path ending in {raw} opens the recognised object's {raw} row.
	Open []string
	// Select is the path of the row to select ("" keeps the root).
	Select string
}

// showRows opens the rows of opts and selects its row. UI thread.
func (e *explorer) showRows(opts SnapshotOptions) error {
	if e.file == nil {
		return nil
	}
	for _, path := range opts.Open {
		uid, err := e.rowAtPath(path)
		if err != nil {
			return err
		}
		for _, pre := range e.tm.ensureRows(uid) {
			e.tree.OpenBranch(pre)
		}
		e.tree.OpenBranch(uid)
	}
	if opts.Select != "" {
		uid, err := e.rowAtPath(opts.Select)
		if err != nil {
			return err
		}
		e.selectUID(uid, srcOther, true)
	}
	return nil
}

// rowAtPath is the UID of the row of the object at path (view.Resolve's
// syntax, in the first pickle where it resolves), or of its {raw} row when
// path ends in {raw}. Unlike the window's jumps, which go to an object's
// own row under {raw}, it prefers the view row that shows the object (an
// estimator's estimators_), as a picture of a recognised object would.
func (e *explorer) rowAtPath(path string) (string, error) {
	base, raw := strings.CutSuffix(path, "{raw}")
	var firstErr error
	for pi, p := range e.file.Pickles {
		if p.Root() == model.NoNode {
			continue
		}
		n, err := view.Resolve(p, p.Root(), base)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		top, steps, _, ok := e.tm.rowPath(pi, n)
		if !ok {
			return "", fmt.Errorf("%s has no row", path)
		}
		uid := e.tm.uidOf(top, e.tm.viaViewRows(pi, steps))
		e.tm.ensureRows(uid)
		if !raw {
			return uid, nil
		}
		for _, c := range e.tm.childUIDs(uid, nil) {
			if r := e.tm.rows[c]; r != nil && r.kind == rowNode && r.child.Kind == view.KeyRaw {
				return c, nil
			}
		}
		return "", fmt.Errorf("%s is not a recognised object: it has no {raw} row", base)
	}
	if firstErr == nil {
		firstErr = fmt.Errorf("path %s: nothing was decoded", path)
	}
	return "", firstErr
}

// viaViewRows rewrites steps (as rowPath returns them) so that an object
// that a recognised object's view shows as a row of its own (an
// estimator's estimators_, a DataFrame's column array) is reached through
// that view row instead of through {raw}. The rows below a view row that
// stands for a node are those of the node's own row, so the steps after it
// stay valid.
func (tm *treeModel) viaViewRows(pi int, steps []step) []step {
	out := make([]step, 0, len(steps))
	for k := 0; k < len(steps); k++ {
		s := steps[k]
		if s.c.Kind == view.KeyRaw {
			kids := tm.kidsOf(pi, s.c.Node)
			// The deepest step below {raw} that a view row shows.
			best, bestJ := -1, -1
			for m := k + 1; m < len(steps); m++ {
				for j, c := range kids.rows { // view rows: never a direct list
					if c.Kind == view.KeyView && c.Node != model.NoNode && c.Node == steps[m].c.Node {
						best, bestJ = m, j
					}
				}
			}
			if best >= 0 {
				out = append(out, step{bestJ, kids.Len(), kids.At(bestJ)})
				k = best
				continue
			}
		}
		out = append(out, s)
	}
	return out
}
