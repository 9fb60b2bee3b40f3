package glyphtext

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"runtime"
	"sync"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/render"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// maxGlyphs bounds a Face's glyph cache; past it the cache starts again.
const maxGlyphs = 8192

// phases is how many sub-pixel positions a glyph is rasterised at: an
// eighth of a pixel from Fyne's exact positions is not visible (a quarter
// was, on some stems).
const phases = 8

// Face is one of the theme's fonts, chosen by text style, with a cache of
// rasterised glyphs.
type Face struct {
	style fyne.TextStyle
	res   fyne.Resource
	face  *font.Face // the UI thread's copy of the font
	r     render.Renderer
	// The UI thread's shaper (it caches per font) and segmenter, and a
	// buffer for a line's runes.
	shaper shaping.HarfbuzzShaper
	seg    shaping.Segmenter
	runes  []rune
	// warmed are the sizes and scales whose glyphs a goroutine has been
	// asked to rasterise ahead of use (UI thread only).
	warmed map[warmKey]bool
	// scale is the pixels per unit of the last canvas a line was on.
	scale float32

	mu     sync.Mutex
	glyphs map[glyphKey]*glyph // guarded by mu
	gen    int                 // guarded by mu; bumped when the font changes
}

type glyphKey struct {
	gid   font.GID
	size  float32 // text size, in Fyne units
	scale float32 // pixels per unit
	phase uint8   // eighths of a pixel right of the pen's whole pixel
	yoff  fixed.Int26_6
}

type warmKey struct{ size, scale float32 }

// glyph is a rasterised glyph: its coverage (cropped to its ink; nil for
// a blank glyph) in a cell whose pen is at (x0, the line's baseline).
type glyph struct {
	mask *image.Alpha
	x0   int
}

// NewFace returns a Face for the current theme's font of style. It panics
// on an italic style (see the package's contract).
func NewFace(style fyne.TextStyle) *Face {
	if style.Italic {
		panic("glyphtext: no Face for italic text")
	}
	return &Face{style: style, glyphs: map[glyphKey]*glyph{}, warmed: map[warmKey]bool{}}
}

// Style is the text style of the Face's font.
func (f *Face) Style() fyne.TextStyle { return f.style }

// mono reports whether the Face puts every rune one advance from the last.
func (f *Face) mono() bool { return f.style.Monospace }

// load (re)loads the font when the theme's font for the style changed. It
// reports whether a font is available.
func (f *Face) load() bool {
	res := theme.Current().Font(f.style)
	if res == nil {
		res = defaultFont(f.style)
	}
	if f.face != nil && res == f.res {
		return true
	}
	face, err := font.ParseTTF(bytes.NewReader(res.Content()))
	if err != nil {
		f.face = nil
		return false
	}
	f.res, f.face = res, face
	f.mu.Lock()
	clear(f.glyphs)
	f.gen++
	f.mu.Unlock()
	clear(f.warmed)
	return true
}

// defaultFont is Fyne's bundled font for style.
func defaultFont(style fyne.TextStyle) fyne.Resource {
	switch {
	case style.Monospace:
		return theme.DefaultTextMonospaceFont()
	case style.Symbol:
		return theme.DefaultSymbolFont()
	case style.Bold:
		return theme.DefaultTextBoldFont()
	}
	return theme.DefaultTextFont()
}

// Covers reports whether the font has a glyph for every rune of s (and s
// has no tab or other control character), so that a Line draws s as a
// canvas.Text would.
func (f *Face) Covers(s string) bool {
	if !f.load() {
		return false
	}
	for _, c := range s {
		if c < ' ' || c == 0x7f {
			return false
		}
		if c < 0x7f {
			continue // the fonts Fyne ships have all of ASCII
		}
		if _, ok := f.face.NominalGlyph(c); !ok {
			return false
		}
	}
	return true
}

// Warm rasterises printable ASCII at size and scale (pixels per unit) on a
// goroutine of its own, with its own copy of the font, so that the first
// frame to show a screenful of rows does not rasterise a few hundred glyphs
// (every character at every phase). A wrong guess of the scale costs only
// the goroutine's time. It returns at once.
func (f *Face) Warm(size, scale float32) {
	k := warmKey{size, scale}
	if f.warmed[k] || size <= 0 || scale <= 0 || !f.load() {
		return
	}
	f.warmed[k] = true
	res, base := f.res, baseline(size, scale, f.style)
	pad := f.pad(size, scale)
	f.mu.Lock()
	gen := f.gen
	f.mu.Unlock()
	go func() {
		face, err := font.ParseTTF(bytes.NewReader(res.Content()))
		if err != nil {
			return
		}
		var r render.Renderer
		for c := rune('!'); c < 0x7f; c++ {
			runtime.Gosched() // this is work ahead of need: the UI goes first
			gid, ok := face.NominalGlyph(c)
			if !ok {
				continue
			}
			for ph := uint8(0); ph < phases; ph++ {
				k := glyphKey{gid, size, scale, ph, 0}
				f.mu.Lock()
				_, done := f.glyphs[k]
				stale := f.gen != gen
				f.mu.Unlock()
				if stale {
					return
				}
				if done {
					continue
				}
				g := rasterise(face, &r, k, base, pad)
				f.mu.Lock()
				if f.gen == gen && f.glyphs[k] == nil && len(f.glyphs) < maxGlyphs {
					f.glyphs[k] = g
				}
				f.mu.Unlock()
			}
		}
	}()
}

// baseline is the distance in pixels from the top of a line to its
// baseline, as Fyne draws text: the shaped ascent, rounded up.
func baseline(size, scale float32, style fyne.TextStyle) int {
	_, ascent := fyne.CurrentApp().Driver().RenderedTextSize("0", size, style, nil)
	return int(math.Ceil(float64(ascent * scale)))
}

// pad is the room, in pixels, a glyph's cell leaves either side of its
// advance: marks and overhangs ink beyond it.
func (f *Face) pad(size, scale float32) int {
	if f.mono() {
		return int(math.Ceil(float64(size*scale)/4)) + 1
	}
	return int(math.Ceil(float64(size*scale)/2)) + 1
}

// glyph returns the rasterised glyph of k, rasterising it on a miss.
func (f *Face) glyph(k glyphKey, base int) *glyph {
	f.mu.Lock()
	g, ok := f.glyphs[k]
	f.mu.Unlock()
	if ok {
		return g
	}
	g = rasterise(f.face, &f.r, k, base, f.pad(k.size, k.scale))
	f.mu.Lock()
	if len(f.glyphs) >= maxGlyphs {
		clear(f.glyphs)
	}
	f.glyphs[k] = g
	f.mu.Unlock()
	return g
}

// rasterise draws glyph k.gid from face at k's size and scale, its pen
// k.phase eighths of a pixel right of a whole pixel, raised by k.yoff, and
// base pixels below the top of the line, in a cell pad pixels wider than
// its advance either side.
func rasterise(face *font.Face, r *render.Renderer, k glyphKey, base, pad int) *glyph {
	adv := face.HorizontalAdvance(k.gid) * k.size * k.scale / float32(face.Upem())
	w := int(math.Ceil(float64(adv))) + 2*pad
	h := base*2 + pad
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	r.FontSize, r.PixScale, r.Color = k.size, k.scale, color.White
	// DrawShapedRunAt places the pen on whole pixels; the glyph's offset
	// (in units) moves the outline by the phase.
	g0 := shaping.Glyph{GlyphID: k.gid, YOffset: k.yoff,
		XOffset: fixed.Int26_6(math.Round(float64(k.phase) / phases / float64(k.scale) * 64))}
	r.DrawShapedRunAt(shaping.Output{Face: face, Glyphs: []shaping.Glyph{g0}}, dst, pad, base)
	// Keep only the rows and columns with ink.
	ink := image.Rectangle{}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if dst.Pix[y*dst.Stride+4*x+3] != 0 {
				ink = ink.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	g := &glyph{x0: pad}
	if ink.Empty() {
		return g
	}
	g.mask = image.NewAlpha(ink)
	for y := ink.Min.Y; y < ink.Max.Y; y++ {
		for x := ink.Min.X; x < ink.Max.X; x++ {
			g.mask.Pix[g.mask.PixOffset(x, y)] = dst.Pix[y*dst.Stride+4*x+3]
		}
	}
	return g
}

// oneFace is a shaping.Fontmap of a single font.
type oneFace struct{ f *font.Face }

func (o oneFace) ResolveFace(rune) *font.Face { return o.f }

// place calls put with every glyph of text at size and scale and its pen's
// x in pixels, as Fyne's painter places them: the text split into runs by
// direction and script, each run shaped and started on a whole pixel, its
// glyphs one shaped advance apart. A monospace Face is not shaped: every
// rune is one advance (Fyne's measure of "0") from the last.
func (f *Face) place(text string, size, scale float32, put func(gid font.GID, x float32, yoff fixed.Int26_6)) {
	if f.mono() {
		one, _ := fyne.CurrentApp().Driver().RenderedTextSize("0", size, f.style, nil)
		adv := one.Width * scale
		x := float32(0)
		for _, c := range text {
			if c != ' ' {
				if gid, ok := f.face.NominalGlyph(c); ok {
					put(gid, x, 0)
				}
			}
			x += adv
		}
		return
	}
	f.runes = append(f.runes[:0], []rune(text)...)
	in := shaping.Input{Text: f.runes, RunEnd: len(f.runes), Direction: di.DirectionLTR, Face: f.face,
		Size: fixed.Int26_6(float64(size) * 64)}
	x := float32(0)
	for _, run := range f.seg.Split(in, oneFace{f.face}) {
		out := f.shaper.Shape(run)
		pen := float32(int(x))
		var adv fixed.Int26_6
		for _, g := range out.Glyphs {
			put(g.GlyphID, pen+float32(g.XOffset)/64*scale, g.YOffset)
			pen += float32(g.XAdvance) / 64 * scale
			adv += g.XAdvance
		}
		x += float32(adv) / 64 * scale
	}
}

// Line is one line of text drawn from a Face's glyphs. Set its fields, then
// call Refresh. Place and size Object like a canvas.Text of the same text
// and style (its MinSize), then call Refresh again: a Line draws its pixels
// when it is refreshed, at the size it has then.
//
// The pixels are a canvas.Image's: Fyne drops the texture of every other
// canvas object under a widget that is refreshed (a canvas.Text's is kept by
// its text, a Raster's is drawn again), but an Image keeps its texture until
// the Image itself is refreshed, so a tree refreshed for a new selection
// does not upload its unchanged rows again.
type Line struct {
	Text     string
	Color    color.Color
	TextSize float32

	face *Face
	// box is the object callers place; it holds img, sized to whole
	// pixels (so that every painter draws the pixels unscaled) without
	// resizing it when box is laid out.
	box *fyne.Container
	img *canvas.Image
	buf *image.RGBA
	// What the image shows, and at how many pixels per unit.
	drawn struct {
		text  string
		color color.Color
		size  float32
		w, h  int
		scale float32
	}
}

// NewLine returns an empty line drawn with f.
func (f *Face) NewLine() *Line {
	l := &Line{face: f, TextSize: theme.TextSize()}
	l.img = &canvas.Image{FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScaleSmooth}
	l.box = container.NewWithoutLayout(l.img)
	return l
}

// Object is the line's canvas object.
func (l *Line) Object() fyne.CanvasObject { return l.box }

// MinSize is the size of a canvas.Text of the line's text and the Face's
// style. A monospace line computes it from one character's (measuring the
// text itself would shape it).
func (l *Line) MinSize() fyne.Size {
	if l.face.mono() {
		one := fyne.MeasureText("0", l.TextSize, l.face.style)
		return fyne.NewSize(one.Width*float32(utf8.RuneCountInString(l.Text)), one.Height)
	}
	return fyne.MeasureText(l.Text, l.TextSize, l.face.style)
}

// Refresh draws the line again if its text, colour, size, or size or scale
// in pixels changed; an unchanged line costs nothing.
func (l *Line) Refresh() {
	scale := l.pixelScale()
	sz := l.box.Size()
	w, h := int(math.Round(float64(sz.Width*scale))), int(math.Round(float64(sz.Height*scale)))
	if l.current() && w == l.drawn.w && h == l.drawn.h && scale == l.drawn.scale {
		return
	}
	l.drawn.text, l.drawn.size, l.drawn.color = l.Text, l.TextSize, l.Color
	l.drawn.w, l.drawn.h, l.drawn.scale = w, h, scale
	if w <= 0 || h <= 0 {
		l.img.Image = nil
	} else {
		l.img.Image = l.draw(w, h, scale)
	}
	l.img.Resize(fyne.NewSize(float32(w)/scale, float32(h)/scale))
	l.img.Refresh()
}

// current reports whether the image shows the line's text, colour and
// size.
func (l *Line) current() bool {
	return l.drawn.text == l.Text && l.drawn.size == l.TextSize && sameColor(l.drawn.color, l.Color)
}

func sameColor(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == b
	}
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// pixelScale is the number of pixels per unit where the line is drawn: its
// canvas's scale times the texture scale (2 on a macOS Retina display, else
// 1), as Fyne sizes textures. A line not on a canvas yet (a row made in
// the frame that lays it out) takes the scale the Face last saw.
func (l *Line) pixelScale() float32 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(l.box); c != nil {
		if x, _ := c.PixelCoordinateForPosition(fyne.NewPos(1000, 0)); x > 0 {
			l.face.scale = float32(x) / 1000
		}
	}
	if l.face.scale <= 0 {
		return 1
	}
	return l.face.scale
}

// draw composes the text at w x h pixels, scale pixels per unit, into the
// line's buffer. (The painter copies the pixels to its texture when it
// paints, on this goroutine: the buffer can be drawn again.)
func (l *Line) draw(w, h int, scale float32) *image.RGBA {
	if l.buf == nil || l.buf.Rect.Dx() != w || l.buf.Rect.Dy() != h {
		l.buf = image.NewRGBA(image.Rect(0, 0, w, h))
	} else {
		clear(l.buf.Pix)
	}
	buf := l.buf
	f := l.face
	if l.Text == "" || !f.load() {
		return buf
	}
	f.Warm(l.TextSize, scale) // for the lines to come, if not yet
	base := baseline(l.TextSize, scale, f.style)
	cr, cg, cb, ca := colorOf(l.Color)
	f.place(l.Text, l.TextSize, scale, func(gid font.GID, x float32, yoff fixed.Int26_6) {
		px := int(math.Floor(float64(x)))
		phase := uint8(math.Round(float64(x-float32(px)) * phases))
		if phase == phases {
			px, phase = px+1, 0
		}
		g := f.glyph(glyphKey{gid, l.TextSize, scale, phase, yoff}, base)
		if g.mask != nil {
			blit(buf, g.mask, px-g.x0, cr, cg, cb, ca)
		}
	})
	return buf
}

// colorOf is c's premultiplied 8-bit channels (the theme's foreground when
// c is nil).
func colorOf(c color.Color) (r, g, b, a uint32) {
	if c == nil {
		c = theme.Color(theme.ColorNameForeground)
	}
	r, g, b, a = c.RGBA()
	return r >> 8, g >> 8, b >> 8, a >> 8
}

// blit composes the coverage m in the colour (premultiplied r, g, b, a)
// onto dst, m's cell origin at (x, 0), source over destination.
func blit(dst *image.RGBA, m *image.Alpha, x int, r, gr, b, a uint32) {
	for my := m.Rect.Min.Y; my < m.Rect.Max.Y; my++ {
		if my < 0 || my >= dst.Rect.Dy() {
			continue
		}
		row := m.Pix[m.PixOffset(m.Rect.Min.X, my):][:m.Rect.Dx()]
		for i, cov := range row {
			if cov == 0 {
				continue
			}
			dx := x + m.Rect.Min.X + i
			if dx < 0 || dx >= dst.Rect.Dx() {
				continue
			}
			o := my*dst.Stride + 4*dx
			k := uint32(cov)
			sa := a * k / 255
			inv := 255 - sa
			p := dst.Pix[o : o+4 : o+4]
			p[0] = uint8(r*k/255 + uint32(p[0])*inv/255)
			p[1] = uint8(gr*k/255 + uint32(p[1])*inv/255)
			p[2] = uint8(b*k/255 + uint32(p[2])*inv/255)
			p[3] = uint8(sa + uint32(p[3])*inv/255)
		}
	}
}
