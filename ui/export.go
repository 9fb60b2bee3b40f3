package ui

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/atotto/clipboard"

	"pklx/model"
	"pklx/model/export"
	"pklx/model/pyrepr"
	"pklx/model/view"
)

// clipboardWriter puts text on the system clipboard. The window uses
// atotto/clipboard (xclip, xsel or wl-copy on Linux) and falls back to
// Fyne's clipboard when that fails; tests inject a fake.
type clipboardWriter interface {
	WriteAll(text string) error
}

// systemClipboard is atotto/clipboard.
type systemClipboard struct{}

// WriteAll puts text on the clipboard.
func (systemClipboard) WriteAll(text string) error { return clipboard.WriteAll(text) }

// maxHexCopy bounds "Copy bytes as hex".
const maxHexCopy = 16 << 20

// maxClipboardJSON bounds "Copy JSON"; bigger subtrees go to a file.
const maxClipboardJSON = 256 << 20

// exportJob is a running export: its cancel function.
type exportJob struct {
	cancel context.CancelFunc
}

// selectedNode is the object to export or copy: the selection's node.
func (e *explorer) selectedNode() (*model.Pickle, int, model.NodeID, bool) {
	if e.file == nil || e.cur.node == model.NoNode {
		e.setNotice("Select an object first")
		return nil, 0, model.NoNode, false
	}
	return e.file.Pickles[e.cur.pi], e.cur.pi, e.cur.node, true
}

// copyText puts text on the clipboard from a goroutine (the clipboard tool
// may take a while), falling back to Fyne's clipboard, and says what it
// did.
func (e *explorer) copyText(what, text string) {
	clip := e.sh.clip
	go func() {
		err := clip.WriteAll(text)
		e.do(func() {
			if err == nil {
				e.setNotice("Copied " + what)
				return
			}
			e.sh.app.Clipboard().SetContent(text)
			e.setNotice(fmt.Sprintf("Copied %s with Fyne's clipboard (system clipboard failed: %v)", what, err))
		})
	}()
}

// copyValue copies the selected value's repr.
func (e *explorer) copyValue() {
	p, _, n, ok := e.selectedNode()
	if !ok {
		return
	}
	if text, ok := e.viewRowText(); ok {
		e.copyText("the value", text) // a recognised object's row: its text
		return
	}
	e.copyText("the value", reprText(p, n))
}

// reprText is the value's Python repr: complete for strings, bytes and
// numbers, bounded for containers.
func reprText(p *model.Pickle, n model.NodeID) string {
	switch p.Node(n).Kind {
	case model.KindStr:
		return pyrepr.Str(p.Str(n))
	case model.KindStr8, model.KindBytes:
		return pyrepr.Bytes(p.Bytes(n))
	case model.KindByteArray:
		return pyrepr.ByteArray(p.Bytes(n))
	case model.KindBigInt, model.KindInt:
		return view.BigDigits(p, n)
	}
	if s := view.ShapeOf(p, n); s.Form == view.FormSeq {
		return view.KeyRepr(p, n)
	}
	return view.Summary(p, n)
}

// copyPath copies the selected object's path.
func (e *explorer) copyPath() {
	_, pi, n, ok := e.selectedNode()
	if !ok {
		return
	}
	tm := e.tm
	e.goDoc(func() {
		path := tm.pathText(pi, n)
		e.do(func() {
			if path == "" {
				e.setNotice("The root has an empty path")
				return
			}
			e.copyText("the path "+path, path)
		})
	})
}

// copyHex copies the bytes of the selection as hex: the object's subtree,
// or the selected op when no object is selected.
func (e *explorer) copyHex() {
	if e.file == nil || e.cur.pi >= len(e.file.Pickles) {
		return
	}
	p := e.file.Pickles[e.cur.pi]
	var s model.Span
	switch {
	case e.cur.node != model.NoNode:
		s = p.SubtreeSpan(e.cur.node)
	case e.cur.op >= 0:
		s = p.OpSpan(e.cur.op)
	default:
		e.setNotice("Select an object or an op first")
		return
	}
	if s.Len() > maxHexCopy {
		e.setNotice(fmt.Sprintf("%s is too much to copy as hex (the limit is %s)", humanBytes(s.Len()), humanBytes(maxHexCopy)))
		return
	}
	data := p.Data()[s.Start:s.End]
	what := fmt.Sprintf("%s bytes as hex", groupDigits(s.Len()))
	e.goDoc(func() {
		text := spacedHex(data)
		e.do(func() { e.copyText(what, text) })
	})
}

// spacedHex writes bytes as "80 04 95".
func spacedHex(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.Grow(len(b) * 3)
	h := hex.EncodeToString(b)
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(h[i : i+2])
	}
	return sb.String()
}

// exportOptions are the JSON options chosen in the menu.
func (e *explorer) exportOptions(ctx context.Context, progress func(int)) export.Options {
	return export.Options{
		Typed:    e.sh.app.Preferences().Bool(prefTypedJSON),
		Indent:   "  ",
		Context:  ctx,
		Progress: progress,
	}
}

// suggestedName is the default export file name: the file's base name
// with the path's last segment, as .json.
func (e *explorer) suggestedName() string {
	base := strings.TrimSuffix(e.name, filepath.Ext(e.name))
	if base == "" {
		base = "pickle"
	}
	return base + ".json"
}

// exportToFile asks for a file and writes the selected subtree there as
// JSON.
func (e *explorer) exportToFile() {
	_, _, _, ok := e.selectedNode()
	if !ok || e.sh.dialogs == nil {
		return
	}
	d := e.sh.dialogs
	name := e.suggestedName()
	go func() {
		path, err := d.SaveFile("Export JSON", name)
		e.do(func() {
			switch {
			case err != nil:
				e.setNotice("Export: " + err.Error())
			case path != "":
				e.exportTo(path)
			}
		})
	}()
}

// exportTo writes the selected subtree as JSON to path, atomically: to a
// temporary file in the same folder, then renamed over path.
func (e *explorer) exportTo(path string) {
	p, _, n, ok := e.selectedNode()
	if !ok {
		return
	}
	e.runExport("Exporting to "+filepath.Base(path), func(ctx context.Context, progress func(int)) (string, error) {
		if err := writeJSONFile(path, p, n, e.exportOptions(ctx, progress)); err != nil {
			return "", err
		}
		return "Exported JSON to " + path, nil
	})
}

// writeJSONFile is the atomic write behind exportTo.
func writeJSONFile(path string, p *model.Pickle, n model.NodeID, opts export.Options) (err error) {
	tmp, err := createTemp(path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// A new file gets 0644 less the umask, as os.Create would give it; a
	// replaced one keeps its mode.
	if st, serr := os.Stat(path); serr == nil {
		if err = tmp.Chmod(st.Mode().Perm()); err != nil {
			return err
		}
	}
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err = export.JSON(bw, p, n, opts); err != nil {
		return err
	}
	if err = bw.WriteByte('\n'); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// createTemp creates a new, hidden file next to path (".out.json.123.tmp")
// with mode 0644 less the umask.
func createTemp(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for i := 0; ; i++ {
		name := filepath.Join(dir, fmt.Sprintf(".%s.%d-%d.tmp", base, os.Getpid(), time.Now().UnixNano()+int64(i)))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) || i >= 100 {
			return f, err
		}
	}
}

// copyJSON copies the selected subtree as JSON.
func (e *explorer) copyJSON() {
	p, _, n, ok := e.selectedNode()
	if !ok {
		return
	}
	var text string
	e.runExport("Copying JSON", func(ctx context.Context, progress func(int)) (string, error) {
		var buf bytes.Buffer
		w := &limitWriter{w: &buf, left: maxClipboardJSON}
		if err := export.JSON(w, p, n, e.exportOptions(ctx, progress)); err != nil {
			if w.left < 0 {
				return "", fmt.Errorf("the JSON is over %s: use Export JSON to write it to a file", humanBytes(maxClipboardJSON))
			}
			return "", err
		}
		text = buf.String()
		return "", nil
	}, func() { e.copyText(fmt.Sprintf("%s of JSON", humanBytes(int64(len(text)))), text) })
}

// limitWriter fails once more than left bytes are written.
type limitWriter struct {
	w    io.Writer
	left int64
}

func (l *limitWriter) Write(b []byte) (int, error) {
	l.left -= int64(len(b))
	if l.left < 0 {
		return 0, fmt.Errorf("output limit reached")
	}
	return l.w.Write(b)
}

// runExport runs work on a goroutine with the progress bar showing the
// values written, then reports its message (or error) and runs then.
func (e *explorer) runExport(what string, work func(ctx context.Context, progress func(int)) (string, error), then ...func()) {
	if e.export != nil {
		e.setNotice("An export is already running")
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.export = &exportJob{cancel: cancel}
	e.progressText.SetText(what + "…")
	e.progress.Hide()
	e.progressInf.Show()
	e.progressInf.Start()
	e.progressBox.Show()
	var values atomic.Int64
	stop := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(progressTick)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				v := values.Load()
				e.do(func() {
					if e.export != nil {
						e.progressText.SetText(fmt.Sprintf("%s… %s values", what, groupDigits(v)))
					}
				})
			}
		}
	}()
	started := e.goDoc(func() {
		msg, err := work(ctx, func(n int) { values.Store(int64(n)) })
		close(stop)
		<-stopped
		e.do(func() {
			e.export = nil
			cancel()
			e.progressInf.Stop()
			e.progressInf.Hide()
			e.progress.Show()
			if !e.loading {
				e.progressBox.Hide()
			}
			if err != nil {
				e.setNotice("Export failed: " + err.Error())
				return
			}
			if msg != "" {
				e.setNotice(msg)
			}
			for _, f := range then {
				f()
			}
		})
	})
	if !started {
		close(stop)
		cancel()
		e.export = nil
	}
}
