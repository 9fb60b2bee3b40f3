package viewport

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// minThumb is the shortest the thumb gets, in pixels, however many rows
// there are, so it can always be grabbed.
const minThumb = 24

// scrollbar is the viewport's vertical scrollbar: a track and a draggable
// thumb. A click on the track above or below the thumb moves one page.
type scrollbar struct {
	widget.BaseWidget
	v *Viewport

	dragging  bool
	dragStart float32 // thumb offset when the drag began
	dragDY    float32 // pointer travel since then
	hovered   bool
}

func newScrollbar(v *Viewport) *scrollbar {
	b := &scrollbar{v: v}
	b.ExtendBaseWidget(b)
	return b
}

// thumb is the thumb's offset and length in the bar's current height.
func (b *scrollbar) thumb() (off, length float32) {
	v := b.v
	return thumbGeometry(v.total, v.VisibleRows(), v.top, b.Size().Height, minThumb)
}

// Tapped pages up or down when the track is clicked outside the thumb.
func (b *scrollbar) Tapped(ev *fyne.PointEvent) {
	off, length := b.thumb()
	switch {
	case ev.Position.Y < off:
		b.v.SetTop(b.v.top - b.v.PageRows())
	case ev.Position.Y >= off+length:
		b.v.SetTop(b.v.top + b.v.PageRows())
	}
}

// Dragged moves the thumb with the pointer. It adds up the deltas since the
// drag began rather than reading absolute positions, so a drag that starts
// anywhere on the bar moves the thumb by as much as the pointer moved.
func (b *scrollbar) Dragged(ev *fyne.DragEvent) {
	if !b.dragging {
		b.dragging = true
		b.dragStart, _ = b.thumb()
		b.dragDY = 0
	}
	b.dragDY += ev.Dragged.DY
	_, length := b.thumb()
	v := b.v
	v.SetTop(rowForThumb(b.dragStart+b.dragDY, length, b.Size().Height, v.total, v.VisibleRows()))
}

// DragEnd ends a thumb drag.
func (b *scrollbar) DragEnd() {
	b.dragging = false
	b.Refresh()
}

// MouseIn is part of desktop.Hoverable: the thumb darkens under the pointer.
func (b *scrollbar) MouseIn(*desktop.MouseEvent) {
	b.hovered = true
	b.Refresh()
}

// MouseMoved is part of desktop.Hoverable.
func (b *scrollbar) MouseMoved(*desktop.MouseEvent) {}

// MouseOut is part of desktop.Hoverable.
func (b *scrollbar) MouseOut() {
	b.hovered = false
	b.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (b *scrollbar) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{b: b, track: canvas.NewRectangle(color.Transparent), knob: canvas.NewRectangle(color.Transparent)}
	r.objects = []fyne.CanvasObject{r.track, r.knob}
	return r
}

type barRenderer struct {
	b       *scrollbar
	track   *canvas.Rectangle
	knob    *canvas.Rectangle
	objects []fyne.CanvasObject
}

func (r *barRenderer) Destroy() {}

func (r *barRenderer) MinSize() fyne.Size {
	return fyne.NewSize(r.b.v.barWidth(), minThumb)
}

func (r *barRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *barRenderer) Layout(size fyne.Size) {
	r.track.Resize(size)
	off, length := r.b.thumb()
	inset := float32(2)
	if r.b.hovered || r.b.dragging {
		inset = 1
	}
	r.knob.Move(fyne.NewPos(inset, off))
	r.knob.Resize(fyne.NewSize(size.Width-2*inset, length))
}

func (r *barRenderer) Refresh() {
	th := r.b.v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	r.track.FillColor = th.Color(theme.ColorNameScrollBarBackground, variant)
	r.knob.FillColor = th.Color(theme.ColorNameScrollBar, variant)
	r.knob.CornerRadius = th.Size(theme.SizeNameScrollBarRadius)
	r.Layout(r.b.Size())
	r.track.Refresh()
	r.knob.Refresh()
}
