package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pklx/model"
	"pklx/model/pyrepr"
	"pklx/model/view"
)

// maxReferrers is how many referrers the details panel lists.
const maxReferrers = 20

// maxValueText bounds the characters of a value shown in the details.
const maxValueText = 4000

// details is the panel that describes the selection: type, value, path,
// memo flag, byte spans, the op that made it, and who refers to it.
type details struct {
	e       *explorer
	view    fyne.CanvasObject
	title   *widget.Label
	value   *selText
	path    *selText
	pathBox *fyne.Container
	facts   *wrapLabel
	refHead *widget.Label
	refs    *fyne.Container
	gen     int
}

func newDetails(e *explorer) *details {
	d := &details{e: e}
	d.title = widget.NewLabel("")
	d.title.TextStyle = fyne.TextStyle{Bold: true}
	d.title.Wrapping = fyne.TextWrapWord
	// The value and the path are selectable; selText passes the keys it
	// does not use (F5, F3, Escape) on to the window.
	copySel := func(s string) { e.copyText("the selected text", s) }
	d.value = newSelText(e.monoFace)
	d.value.OnCopy = copySel
	d.path = newSelText(e.monoFace)
	d.path.OnCopy = copySel
	copyBtn := newKeyButton("", theme.ContentCopyIcon(), e.copyPath)
	copyBtn.Importance = widget.LowImportance
	d.pathBox = container.NewBorder(nil, nil, widget.NewLabel("Path"), copyBtn, d.path)
	d.facts = newWrapLabel(e.rowFace)
	d.refHead = widget.NewLabel("")
	d.refs = container.NewVBox()
	box := container.NewVBox(d.title, d.value, d.pathBox, d.facts, d.refHead, d.refs)
	d.view = container.NewVScroll(box)
	d.clear()
	return d
}

// clear empties the panel.
func (d *details) clear() {
	d.gen++
	d.title.SetText("Nothing selected")
	d.value.SetText("")
	d.value.Hide()
	d.pathBox.Hide()
	d.facts.SetText("Select a row of the tree, an op of the trace or a byte of the hex view.")
	d.refHead.SetText("")
	d.refHead.Hide()
	d.clearRefs()
}

// clearRefs removes the links to the referrers. A link that has the focus
// (Tab reaches it; Space or Enter follows it, and the panel then describes
// the new selection) would keep it, and the keys, while out of the window:
// the tree takes the focus instead.
func (d *details) clearRefs() {
	c := d.e.win.Canvas()
	if f := c.Focused(); f != nil {
		for _, o := range d.refs.Objects {
			if any(o) == any(f) {
				c.Focus(d.e.tree)
				break
			}
		}
	}
	d.refs.RemoveAll()
}

// show describes sel. What needs a scan of the graph (the path through big
// containers, the referrers) is filled in by a goroutine.
func (d *details) show(sel selection) {
	e := d.e
	d.gen++
	gen := d.gen
	d.clearRefs()
	if e.file == nil || sel.pi < 0 || sel.pi >= len(e.file.Pickles) {
		d.clear()
		return
	}
	p := e.file.Pickles[sel.pi]
	if sel.node == model.NoNode {
		d.showOp(p, sel)
		return
	}
	n := sel.node
	nd := p.Node(n)
	vr := e.tm.rows[sel.uid]
	if vr != nil && vr.object() != n {
		vr = nil
	}
	rec, recognised := view.Recognized(p, n)
	switch {
	case vr != nil && vr.kind == rowNode && vr.child.Kind == view.KeyRaw:
		// {raw}: the object as the file writes it.
		d.title.SetText(typeText(p, n))
		d.value.SetText(view.RawSummary(p, n))
		d.value.Show()
	case vr != nil && vr.viewRow() && vr.node == model.NoNode:
		// A view row of its own (an array's dtype, a tensor's values): the
		// row, then the facts of the object it describes.
		d.title.SetText(vr.child.Name + " of the " + rec.Type() + " " + view.Summary(p, n))
		d.value.SetText(vr.child.Text)
		d.value.Show()
	case recognised:
		d.title.SetText(rec.Type())
		d.value.SetText(valueText(p, n))
		d.value.Show()
	case view.ShapeOf(p, n).Form == view.FormSeq || view.ShapeOf(p, n).Form == view.FormMap:
		// The summary (list[3], dict[2]) says all the value line would.
		d.title.SetText(view.Summary(p, n))
		d.value.SetText("")
		d.value.Hide()
	default:
		d.title.SetText(typeText(p, n))
		d.value.SetText(valueText(p, n))
		d.value.Show()
	}

	tm := e.tm
	d.pathBox.Show()
	if !p.Reached(n) {
		d.path.SetText("(not reachable from the root: the object was discarded)")
	} else if s, ok := tm.cachedPath(sel.pi, n); ok {
		d.path.SetText(tm.where(sel.pi, n, s))
	} else {
		d.path.SetText("…")
	}

	var b strings.Builder
	if recognised {
		// Read from the bytes by pklx's own reader: nothing was imported.
		fmt.Fprintf(&b, "Read by pklx as %s, importing nothing; {raw}: %s\n", rec.Type(), typeText(p, n))
	}
	if len(e.file.Pickles) > 1 {
		if sel.pi >= e.tm.recovered {
			fmt.Fprintf(&b, "Recovered pickle at offset %s: found by looking past the decoding failure, not reached by a normal decode\n",
				offText(e.file.Pickles[sel.pi].Span().Start))
		} else {
			fmt.Fprintf(&b, "Pickle %d of %d\n", sel.pi+1, min(len(e.file.Pickles), e.tm.recovered))
		}
	}
	if nd.Flags&model.FlagMemo != 0 {
		b.WriteString("Memo: stored in the memo\n")
	} else {
		b.WriteString("Memo: not memoized\n")
	}
	made := int(nd.Op)
	ms := p.OpSpan(made)
	fmt.Fprintf(&b, "Made by: %s (op %d) at %s\n", model.OpName(p.OpCode(made)), made, offText(ms.Start))
	fmt.Fprintf(&b, "Op bytes: %s\n", spanText(ms))
	if ops := p.NodeOps(n); len(ops) > 1 {
		fmt.Fprintf(&b, "Changed by: %s more op(s), the last %s at %s\n", groupDigits(int64(len(ops)-1)),
			model.OpName(p.OpCode(ops[len(ops)-1])), offText(p.OpOffset(ops[len(ops)-1])))
	}
	fmt.Fprintf(&b, "Subtree bytes: %s", spanText(p.SubtreeSpan(n)))
	if sel.op >= 0 && sel.op != made {
		fmt.Fprintf(&b, "\nSelected op: %s (op %d) at %s", model.OpName(p.OpCode(sel.op)), sel.op, offText(p.OpOffset(sel.op)))
	}
	for _, w := range opWarnings(p, made) {
		b.WriteString("\nWarning: " + w)
	}
	d.facts.SetText(b.String())
	d.refHead.SetText("Referred to from …")
	d.refHead.Show()

	pi := sel.pi
	e.goDoc(func() {
		path := ""
		if p.Reached(n) {
			path = tm.pathText(pi, n)
		}
		count := p.RefCount(n)
		refs := p.Referrers(n, maxReferrers)
		texts := make([]string, len(refs))
		owner, hasOwner := p.Owner(n)
		for i, ed := range refs {
			texts[i] = referrerText(tm, pi, ed)
			if hasOwner && ed == owner {
				texts[i] += "   (owner)"
			} else {
				texts[i] += "   (link)"
			}
		}
		e.do(func() {
			if d.gen != gen {
				return
			}
			if p.Reached(n) {
				d.path.SetText(tm.where(pi, n, path))
			}
			switch count {
			case 0:
				d.refHead.SetText("Referred to from nowhere (a top-level object)")
			case 1:
				d.refHead.SetText("Referred to from 1 place:")
			default:
				d.refHead.SetText(fmt.Sprintf("Referred to from %s places:", groupDigits(int64(count))))
			}
			if count > len(refs) {
				d.refHead.SetText(d.refHead.Text + fmt.Sprintf(" (the first %d)", len(refs)))
			}
			for i, ed := range refs {
				d.refs.Add(newKeyLink(texts[i], func() { e.selectEdge(pi, ed) }))
			}
		})
	})
}

// viewRowText is the text of the selected row when it is a view row that
// stands for no node of its own (an array's values): what "Copy value"
// copies then.
func (e *explorer) viewRowText() (string, bool) {
	if e.tm == nil {
		return "", false
	}
	r := e.tm.rows[e.cur.uid]
	if r == nil || !r.viewRow() || r.node != model.NoNode || r.object() != e.cur.node {
		return "", false
	}
	return r.child.Text, true
}

// showOp describes a selected op that makes no object (or a MARK).
func (d *details) showOp(p *model.Pickle, sel selection) {
	d.pathBox.Hide()
	d.refHead.Hide()
	if sel.op < 0 || sel.op >= p.NumOps() {
		d.clear()
		return
	}
	s := p.OpSpan(sel.op)
	name := model.OpName(p.OpCode(sel.op))
	d.title.SetText("op " + name)
	arg := p.OpArg(sel.op)
	if s.Len() == 0 {
		arg = nil
	}
	if len(arg) > 0 {
		d.value.SetText("argument bytes: " + hexText(arg, 256))
		d.value.Show()
	} else {
		d.value.Hide()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Op %d at %s\nBytes: %s\n", sel.op, offText(s.Start), spanText(s))
	if e := d.e; e.failOp == sel.op && e.failPi == sel.pi {
		fmt.Fprintf(&b, "Decoding failed here: %v\n", p.Err())
	} else if name == "MARK" {
		b.WriteString("Pushes a MARK on the stack; it makes no object\n")
	} else {
		b.WriteString("This op makes or changes no object\n")
	}
	for _, w := range opWarnings(p, sel.op) {
		b.WriteString("Warning: " + w + "\n")
	}
	d.facts.SetText(strings.TrimSuffix(b.String(), "\n"))
}

// referrerText names the row that holds edge ed: its path.
func referrerText(tm *treeModel, pi, ed int) string {
	p := tm.pickle(pi)
	parent := p.EdgeParent(ed)
	_, _, cur, ok := tm.rowPath(pi, parent)
	if !ok {
		return fmt.Sprintf("a discarded %s", view.ShapeOf(p, parent).Type)
	}
	base := tm.pathText(pi, cur)
	if s, ok := tm.edgeSteps(pi, cur, ed); ok {
		return tm.where(pi, cur, base+view.Segment(p, s[len(s)-1].c))
	}
	return tm.where(pi, cur, base)
}

// where shows path, the path of node n, for people: the empty path is
// "(the root)", and paths under objects left on a broken pickle's stack
// name that stack item.
func (tm *treeModel) where(pi int, n model.NodeID, path string) string {
	p := tm.pickle(pi)
	top := tm.topIndex(pi, p.OwnerRoot(n))
	under := ""
	if top >= 0 && tm.tops[top].stack >= 0 {
		under = fmt.Sprintf("stack[%d]", tm.tops[top].stack)
	}
	switch {
	case path == "" && under != "":
		return "(" + under + ", a top-level object)"
	case path == "":
		return "(the root)"
	case under != "":
		return path + "   (in " + under + ")"
	}
	return path
}

// typeText is the details title: the type as Python names it.
func typeText(p *model.Pickle, n model.NodeID) string {
	s := view.ShapeOf(p, n)
	switch s.Form {
	case view.FormInstance:
		return "instance of " + s.Type
	case view.FormCall:
		return "call of " + s.Type
	}
	switch p.Node(n).Kind {
	case model.KindStr:
		if p.ByteLen(n) > 1<<16 {
			return fmt.Sprintf("str (%s bytes as written)", groupDigits(p.ByteLen(n)))
		}
		return fmt.Sprintf("str (%s chars)", groupDigits(int64(utf8.RuneCountInString(p.Str(n)))))
	case model.KindStr8, model.KindBytes, model.KindByteArray:
		return fmt.Sprintf("%s (%s bytes)", s.Type, groupDigits(p.ByteLen(n)))
	case model.KindGlobal:
		return "global (a name, never imported)"
	}
	return s.Type
}

// valueText is the value as Python's repr writes it, cut to about
// maxValueText characters; containers get their summary.
func valueText(p *model.Pickle, n model.NodeID) string {
	switch p.Node(n).Kind {
	case model.KindStr:
		if p.ByteLen(n) > 4*maxValueText && p.OpCode(int(p.Node(n).Op)) != model.OpUnicode {
			// Cut the raw UTF-8 before decoding it: the string may be huge.
			raw := p.Bytes(n)[:maxValueText]
			for len(raw) > 0 && !utf8.Valid(raw) {
				raw = raw[:len(raw)-1]
			}
			return pyrepr.Str(string(raw)) + " …"
		}
		s := p.Str(n)
		if len(s) > maxValueText {
			cut := s[:maxValueText]
			for !utf8.ValidString(cut) {
				cut = cut[:len(cut)-1]
			}
			return pyrepr.Str(cut) + " …"
		}
		return pyrepr.Str(s)
	case model.KindStr8, model.KindBytes:
		b := p.Bytes(n)
		if len(b) > maxValueText/4 {
			return pyrepr.Bytes(b[:maxValueText/4]) + " …"
		}
		return pyrepr.Bytes(b)
	case model.KindByteArray:
		b := p.Bytes(n)
		if len(b) > maxValueText/4 {
			return pyrepr.ByteArray(b[:maxValueText/4]) + " …"
		}
		return pyrepr.ByteArray(b)
	case model.KindBigInt:
		if p.ByteLen(n) > maxValueText/2 {
			return fmt.Sprintf("an int of %s bytes", groupDigits(p.ByteLen(n)))
		}
		return view.BigDigits(p, n)
	}
	return view.Summary(p, n)
}

// opWarnings are the decoder's warnings about op.
func opWarnings(p *model.Pickle, op int) []string {
	off := p.OpOffset(op)
	var out []string
	for _, w := range p.Warnings() {
		if w.Offset == off {
			out = append(out, w.Msg)
		}
	}
	return out
}

// offText writes an offset in hex and decimal: "0x1f (31)".
func offText(off int64) string { return fmt.Sprintf("%#x (%d)", off, off) }

// spanText writes a span: "0x1f–0x25 (6 bytes)".
func spanText(s model.Span) string {
	return fmt.Sprintf("%#x–%#x (%s bytes)", s.Start, s.End, groupDigits(s.Len()))
}

// hexText writes bytes as space-separated hex, at most max of them.
func hexText(b []byte, max int) string {
	var sb strings.Builder
	for i, c := range b {
		if i == max {
			fmt.Fprintf(&sb, " … (%s bytes)", groupDigits(int64(len(b))))
			break
		}
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "%02x", c)
	}
	return sb.String()
}
