package ui

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pklx/model"
	"pklx/model/safety"
)

// maxBannerNames is how many global names the safety banner lists before
// "…".
const maxBannerNames = 3

// safetyEntry is one global, call or unread name of the safety scan that
// is not rated safe: a line of the safety list.
type safetyEntry struct {
	rating safety.Rating
	pi     int          // the pickle, or -1 for bytes no pickle covers
	off    int64        // byte offset of the op
	node   model.NodeID // the global or call node, or NoNode
	text   string       // the line shown
}

// safetyInfo is the safety scan of a file as the window shows it: the
// report, its non-safe entries in file order, and the nodes to badge.
// It is built on the decode goroutine and never changed after.
type safetyInfo struct {
	report  *safety.Report
	entries []safetyEntry
	// dangerGlobals and unknownGlobals are the distinct names, in order.
	dangerGlobals, unknownGlobals []string
	dangerCalls, unknownCalls     []string
	// after are the dangerous names found in bytes that were not decoded.
	after []string
	// flags are the ratings of the badged nodes (non-safe globals and
	// calls), per pickle and node.
	flags map[nodeKey]safety.Rating
}

// scanSafety runs the safety scan of f and sorts out what the window
// shows. It reads the model only, on any goroutine.
func scanSafety(f *model.File) *safetyInfo {
	r := safety.Scan(f)
	s := &safetyInfo{report: r, flags: map[nodeKey]safety.Rating{}}
	seen := map[string]bool{}
	addName := func(list *[]string, kind, name string) {
		if !seen[kind+name] {
			seen[kind+name] = true
			*list = append(*list, name)
		}
	}
	flag := func(pi int, n model.NodeID, rt safety.Rating) {
		if n == model.NoNode {
			return
		}
		k := nodeKey{pi, n}
		if rt > s.flags[k] {
			s.flags[k] = rt
		}
	}
	for _, g := range r.Globals {
		if g.Rating == safety.Safe {
			continue
		}
		n := nodeOfRef(f, g.Pickle, g.Offset, false)
		flag(g.Pickle, n, g.Rating)
		if g.Rating == safety.Dangerous {
			addName(&s.dangerGlobals, "g", g.Global)
		} else {
			addName(&s.unknownGlobals, "g", g.Global)
		}
		s.entries = append(s.entries, safetyEntry{rating: g.Rating, pi: g.Pickle, off: g.Offset, node: n,
			text: fmt.Sprintf("%s %s %s at %s — %s", badge(g.Rating), g.Op, g.Global, offText(g.Offset), g.Why)})
	}
	for _, c := range r.Calls {
		if c.Rating == safety.Safe {
			continue
		}
		n := nodeOfRef(f, c.Pickle, c.Offset, true)
		flag(c.Pickle, n, c.Rating)
		if c.Rating == safety.Dangerous {
			addName(&s.dangerCalls, "c", c.Callable)
		} else {
			addName(&s.unknownCalls, "c", c.Callable)
		}
		s.entries = append(s.entries, safetyEntry{rating: c.Rating, pi: c.Pickle, off: c.Offset, node: n,
			text: fmt.Sprintf("%s %s %s(…) at %s — %s", badge(c.Rating), c.Op, c.Callable, offText(c.Offset), c.Why)})
	}
	for _, a := range r.AfterFailure {
		if a.Rating != safety.Dangerous {
			continue
		}
		addName(&s.after, "a", a.Global)
		s.entries = append(s.entries, safetyEntry{rating: a.Rating, pi: -1, off: a.Offset, node: model.NoNode,
			text: fmt.Sprintf("%s %s %s at %s, in bytes that were not decoded — %s", badge(a.Rating), a.Op, a.Global, offText(a.Offset), a.Why)})
	}
	// Globals and calls are each in op order; show them all in file order.
	sortEntries(s.entries)
	return s
}

// sortEntries orders entries by pickle, then offset (insertion sort is
// stable and the lists are short and nearly sorted).
func sortEntries(es []safetyEntry) {
	less := func(a, b safetyEntry) bool {
		pa, pb := a.pi, b.pi
		if pa < 0 {
			pa = 1 << 30
		}
		if pb < 0 {
			pb = 1 << 30
		}
		if pa != pb {
			return pa < pb
		}
		return a.off < b.off
	}
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && less(es[j], es[j-1]); j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// nodeOfRef is the node made at offset off of pickle pi: the global (or,
// with call, the call) an op there made, else the object the op made or
// changed; NoNode when there is none.
func nodeOfRef(f *model.File, pi int, off int64, call bool) model.NodeID {
	if pi < 0 || pi >= len(f.Pickles) {
		return model.NoNode
	}
	p := f.Pickles[pi]
	op := p.OpAt(off)
	if op < 0 {
		return model.NoNode
	}
	n := p.NodeMadeBy(op)
	if n == model.NoNode {
		return p.NodeForOp(op)
	}
	// INST makes the class, then the call.
	if call && p.Node(n).Kind != model.KindCall && int(n)+1 < p.NumNodes() &&
		p.Node(n+1).Kind == model.KindCall && int(p.Node(n+1).Op) == op {
		return n + 1
	}
	return n
}

// badge is the mark of a rating in lists and tree rows.
func badge(r safety.Rating) string {
	switch r {
	case safety.Dangerous:
		return "⚠"
	case safety.Unknown:
		return "?"
	}
	return ""
}

// names writes up to maxBannerNames of list, then "…".
func names(list []string) string {
	if len(list) > maxBannerNames {
		return strings.Join(list[:maxBannerNames], ", ") + ", …"
	}
	return strings.Join(list, ", ")
}

// plural is "1 global" or "3 globals".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// message is the banner's text and whether it warns of danger; "" when
// nothing is worth a banner.
func (s *safetyInfo) message() (string, bool) {
	switch {
	case len(s.dangerGlobals) > 0:
		return fmt.Sprintf("This file would run code when unpickled: %s (%s).",
			plural(len(s.dangerGlobals), "dangerous global"), names(s.dangerGlobals)), true
	case len(s.dangerCalls) > 0:
		return fmt.Sprintf("This file would run code when unpickled: %s (%s).",
			plural(len(s.dangerCalls), "dangerous call"), names(s.dangerCalls)), true
	case len(s.after) > 0:
		return fmt.Sprintf("This file may run code when unpickled: bytes past where decoding stopped name %s (%s).",
			plural(len(s.after), "dangerous global"), names(s.after)), true
	case len(s.unknownGlobals) > 0:
		return fmt.Sprintf("This file imports %s pklx does not know: %s.",
			plural(len(s.unknownGlobals), "global"), names(s.unknownGlobals)), false
	case len(s.unknownCalls) > 0:
		return fmt.Sprintf("This file makes %s pklx cannot rate: %s.",
			plural(len(s.unknownCalls), "call"), names(s.unknownCalls)), false
	}
	return "", false
}

// Banner colours: red for danger, amber for the unknown.
var (
	dangerColor  = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	unknownColor = color.NRGBA{R: 0xef, G: 0x9a, B: 0x00, A: 0xff}
)

// safetyBanner is the banner over the panes that says what loading the
// file would import and run, with a button that lists it.
type safetyBanner struct {
	box  *fyne.Container
	bg   *canvas.Rectangle
	bar  *canvas.Rectangle
	text *widget.Label
	show *keyButton
}

// newSafetyBanner builds the (hidden) safety banner of e.
func newSafetyBanner(e *explorer) *safetyBanner {
	b := &safetyBanner{}
	b.text = widget.NewLabel("")
	b.text.Wrapping = fyne.TextWrapWord
	b.text.TextStyle = fyne.TextStyle{Bold: true}
	b.show = newKeyButton("Show", theme.WarningIcon(), e.showSafetyList)
	b.bg = canvas.NewRectangle(color.Transparent)
	b.bar = canvas.NewRectangle(dangerColor)
	b.bar.SetMinSize(fyne.NewSize(6, 0))
	b.box = container.NewStack(b.bg, container.NewBorder(nil, nil,
		container.NewHBox(b.bar, widget.NewIcon(theme.WarningIcon())), container.NewCenter(b.show), b.text))
	b.box.Hide()
	return b
}

// set shows the banner for s, or hides it when s has nothing to say.
func (b *safetyBanner) set(s *safetyInfo) {
	msg, danger := "", false
	if s != nil {
		msg, danger = s.message()
	}
	if msg == "" {
		b.box.Hide()
		return
	}
	c := unknownColor
	if danger {
		c = dangerColor
	}
	b.bar.FillColor = c
	bg := c
	bg.A = 0x50
	b.bg.FillColor = bg
	b.text.SetText(msg)
	b.bar.Refresh()
	b.bg.Refresh()
	b.box.Show()
}

// showSafetyList opens the list of the file's dangerous and unknown
// globals and calls; picking one selects it in every pane.
func (e *explorer) showSafetyList() {
	if e.safety == nil || len(e.safety.entries) == 0 {
		return
	}
	s := e.safety
	var d dialog.Dialog
	list := widget.NewList(
		func() int { return len(s.entries) },
		// A treeRow, as in the tree: its ⚠ is not a colour emoji.
		func() fyne.CanvasObject { return newTreeRow(e.rowFace) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*treeRow)
			l.Text = s.entries[i].text
			l.Importance = widget.WarningImportance
			if s.entries[i].rating == safety.Dangerous {
				l.Importance = widget.DangerImportance
			}
			l.Refresh()
		},
	)
	list.OnSelected = func(i widget.ListItemID) {
		if e.safety != s {
			return
		}
		d.Hide()
		e.pickSafety(i)
	}
	title := fmt.Sprintf("%s — %s", e.name, s.report.Summary)
	d = dialog.NewCustom("What loading this file would import and run", "Close",
		container.NewBorder(widget.NewLabel(title), nil, nil, nil, list), e.win)
	d.Resize(fyne.NewSize(900, 500))
	e.safetyDialog, e.safetyList = d, list
	d.Show()
}

// pickSafety selects entry i of the safety list in the tree, trace and
// hex view.
func (e *explorer) pickSafety(i int) {
	if e.safety == nil || i < 0 || i >= len(e.safety.entries) || e.file == nil {
		return
	}
	en := e.safety.entries[i]
	if en.pi < 0 || en.pi >= len(e.file.Pickles) {
		// A name in bytes that were not decoded: show the bytes.
		e.hex.SetHighlight([]model.Span{{Start: en.off, End: en.off + 1}}, model.Span{})
		e.hex.ScrollTo(en.off)
		e.setNotice(fmt.Sprintf("byte %#x is past where decoding stopped", en.off))
		return
	}
	p := e.file.Pickles[en.pi]
	sel := selection{pi: en.pi, node: en.node, op: p.OpAt(en.off)}
	e.selectSel(sel, srcOther, true)
}
