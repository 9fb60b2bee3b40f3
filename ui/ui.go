package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"pklx/assets"
	"pklx/ui/glyphtext"
)

// Dialogs are the native file dialogs (implemented by ui/native with
// sqweek/dialog; tests pass a fake). Their methods block until the user
// answers; the window calls them off the UI thread.
type Dialogs interface {
	// OpenFile asks for a file to open; "" and a nil error when cancelled.
	OpenFile(title string) (string, error)
	// SaveFile asks for a file to write, suggesting a name; "" and a nil
	// error when cancelled.
	SaveFile(title, suggested string) (string, error)
}

// Preference keys.
const (
	prefRecent      = "recentFiles"
	prefSplitMain   = "split.main"
	prefSplitRight  = "split.right"
	prefSplitBottom = "split.bottom"
	prefWinWidth    = "window.width"
	prefWinHeight   = "window.height"
	prefTypedJSON   = "export.typed"
	maxRecent       = 10
)

// shell is what the windows of one app share: the app, the dialogs, the
// clipboard, the recent-files list and the list of open windows. It lives
// as long as Run (or Snapshot); there is no package-level state.
type shell struct {
	app     fyne.App
	dialogs Dialogs
	clip    clipboardWriter
	timing  *timing
	// do runs f on the UI thread (fyne.Do; tests substitute a queue).
	do   func(f func())
	wins []*explorer
	// newTrace and newHex make the trace and hex panes (tests spy on them).
	newTrace func(face *glyphtext.Face, onSelected func(op int)) tracePane
	newHex   func(face *glyphtext.Face, onTapped, onHover func(off int64)) hexPane
	// mods reports the modifier keys held down (tests press their own).
	mods func() fyne.KeyModifier
	// quitting, when set, is called when the app starts to quit: its
	// last window closed, or the Quit action (guardExit).
	quitting func()
}

func newShell(a fyne.App, d Dialogs) *shell {
	s := &shell{app: a, dialogs: d, clip: systemClipboard{}, newTrace: newTracePane, newHex: newHexPane,
		mods: func() fyne.KeyModifier { return heldModifiers(a) }}
	if os.Getenv(timingEnv) == "1" {
		s.timing = newTiming(os.Stderr)
	}
	s.do = func(f func()) {
		if s.timing == nil {
			fyne.Do(f)
			return
		}
		fyne.Do(func() { s.timed("fyne.Do", f) })
	}
	return s
}

// timed runs f and records how long it held the (UI) thread.
func (s *shell) timed(name string, f func()) {
	if s.timing == nil {
		f()
		return
	}
	t0 := time.Now()
	f()
	s.timing.record(name, time.Since(t0))
}

// settled records, in debug mode, how long after t0 the UI thread gets to a
// fyne.Do queued now: the time the action that started at t0 kept it busy,
// including the layout it triggered.
func (s *shell) settled(name string, t0 time.Time) {
	if s.timing == nil {
		return
	}
	fyne.Do(func() { s.timing.record(name+" (until idle)", time.Since(t0)) })
}

// heartbeat measures, until ctx ends, how late a fyne.Do scheduled every
// 20 ms runs: the longest time the UI thread was busy with anything.
func (s *shell) heartbeat(ctx context.Context) {
	if s.timing == nil {
		return
	}
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				t0 := time.Now()
				fyne.DoAndWait(func() {})
				s.timing.record("ui-thread latency", time.Since(t0))
			}
		}
	}()
}

// recent is the recent-files list, newest first.
func (s *shell) recent() []string {
	return s.app.Preferences().StringList(prefRecent)
}

// addRecent puts path at the top of the recent-files list and refreshes
// every window's menu.
func (s *shell) addRecent(path string) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	list := slices.DeleteFunc(s.recent(), func(p string) bool { return p == path })
	list = append([]string{path}, list...)
	if len(list) > maxRecent {
		list = list[:maxRecent]
	}
	s.app.Preferences().SetStringList(prefRecent, list)
	s.refreshMenus()
}

// clearRecent empties the recent-files list.
func (s *shell) clearRecent() {
	s.app.Preferences().SetStringList(prefRecent, nil)
	s.refreshMenus()
}

func (s *shell) refreshMenus() {
	for _, e := range s.wins {
		e.buildMenu()
	}
}

// open opens a new window on path ("" for the bundled sample).
func (s *shell) open(path string) *explorer {
	e := newExplorer(s)
	s.wins = append(s.wins, e)
	e.win.Show()
	e.load(path)
	return e
}

// closed forgets a closed window.
func (s *shell) closed(e *explorer) {
	s.wins = slices.DeleteFunc(s.wins, func(x *explorer) bool { return x == e })
	if len(s.wins) == 0 && s.quitting != nil {
		s.quitting() // Fyne quits with its last window
	}
}

// quit quits the app: every window at once (Fyne's Quit closes none of
// them one by one, so closed does not see it).
func (s *shell) quit() {
	if s.quitting != nil {
		s.quitting()
	}
	s.app.Quit()
}

// Run opens one window per path (the bundled sample when paths is empty) and
// runs the app.
func Run(a fyne.App, paths []string, d Dialogs) {
	prepareHeap()
	s := newShell(a, d)
	a.SetIcon(fyne.NewStaticResource("pklx.png", assets.Icon))
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	a.Lifecycle().SetOnStarted(func() { s.heartbeat(ctx) })
	s.quitting = guardExit()
	if len(paths) == 0 {
		s.open("")
	}
	for _, p := range paths {
		s.open(p)
	}
	a.Run()
	if s.timing != nil {
		s.timing.report("session")
	}
}

// snapshotTimeout bounds Snapshot from start to PNG.
const snapshotTimeout = 30 * time.Second

// Snapshot opens the real window on path at width x height, waits until the
// file is decoded and the window drawn, writes the window's pixels to out
// (PNG) and quits. Options, if given, open and select rows first.
func Snapshot(a fyne.App, path, out string, width, height int, opts ...SnapshotOptions) error {
	// Mesa's llvmpipe (the software GL of Xvfb and most headless machines)
	// reads back zeros from a window's front buffer, which Capture reads;
	// its softpipe driver reads the real pixels. GL is loaded when the first
	// window is created, so this still takes effect here.
	if runtime.GOOS == "linux" && os.Getenv("GALLIUM_DRIVER") == "" {
		os.Setenv("GALLIUM_DRIVER", "softpipe")
	}
	s := newShell(a, nil)
	a.SetIcon(fyne.NewStaticResource("pklx.png", assets.Icon))
	e := newExplorer(s)
	s.wins = append(s.wins, e)
	e.win.Resize(fyne.NewSize(float32(width), float32(height)))
	e.win.Show()
	e.load(path)

	res := make(chan error, 1)
	var o SnapshotOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	go func() { res <- snapshotWhenReady(e, out, width, height, o) }()
	final := make(chan error, 1)
	go func() {
		select {
		case err := <-res:
			final <- err
		case <-time.After(snapshotTimeout):
			final <- fmt.Errorf("timed out after %v", snapshotTimeout)
		}
		fyne.Do(a.Quit)
	}()
	a.Run()
	select {
	case err := <-final:
		return err
	case <-time.After(time.Second):
		return errors.New("the app quit before the snapshot was taken")
	}
}

// snapshotWhenReady runs on its own goroutine: it waits for the decode,
// sizes the window so that the capture has exactly width x height pixels,
// lets a few frames draw and writes the capture to out.
func snapshotWhenReady(e *explorer, out string, width, height int, opts SnapshotOptions) error {
	loaded := make(chan struct{})
	fyne.Do(func() { e.onLoaded(func() { close(loaded) }) })
	select {
	case <-loaded:
	case <-time.After(snapshotTimeout - 5*time.Second):
		return errors.New("decoding did not finish in time")
	}

	// The canvas scale turns window units into pixels: size the window in
	// units so the framebuffer is the requested pixel size.
	fyne.DoAndWait(func() {
		sc := e.win.Canvas().Scale()
		if sc <= 0 {
			sc = 1
		}
		e.win.Resize(fyne.NewSize(float32(width)/sc, float32(height)/sc))
	})
	// Rows are opened and selected at the final size, and scrolled to once
	// more when the layout (and a safety banner) has settled.
	var rowsErr error
	fyne.DoAndWait(func() { rowsErr = e.showRows(opts) })
	if rowsErr != nil {
		return rowsErr
	}
	time.Sleep(200 * time.Millisecond)
	fyne.DoAndWait(e.reveal)
	var img image.Image
	for i := 0; i < 20; i++ {
		time.Sleep(150 * time.Millisecond)
		fyne.DoAndWait(func() {})
		fyne.DoAndWait(func() { img = e.win.Canvas().Capture() })
		if os.Getenv("PKLX_DEBUG_SNAPSHOT") != "" && img != nil {
			fmt.Fprintf(os.Stderr, "snapshot: try %d: %v, %d colours, %v %v\n", i, img.Bounds(), countColors(img), img.At(10, 10), img.At(700, 450))
		}
		if img != nil && img.Bounds().Dx() == width && img.Bounds().Dy() == height && i >= 2 && countColors(img) > 1 {
			break
		}
	}
	if img == nil {
		return errors.New("the window could not be captured")
	}
	if countColors(img) <= 1 {
		return errors.New("the captured window is blank (the GL driver could not read the window back)")
	}
	// Crop or pad by the odd pixel that rounding can leave, and make it
	// opaque: the framebuffer's alpha channel is not meaningful.
	exact := opaqueCopy(img, width, height)
	var buf bytes.Buffer
	if err := png.Encode(&buf, exact); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// opaqueCopy copies the colour channels of img into a width x height
// opaque image (cropping, or padding with black), ignoring its alpha.
func opaqueCopy(img image.Image, width, height int) *image.NRGBA {
	out := image.NewNRGBA(image.Rect(0, 0, width, height))
	b := img.Bounds()
	for y := 0; y < height; y++ {
		for x := 0; x < width; x++ {
			o := out.PixOffset(x, y)
			out.Pix[o+3] = 0xff
			if x >= b.Dx() || y >= b.Dy() {
				continue
			}
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			out.Pix[o], out.Pix[o+1], out.Pix[o+2] = uint8(r>>8), uint8(g>>8), uint8(bl>>8)
		}
	}
	return out
}

// countColors counts the distinct colours of a sample of img's pixels.
func countColors(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}
