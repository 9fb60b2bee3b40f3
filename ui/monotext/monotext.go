package monotext

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"sync"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/render"
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

// style is the text style of every Line.
var style = fyne.TextStyle{Monospace: true}

// Face is the theme's monospace font with a cache of rasterised glyphs.
type Face struct {
	res  fyne.Resource
	face *font.Face // the UI thread's copy of the font
	r    render.Renderer
	// warmed are the sizes and scales whose glyphs a goroutine has been
	// asked to rasterise ahead of use (UI thread only).
	warmed map[warmKey]bool

	mu     sync.Mutex
	glyphs map[glyphKey]*glyph // guarded by mu
	gen    int                 // guarded by mu; bumped when the font changes
}

type glyphKey struct {
	r     rune
	size  float32 // text size, in Fyne units
	scale float32 // pixels per unit
	phase uint8   // eighths of a pixel right of the pen's whole pixel
}

type warmKey struct{ size, scale float32 }

// glyph is a rasterised glyph: its coverage (cropped to its ink; nil for
// a blank glyph) in a cell whose pen is at (x0, the line's baseline).
type glyph struct {
	mask *image.Alpha
	x0   int
}

// NewFace returns a Face for the current theme's monospace font.
func NewFace() *Face {
	return &Face{glyphs: map[glyphKey]*glyph{}, warmed: map[warmKey]bool{}}
}

// load (re)loads the font when the theme's monospace font changed. It
// reports whether a font is available.
func (f *Face) load() bool {
	res := theme.Current().Font(style)
	if res == nil {
		res = theme.DefaultTextMonospaceFont()
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

// Covers reports whether the font has a glyph for every rune of s (and s
// has no tab), so that a Line draws s as a canvas.Text would.
func (f *Face) Covers(s string) bool {
	if !f.load() {
		return false
	}
	for _, c := range s {
		if c < ' ' {
			return false
		}
		if c < 0x7f {
			continue // the monospace fonts Fyne ships have all of ASCII
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
	res, base := f.res, baseline(size, scale)
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
			for ph := uint8(0); ph < phases; ph++ {
				k := glyphKey{c, size, scale, ph}
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
				g := rasterise(face, &r, c, size, scale, ph, base)
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
func baseline(size, scale float32) int {
	_, ascent := fyne.CurrentApp().Driver().RenderedTextSize("0", size, style, nil)
	return int(math.Ceil(float64(ascent * scale)))
}

// glyph returns c's rasterised glyph at size and scale with the pen phase
// eighths of a pixel right of a whole pixel, or nil when the font lacks c.
func (f *Face) glyph(c rune, size, scale float32, phase uint8, base int) *glyph {
	k := glyphKey{c, size, scale, phase}
	f.mu.Lock()
	g, ok := f.glyphs[k]
	f.mu.Unlock()
	if ok {
		return g
	}
	g = rasterise(f.face, &f.r, c, size, scale, phase, base)
	if g == nil {
		return nil
	}
	f.mu.Lock()
	if len(f.glyphs) >= maxGlyphs {
		clear(f.glyphs)
	}
	f.glyphs[k] = g
	f.mu.Unlock()
	return g
}

// rasterise draws c from face at size and scale, its pen phase eighths of
// a pixel right of a whole pixel and base pixels below the top of the
// line; nil when the font lacks c.
func rasterise(face *font.Face, r *render.Renderer, c rune, size, scale float32, phase uint8, base int) *glyph {
	gid, ok := face.NominalGlyph(c)
	if !ok {
		return nil
	}
	// A cell with room for overhangs either side and the full line height
	// (descenders too).
	adv := face.HorizontalAdvance(gid) * size * scale / float32(face.Upem())
	pad := int(math.Ceil(float64(size*scale)/4)) + 1
	w := int(math.Ceil(float64(adv))) + 2*pad
	h := base*2 + pad
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	r.FontSize, r.PixScale, r.Color = size, scale, color.White
	// DrawShapedRunAt places the pen on whole pixels; the glyph's offset
	// (in units) moves the outline by the phase.
	g0 := shaping.Glyph{GlyphID: gid, XOffset: fixed.Int26_6(math.Round(float64(phase) / phases / float64(scale) * 64))}
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

// Line is one line of monospace text drawn from a Face's glyphs. Set its
// fields, then call Refresh. Place and size Object like a canvas.Text of
// the same text (its MinSize height).
type Line struct {
	Text     string
	Color    color.Color
	TextSize float32

	face   *Face
	raster *canvas.Raster
	buf    *image.RGBA
	// What the raster shows.
	drawn struct {
		text  string
		color color.Color
		size  float32
	}
}

// NewLine returns an empty line drawn with f.
func (f *Face) NewLine() *Line {
	l := &Line{face: f, TextSize: theme.TextSize()}
	l.raster = canvas.NewRaster(l.generate)
	return l
}

// Object is the line's canvas object.
func (l *Line) Object() fyne.CanvasObject { return l.raster }

// MinSize is the size of a canvas.Text of the line's text, computed from
// one character's (measuring the text itself would shape it).
func (l *Line) MinSize() fyne.Size {
	one := fyne.MeasureText("0", l.TextSize, style)
	return fyne.NewSize(one.Width*float32(utf8.RuneCountInString(l.Text)), one.Height)
}

// Refresh redraws the line if its text, colour or size changed.
func (l *Line) Refresh() {
	if !l.current() {
		l.raster.Refresh()
	}
}

// current reports whether the raster shows the line's text, colour and
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

// generate is the raster's generator: the text at w x h pixels.
func (l *Line) generate(w, h int) image.Image {
	l.drawn.text, l.drawn.size, l.drawn.color = l.Text, l.TextSize, l.Color
	if w <= 0 || h <= 0 {
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	}
	if l.buf == nil || l.buf.Rect.Dx() != w || l.buf.Rect.Dy() != h {
		l.buf = image.NewRGBA(image.Rect(0, 0, w, h))
	} else {
		clear(l.buf.Pix)
	}
	units := l.raster.Size().Width
	if units <= 0 || l.Text == "" || !l.face.load() {
		return l.buf
	}
	drv := fyne.CurrentApp().Driver()
	scale := pixelScale(drv.CanvasForObject(l.raster), float32(w)/units)
	l.face.Warm(l.TextSize, scale) // for the rows to come, if not yet
	// Fyne's text: the baseline at the shaped ascent (rounded up, in
	// pixels), every glyph one shaped advance from the last.
	one, _ := drv.RenderedTextSize("0", l.TextSize, style, nil)
	adv := one.Width * scale
	base := baseline(l.TextSize, scale)
	cr, cg, cb, ca := colorOf(l.Color)
	x := float32(0)
	for _, c := range l.Text {
		px := int(math.Floor(float64(x)))
		phase := uint8(math.Round(float64(x-float32(px)) * phases))
		if phase == phases {
			px, phase = px+1, 0
		}
		x += adv
		if c == ' ' {
			continue
		}
		g := l.face.glyph(c, l.TextSize, scale, phase, base)
		if g == nil || g.mask == nil {
			continue
		}
		blit(l.buf, g.mask, px-g.x0, cr, cg, cb, ca)
	}
	return l.buf
}

// pixelScale is the number of pixels per Fyne unit that a raster is drawn
// at, given est, its pixel width over its width in units. The estimate is
// off by up to a pixel over the width (Fyne rounds the pixel size), and
// that is enough to put the baseline a pixel low; the true scale is the
// canvas's scale times a whole texture scale (2 on a macOS Retina display,
// else 1).
func pixelScale(c fyne.Canvas, est float32) float32 {
	if c == nil || c.Scale() <= 0 {
		return est
	}
	tex := float32(math.Round(float64(est / c.Scale())))
	if tex < 1 {
		tex = 1
	}
	return c.Scale() * tex
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
