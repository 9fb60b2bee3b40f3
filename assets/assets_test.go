package assets

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"os"
	"testing"
)

func TestIcon(t *testing.T) {
	cfg, err := png.DecodeConfig(bytes.NewReader(Icon))
	if err != nil {
		t.Fatalf("icon.png: %v", err)
	}
	if cfg.Width != 512 || cfg.Height != 512 {
		t.Errorf("icon.png is %dx%d, want 512x512", cfg.Width, cfg.Height)
	}
}

func TestSamplePickle(t *testing.T) {
	// PROTO 4, then FRAME: what pickle.dumps(..., protocol=4) always starts with.
	if !bytes.HasPrefix(SamplePickle, []byte{0x80, 0x04, 0x95}) {
		t.Errorf("sample.pkl starts % x, want PROTO 4 then FRAME", SamplePickle[:min(3, len(SamplePickle))])
	}
	if !bytes.HasSuffix(SamplePickle, []byte(".")) {
		t.Error("sample.pkl does not end with STOP")
	}
	if n := len(SamplePickle); n >= 2048 {
		t.Errorf("sample.pkl is %d bytes, keep it under 2 KiB", n)
	}
	disk, err := os.ReadFile(SampleName)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(disk, SamplePickle) {
		t.Errorf("SampleName %q does not name the embedded sample", SampleName)
	}
	// The oracle must describe this sample: its last op is the STOP at len-1.
	dis, err := os.ReadFile("sample.dis")
	if err != nil {
		t.Fatal(err)
	}
	tail := fmt.Sprintf("%5d: .    STOP\nhighest protocol among opcodes = 4\n", len(SamplePickle)-1)
	if !bytes.HasSuffix(dis, []byte(tail)) {
		t.Errorf("sample.dis does not end with\n%s", tail)
	}
}

// The glyphs are what the tree's layout and Fyne's recolouring expect: an
// SVG whose viewBox is one em high, holding filled paths only.
func TestGlyphs(t *testing.T) {
	for _, g := range []struct {
		name string
		svg  []byte
	}{
		{"glyphs/same.svg", GlyphSame},
		{"glyphs/cycle.svg", GlyphCycle},
		{"glyphs/sign.svg", GlyphSign},
	} {
		disk, err := os.ReadFile(g.name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(disk, g.svg) {
			t.Errorf("%s: the embedded bytes are not the file's", g.name)
		}
		var doc struct {
			ViewBox string `xml:"viewBox,attr"`
			Inner   []struct {
				XMLName xml.Name
				Attrs   []xml.Attr `xml:",any,attr"`
			} `xml:",any"`
		}
		if err := xml.Unmarshal(g.svg, &doc); err != nil {
			t.Fatalf("%s: %v", g.name, err)
		}
		var w, h float64
		if n, _ := fmt.Sscanf(doc.ViewBox, "0 0 %g %g", &w, &h); n != 2 || h != 1000 || w <= 0 || w > 1000 {
			t.Errorf("%s: viewBox %q, want 0 0 W 1000 with W at most 1000", g.name, doc.ViewBox)
		}
		if len(doc.Inner) == 0 {
			t.Errorf("%s: no path", g.name)
		}
		for _, el := range doc.Inner {
			if el.XMLName.Local != "path" {
				t.Errorf("%s: a <%s>; only paths keep their shape when Fyne recolours", g.name, el.XMLName.Local)
			}
			for _, a := range el.Attrs {
				if a.Name.Local != "d" {
					t.Errorf("%s: a path's %s attribute; Fyne's recolouring drops or ignores it", g.name, a.Name.Local)
				}
			}
		}
	}
}
