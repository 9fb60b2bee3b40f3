package decoder

import (
	"bytes"
	"errors"
	"testing"

	"pklx/model"
)

// joblibLike is a hand-assembled pickle of [W(), <the list itself>] where
// 5 raw bytes follow the BUILD of W, as joblib writes array data after a
// NumpyArrayWrapper; the ops after the gap use the memo and the MARK from
// before it.
var joblibLike = []byte("\x80\x04" + // PROTO 4
	"]" + // EMPTY_LIST
	"q\x00" + // BINPUT 0
	"(" + // MARK
	"cm\nW\n" + // GLOBAL 'm W'
	")" + // EMPTY_TUPLE
	"\x81" + // NEWOBJ
	"}" + // EMPTY_DICT
	"K\x05" + // BININT1 5
	"\x8c\x01n" + // SHORT_BINUNICODE 'n'
	"s" + // SETITEM: {5: 'n'}
	"b" + // BUILD
	"\xde\xad\xbe\xef\x00" + // raw bytes, not ops
	"h\x00" + // BINGET 0
	"e" + // APPENDS
	".") // STOP

func TestDecodeSkipping(t *testing.T) {
	build := int64(bytes.IndexByte(joblibLike, 'b'))
	var seen []string
	skip := func(pk *Peek) (int64, error) {
		m, name := pk.Global(pk.Edges(pk.Target())[0].Val)
		st := pk.State()
		e := pk.Edges(st)
		k := pk.Int(e[0].Key)
		v, _ := pk.Text(e[0].Val)
		seen = append(seen, m+"."+name)
		if pk.Offset() != build+1 || pk.Kind(st) != model.KindDict || k != 5 || v != "n" || pk.Kind(model.NoNode) != model.KindInvalid {
			t.Errorf("Peek: offset %d, state %s, entry %d: %q", pk.Offset(), pk.Kind(st), k, v)
		}
		return 5, nil
	}
	s, err := DecodeSkipping(joblibLike, 0, Options{}, skip)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0] != "m.W" {
		t.Errorf("SkipFunc saw %v", seen)
	}
	want := append(append([]byte{}, joblibLike[:build+1]...), joblibLike[build+6:]...)
	if !bytes.Equal(s.Data, want) {
		t.Errorf("Data %q, want the input without the gap %q", s.Data, want)
	}
	if len(s.Gaps) != 1 || s.Gaps[0].Span != (model.Span{Start: build + 1, End: build + 6}) || s.Gaps[0].At != build+1 {
		t.Fatalf("gaps %+v", s.Gaps)
	}
	p := s.Pickle
	if !p.Complete() || p.Root() < 0 || p.OpCode(s.Gaps[0].Op) != model.OpBuild {
		t.Fatalf("pickle complete %v root %d; gap after op %d", p.Complete(), p.Root(), s.Gaps[0].Op)
	}
	if p.Node(s.Gaps[0].Node).Kind != model.KindCall {
		t.Errorf("gap node is a %s", p.Node(s.Gaps[0].Node).Kind)
	}
	items := p.Edges(p.Root())
	if len(items) != 2 || items[0].Val != s.Gaps[0].Node || items[1].Val != p.Root() {
		t.Errorf("root list items %+v", items)
	}
	for _, tc := range []struct{ off, in int64 }{{0, 0}, {build, build}, {build + 1, build + 6}, {int64(len(want)) - 1, int64(len(joblibLike)) - 1}} {
		if got := s.InputOffset(tc.off); got != tc.in {
			t.Errorf("InputOffset(%d) = %d, want %d", tc.off, got, tc.in)
		}
	}
	// Without gaps, the result is a plain decode over the input itself.
	s, err = DecodeSkipping(joblibLike[:build+1], 0, Options{}, func(*Peek) (int64, error) { return 0, nil })
	if len(s.Gaps) != 0 || &s.Data[0] != &joblibLike[0] || !errors.Is(err, ErrTruncated) {
		t.Errorf("no gaps: %d gaps, err %v", len(s.Gaps), err)
	}
}

func TestDecodeSkippingErrors(t *testing.T) {
	build := int64(bytes.IndexByte(joblibLike, 'b'))
	for _, tc := range []struct {
		name  string
		skip  SkipFunc
		cause error
	}{
		{"past the end", func(*Peek) (int64, error) { return 1 << 40, nil }, ErrTruncated},
		{"refused", func(*Peek) (int64, error) { return 0, errors.New("bad wrapper") }, ErrBadArgument},
	} {
		s, err := DecodeSkipping(joblibLike, 0, Options{}, tc.skip)
		var de *Error
		if !errors.As(err, &de) || !errors.Is(err, tc.cause) || de.Offset != build || de.Op != model.OpBuild {
			t.Errorf("%s: %v, want %v at the BUILD (offset %d)", tc.name, err, tc.cause, build)
		}
		if s == nil || s.Pickle == nil || s.Pickle.Complete() {
			t.Errorf("%s: no partial pickle", tc.name)
		}
	}
}
