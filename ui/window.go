package ui

import (
	"context"
	"image/color"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pklx/model"
	"pklx/ui/glyphtext"
	"pklx/ui/traceview"
)

// windowTitle is the title's fixed part.
const windowTitle = "Pickle Explorer"

// tracePane is what the window needs of the opcode trace (ui/traceview).
type tracePane interface {
	fyne.CanvasObject
	SetPickle(p *model.Pickle)
	Select(op int)
	Mark(op int)
}

// hexPane is what the window needs of the hex view (ui/hexview).
type hexPane interface {
	fyne.CanvasObject
	SetData(data []byte)
	SetHighlight(primary []model.Span, secondary model.Span)
	ScrollTo(offset int64)
	MarkError(offset int64)
}

// explorer is one window on one file.
type explorer struct {
	sh  *shell
	win fyne.Window

	// The document. All fields are UI-thread only.
	path       string // "" for the bundled sample
	name       string
	doc        *document // the file's source, shared with goroutines reading it
	file       *model.File
	decodeDur  time.Duration
	openErr    error // the file could not be read at all
	gen        int   // load generation: results of older loads are dropped
	cancel     context.CancelFunc
	loading    bool
	previewing bool     // the tree shows a preview of a big file's first bytes (applyPreview)
	waiters    []func() // run once the current load is applied
	closed     bool
	failOp     int // the failing op of the broken pickle, or -1
	failPi     int

	tm   *treeModel
	tree *objTree
	// rowFace draws the text of the tree's rows and the safety list's;
	// monoFace the trace's, the hex view's and the details' value and path.
	rowFace, monoFace *glyphtext.Face
	details           *details
	trace             tracePane
	hex               hexPane
	tracePi           int // the pickle the trace shows, -1 for none
	// hexData are the bytes the hex view shows: the file's, or those of
	// the container member the selected pickle was read from.
	hexData []byte
	// traceIdx are the trace's MARK indexes, built while decoding.
	traceIdx []*traceview.Index

	banner     *fyne.Container
	bannerText *widget.Label
	// safety is the safety scan of the file; safeBanner shows it and
	// safetyDialog lists it (nil until opened).
	safety       *safetyInfo
	safeBanner   *safetyBanner
	safetyDialog dialog.Dialog
	safetyList   *widget.List
	progressBox  *fyne.Container
	progress     *widget.ProgressBar
	progressInf  *widget.ProgressBarInfinite
	progressText *widget.Label
	status       *widget.Label
	notice       *widget.Label
	noticeGen    int
	find         *findBar
	hsplit       *container.Split
	vsplit       *container.Split
	bsplit       *container.Split
	actions      *actions

	cur     selection
	hist    history
	syncing bool // set while the window moves a pane's selection itself
	// keyNav is set while the tree's selection moves by the keyboard.
	keyNav bool
	// panesLater is set while a selection goes to the tree alone: the
	// trace, the hex view and the details follow a frame later.
	panesLater bool
	// autoOpened are the tree branches showInTree opened (not the user).
	autoOpened map[string]bool
	selGen     int // selection generation, for asynchronous resolution

	export *exportJob
}

// newExplorer builds a window with no file yet.
func newExplorer(s *shell) *explorer {
	e := &explorer{sh: s, tracePi: -1, failOp: -1, autoOpened: map[string]bool{}}
	e.win = s.app.NewWindow(windowTitle)
	e.cur = noSelection
	e.buildUI()
	e.buildMenu()
	prefs := s.app.Preferences()
	e.win.Resize(fyne.NewSize(
		float32(prefs.FloatWithFallback(prefWinWidth, 1400)),
		float32(prefs.FloatWithFallback(prefWinHeight, 900))))
	e.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { e.dropped(uris) })
	e.win.SetOnClosed(e.onClosed)
	e.win.Canvas().SetOnTypedKey(e.typedKey)
	return e
}

// do runs f on the UI thread, dropping it if the window has closed.
func (e *explorer) do(f func()) {
	e.sh.do(func() {
		if !e.closed {
			f()
		}
	})
}

// afterPaint runs f on the UI thread once the window has painted a frame
// since the call: Fyne ticks its animations just before it paints each
// frame, so an animation's second tick comes after a paint. (Fyne's test
// driver ticks an animation once, at its end: f runs then.) UI thread.
func (e *explorer) afterPaint(f func()) {
	ticks, ran := 0, false
	var a *fyne.Animation
	a = fyne.NewAnimation(time.Second, func(done float32) {
		ticks++
		if !ran && (ticks == 2 || done >= 1) {
			ran = true
			a.Stop()
			f()
		}
	})
	a.Start()
}

// timed runs f, recording its UI-thread time under name in debug mode.
func (e *explorer) timed(name string, f func()) { e.sh.timed(name, f) }

func (e *explorer) buildUI() {
	e.tm = newTreeModel(nil)
	e.rowFace = glyphtext.NewFace(fyne.TextStyle{})
	e.monoFace = glyphtext.NewFace(fyne.TextStyle{Monospace: true})
	// Rasterise the glyphs before the first rows need them, guessing one
	// pixel per unit (the rows warm the true scale if it differs).
	e.rowFace.Warm(theme.TextSize(), 1)
	e.tree = newObjTree(e)
	e.details = newDetails(e)
	e.trace = e.sh.newTrace(e.monoFace, func(op int) {
		t0 := time.Now()
		e.timed("trace.OnSelected", func() { e.traceSelected(op) })
		e.sh.settled("trace select", t0)
	})
	e.hex = e.sh.newHex(e.monoFace,
		func(off int64) { e.timed("hex.OnByteTapped", func() { e.byteTapped(off) }) },
		func(off int64) { e.hovered(off) },
	)
	e.find = newFindBar(e)

	e.bannerText = widget.NewLabel("")
	e.bannerText.Wrapping = fyne.TextWrapWord
	e.bannerText.TextStyle = fyne.TextStyle{Bold: true}
	show := newKeyButton("Show", theme.VisibilityIcon(), e.showError)
	bg := canvas.NewRectangle(color.NRGBA{R: 0xd3, G: 0x2f, B: 0x2f, A: 0x40})
	bar := canvas.NewRectangle(color.NRGBA{R: 0xd3, G: 0x2f, B: 0x2f, A: 0xff})
	bar.SetMinSize(fyne.NewSize(6, 0))
	e.banner = container.NewStack(bg, container.NewBorder(nil, nil,
		container.NewHBox(bar, widget.NewIcon(theme.ErrorIcon())), container.NewCenter(show), e.bannerText))
	e.banner.Hide()
	e.safeBanner = newSafetyBanner(e)

	e.progress = widget.NewProgressBar()
	e.progressText = widget.NewLabel("Decoding…")
	cancel := newKeyButton("Cancel", theme.CancelIcon(), e.cancelWork)
	e.progressInf = widget.NewProgressBarInfinite()
	e.progressInf.Stop()
	e.progressInf.Hide()
	e.progressBox = container.NewBorder(nil, nil, e.progressText, cancel, container.NewStack(e.progress, e.progressInf))
	e.progressBox.Hide()

	e.status = widget.NewLabel("")
	e.status.Truncation = fyne.TextTruncateEllipsis
	e.notice = widget.NewLabel("")
	e.notice.Importance = widget.HighImportance
	statusBar := container.NewBorder(widget.NewSeparator(), nil, nil, e.notice, e.status)

	e.actions = newActions(e)
	top := container.NewVBox(e.actions.toolbar(), e.safeBanner.box, e.banner, e.progressBox)

	left := container.NewBorder(e.find.bar, nil, nil, nil, e.tree)
	e.find.box = left
	prefs := e.sh.app.Preferences()
	// The trace and the hex view each need about 650 px for a full row, so
	// they are stacked under the details rather than side by side.
	e.bsplit = container.NewVSplit(e.trace, e.hex)
	e.bsplit.Offset = prefs.FloatWithFallback(prefSplitBottom, 0.5)
	e.vsplit = container.NewVSplit(e.details.view, e.bsplit)
	e.vsplit.Offset = prefs.FloatWithFallback(prefSplitRight, 0.36)
	e.hsplit = container.NewHSplit(left, e.vsplit)
	e.hsplit.Offset = prefs.FloatWithFallback(prefSplitMain, 0.36)

	e.win.SetContent(container.NewBorder(top, statusBar, nil, nil, e.hsplit))
}

// onClosed saves the split positions, stops the decode and releases the
// file.
func (e *explorer) onClosed() {
	prefs := e.sh.app.Preferences()
	prefs.SetFloat(prefSplitMain, e.hsplit.Offset)
	prefs.SetFloat(prefSplitRight, e.vsplit.Offset)
	prefs.SetFloat(prefSplitBottom, e.bsplit.Offset)
	if sz := e.win.Canvas().Size(); sz.Width >= 400 && sz.Height >= 300 {
		// The next window opens at the size this one had.
		prefs.SetFloat(prefWinWidth, float64(sz.Width))
		prefs.SetFloat(prefWinHeight, float64(sz.Height))
	}
	e.closed = true
	e.gen++
	if e.cancel != nil {
		e.cancel()
	}
	if e.export != nil {
		e.export.cancel()
	}
	// A decode still running closes its own source when it finishes.
	e.trace.SetPickle(nil)
	e.hex.SetData(nil)
	e.doc.close()
	e.doc = nil
	e.sh.closed(e)
}

// dropped opens files dropped on the window: the first replaces this
// window's file, any others open in windows of their own.
func (e *explorer) dropped(uris []fyne.URI) {
	first := true
	for _, u := range uris {
		if u.Scheme() != "file" {
			continue
		}
		if first {
			e.load(u.Path())
			first = false
			continue
		}
		e.sh.open(u.Path())
	}
}

// typedKey is the canvas's typed-key handler: Fyne calls it with the keys
// that are not shortcuts (no Ctrl or Alt) when no widget has the focus, and
// the viewports, the details' texts, the buttons and the links pass on the
// keys they do not use.
func (e *explorer) typedKey(ev *fyne.KeyEvent) {
	e.handleKey(ev)
}

// handleKey runs the window's plain-key commands: F5 reloads, F3 finds the
// next hit and Shift+F3 the previous one, Escape closes the find bar. The
// focusable widgets call it (the tree and the find entry directly, the
// others through typedKey: see keys.go), so the keys work whichever has the
// focus. It reports whether it used the key.
func (e *explorer) handleKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyF5:
		e.actions.reload.run()
		return true
	case fyne.KeyF3:
		// Fyne's key events carry no modifiers; Shift alone makes no
		// shortcut, so Shift+F3 arrives here as F3.
		if e.sh.mods()&fyne.KeyModifierShift != 0 {
			e.find.step(-1)
		} else {
			e.find.step(1)
		}
		return true
	case fyne.KeyEscape:
		if e.find.visible() {
			e.find.close()
			return true
		}
	}
	return false
}

// setNotice shows a short message at the right of the status bar for a few
// seconds.
func (e *explorer) setNotice(msg string) {
	e.noticeGen++
	g := e.noticeGen
	e.notice.SetText(msg)
	time.AfterFunc(6*time.Second, func() {
		e.do(func() {
			if e.noticeGen == g {
				e.notice.SetText("")
			}
		})
	})
}

// title is the window title for the current file.
func (e *explorer) title() string {
	if e.name == "" {
		return windowTitle
	}
	return windowTitle + " — " + e.name
}

// displayName is how a path is shown: its base name.
func displayName(path string) string {
	return filepath.Base(path)
}

// shortcut builds a desktop shortcut.
func shortcut(k fyne.KeyName, m fyne.KeyModifier) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: m}
}
