package assets

import (
	"bytes"
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
