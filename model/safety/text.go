package safety

import (
	"fmt"
	"io"
	"strings"
)

// WriteText prints a report in plain words: the verdict, the globals with
// their offsets and ratings, the calls in the order pickle.load makes them,
// names found in unread bytes, and the findings.
func WriteText(w io.Writer, r *Report) error {
	ew := &errWriter{w: w}
	ew.printf("verdict: %s\n", r.Summary)
	ew.printf("pickles: %d (%s)\n", r.Pickles, map[bool]string{true: "all complete", false: "not all complete"}[r.Complete])
	ew.printf("\nglobals: %d", r.GlobalsTotal)
	if len(r.Globals) < r.GlobalsTotal {
		ew.printf(" (%d listed)", len(r.Globals))
	}
	ew.printf("\n")
	for _, g := range r.Globals {
		extra := ""
		if g.Memo && g.Uses > 1 {
			extra = fmt.Sprintf(" [memoized, used %d times]", g.Uses)
		}
		ew.printf("  %s  %-12s %-9s  %s%s\n", where(g.Pickle, g.Source, g.Offset), g.Op, g.Rating, g.Global, extra)
		if g.Rating != Safe {
			ew.printf("  %s  %s\n", strings.Repeat(" ", len(where(g.Pickle, g.Source, g.Offset))), g.Why+sources(g.Sources))
		}
	}
	ew.printf("\ncalls in the order pickle.load makes them: %d", r.CallsTotal)
	if len(r.Calls) < r.CallsTotal {
		ew.printf(" (%d listed)", len(r.Calls))
	}
	ew.printf("\n")
	for _, c := range r.Calls {
		args := ""
		if len(c.ArgGlobals) > 0 {
			args = " with " + strings.Join(c.ArgGlobals, ", ")
		}
		ew.printf("  %s  %-12s %-9s  %s%s\n", where(c.Pickle, c.Source, c.Offset), c.Op, c.Rating, c.Callable, args)
	}
	if len(r.AfterFailure) > 0 {
		ew.printf("\npossibly referenced after the failure (bytes pklx did not read): %d\n", len(r.AfterFailure))
		for _, h := range r.AfterFailure {
			ew.printf("  %s  %-12s %-9s  %s\n", where(h.Pickle, h.Source, h.Offset), h.Op, h.Rating, h.Global)
		}
	}
	if len(r.Findings) > 0 {
		ew.printf("\nfindings:\n")
		for _, f := range r.Findings {
			ew.printf("  [%s] %s\n", f.Rating, f.Message)
		}
	}
	if r.Capped {
		ew.printf("\n(lists were capped; the verdict counts everything)\n")
	}
	return ew.err
}

func where(pickle int, source string, off int64) string {
	s := fmt.Sprintf("offset %-8d", off)
	if source != "" {
		s = source + " " + s
	}
	if pickle > 0 {
		s = fmt.Sprintf("pickle %d %s", pickle, s)
	}
	return s
}

func sources(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return " (listed by " + strings.Join(s, ", ") + ")"
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
