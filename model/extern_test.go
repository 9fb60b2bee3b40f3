package model

import (
	"errors"
	"reflect"
	"testing"
)

type fakeExtern struct{}

func (fakeExtern) ExternBytes(*Pickle, NodeID) ([]byte, bool) { return []byte{1}, true }

// TestWithCopiesEveryField guards With against fields added to Pickle
// later: every field but the source, the Extern and the lazy op-order
// index must be carried over.
func TestWithCopiesEveryField(t *testing.T) {
	data := []byte("\x80\x04K\x01.") // pickle.dumps(1, protocol=4) without the frame
	b := NewBuilder(data, 0)
	b.AddOp(0)
	b.AddOp(2)
	n := b.AddNode(KindInt, 1, 1)
	b.AddOp(4)
	b.SetEnd(5)
	b.SetProtocol(4)
	p := b.Finish(n, nil, true, nil)
	q := p.With("member.pkl", fakeExtern{})
	if q.Source() != "member.pkl" || q.Extern() == nil || p.Source() != "" || p.Extern() != nil {
		t.Fatalf("With: source %q extern %v; original source %q extern %v", q.Source(), q.Extern(), p.Source(), p.Extern())
	}
	pv, qv := reflect.ValueOf(p).Elem(), reflect.ValueOf(q).Elem()
	for i := 0; i < pv.NumField(); i++ {
		name := pv.Type().Field(i).Name
		switch name {
		case "source", "ext", "byOpOnce", "edgeByOp":
			continue
		}
		a, c := pv.Field(i), qv.Field(i)
		if a.Kind() == reflect.Slice {
			if a.Pointer() != c.Pointer() || a.Len() != c.Len() {
				t.Errorf("field %s not shared", name)
			}
			continue
		}
		if !a.Equal(c) {
			t.Errorf("field %s differs", name)
		}
	}
}

// A pickle cut short while its top-level list is being filled previews as
// that list, with the items appended so far.
func TestPreview(t *testing.T) {
	b := NewBuilder(nil, 0)
	list := b.AddNode(KindList, b.AddOp(0), 0) // EMPTY_LIST
	for i := 0; i < 3; i++ {
		op := b.AddOp(int64(1 + i))
		b.AddEdge(list, RoleItem, b.AddNode(KindNone, op, 0), op) // NONE, APPEND
	}
	pending := b.AddNode(KindDict, b.AddOp(4), 0) // EMPTY_DICT, not yet appended
	p := b.Finish(NoNode, []StackItem{{Node: list}, {Mark: true, Node: NoNode}, {Node: pending}}, false, errors.New("cut short"))
	q := p.Preview(nil)
	if q == nil || q.Root() != list || len(q.Edges(q.Root())) != 3 || q.Err() != nil || len(q.Stack()) != 0 || q.Complete() {
		t.Fatalf("preview root %d, %d items, err %v, stack %v", q.Root(), len(q.Edges(q.Root())), q.Err(), q.Stack())
	}
	if p.Root() != NoNode || p.Err() == nil {
		t.Fatal("Preview changed the pickle it copies")
	}
	if (&Pickle{}).Preview(nil) != nil {
		t.Fatal("an empty stack previews as something")
	}
}
