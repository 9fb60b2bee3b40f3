package container

import (
	"encoding/binary"
	"errors"
	"fmt"

	"pklx/decoder"
	"pklx/model"
	"pklx/model/ml"
)

// openNPY reads an .npy file (or an .npz member called name): raw items
// after the header, or for object arrays the pickle NumPy writes there.
// off is where data starts in the file (-1 when it is not the file's).
func (c *Container) openNPY(data []byte, name string, inFile bool, off int64) error {
	if inFile && off < 0 {
		off = 0
	}
	label := name
	if label == "" {
		label = "npy"
	}
	h, err := ml.ParseNPYHeader(data)
	if err != nil {
		fe := &FormatError{Format: "npy", Offset: off, Msg: err.Error()}
		c.Parts = append(c.Parts, Part{Name: label, Kind: KindArray, Offset: off, Data: data, Err: fe})
		return fe
	}
	at := func(x int64) int64 {
		if off < 0 {
			return -1
		}
		return off + x
	}
	if h.DType.Kind == 'O' {
		p, _ := decoder.DecodeOne(data, h.DataOffset, decoder.Options{Context: c.opts.Context, Name: c.Name})
		f := &model.File{Name: c.Name, Data: data, Format: "npy object payload",
			Pickles: []*model.Pickle{p.With(label+" (object array pickle)", nil)}}
		c.Parts = append(c.Parts, Part{Name: label, Kind: KindPickle, Offset: at(0), Data: data, File: f})
		c.Notes = append(c.Notes, fmt.Sprintf("%s: an object array of shape %s, whose items are a pickle at offset %d of the member.",
			label, ml.ShapeText(h.Shape), h.DataOffset))
		return nil
	}
	v := ml.NPYView(h, data)
	part := Part{Name: label, Kind: KindArray, Offset: at(h.DataOffset), Data: v.Data, Array: v}
	if v.Missing != "" {
		part.Err = &FormatError{Format: "npy", Offset: at(h.DataOffset), Msg: v.Missing}
	}
	c.Parts = append(c.Parts, part)
	c.Notes = append(c.Notes, fmt.Sprintf("%s: %s array %s of raw items (no pickle; nothing in it runs code).",
		label, v.DType.Name(), ml.ShapeText(h.Shape)))
	return part.Err
}

// legacyNames label the pickles of a legacy PyTorch checkpoint.
var legacyNames = []string{"magic number", "protocol version", "sys info", "object", "storage keys"}

// openLegacy reads torch.save's legacy format
// (_use_new_zipfile_serialization=False): five pickles back to back (the
// magic number, the protocol version, sys info, the object, the list of
// storage keys), then each storage in the order of the keys: an 8-byte
// little-endian item count and the items.
func (c *Container) openLegacy(data []byte, inFile bool) error {
	var pickles []*model.Pickle
	var off int64
	for i := 0; i < len(legacyNames); i++ {
		p, err := decodeWindowed(data, off, c.Name)
		pickles = append(pickles, p)
		if err != nil {
			break
		}
		off = p.Span().End
	}
	ext := &torchStorages{byKey: map[string][]byte{}}
	var sparts []Part
	var ferr error
	if len(pickles) == len(legacyNames) && pickles[4].Complete() {
		sizes := storageSizes(pickles[3])
		keysP := pickles[4]
		g := ml.PickleGraph(keysP)
		for _, k := range listItems(keysP, keysP.Root()) {
			key, ok := g.Text(k)
			if !ok {
				ferr = &FormatError{Format: "pytorch legacy", Offset: off, Msg: "a storage key is not a string"}
				break
			}
			size, ok := sizes[key]
			if !ok {
				ferr = &FormatError{Format: "pytorch legacy", Offset: off, Msg: fmt.Sprintf("storage '%s' is not named by the object", key)}
				break
			}
			if off+8 > int64(len(data)) {
				ferr = &FormatError{Format: "pytorch legacy", Offset: off, Msg: fmt.Sprintf("storage '%s' cut short: no item count", key)}
				break
			}
			count := int64(binary.LittleEndian.Uint64(data[off:]))
			rem := int64(len(data)) - off - 8
			if count < 0 || count > rem/size {
				ferr = &FormatError{Format: "pytorch legacy", Offset: off,
					Msg: fmt.Sprintf("storage '%s' of %d items of %d bytes, but only %d bytes remain", key, count, size, rem)}
				break
			}
			b := data[off+8 : off+8+count*size]
			ext.byKey[key] = b
			po := int64(-1)
			if inFile {
				po = off + 8
			}
			sparts = append(sparts, Part{Name: "storage '" + key + "'", Kind: KindStorage, Offset: po, Data: b})
			off += 8 + count*size
		}
		if ferr == nil && off < int64(len(data)) {
			c.Notes = append(c.Notes, fmt.Sprintf("%d bytes after the last storage are not read.", int64(len(data))-off))
		}
	}
	for i, p := range pickles {
		po := int64(-1)
		if inFile {
			po = 0
		}
		f := &model.File{Name: c.Name, Data: data, Format: "pytorch legacy", Pickles: []*model.Pickle{p.With(legacyNames[i], ext)}}
		c.Parts = append(c.Parts, Part{Name: legacyNames[i], Kind: KindPickle, Offset: po, Data: data, File: f})
	}
	c.Parts = append(c.Parts, sparts...)
	c.Notes = append(c.Notes, fmt.Sprintf("A PyTorch checkpoint in the legacy format: %d pickles, then %d raw storage(s).", len(pickles), len(sparts)))
	return ferr
}

// decodeWindowed decodes the pickle at off over a window of data that
// grows fourfold while the pickle runs past its end. The decoder reserves
// model room from the bytes that remain; a legacy checkpoint's pickles
// are small and followed by megabytes of storages, so decoding them over
// the whole file would reserve (and zero) hundreds of megabytes each.
// The pickle's Data is then the window: a prefix of data.
func decodeWindowed(data []byte, off int64, name string) (*model.Pickle, error) {
	window := int64(64 << 10)
	for {
		end := min(int64(len(data)), off+window)
		p, err := decoder.DecodeOne(data[:end], off, decoder.Options{Name: name})
		if end == int64(len(data)) || !errors.Is(err, decoder.ErrTruncated) {
			return p, err
		}
		window *= 4
	}
}

// storageSizes maps each storage key the object pickle names to its item
// size.
func storageSizes(p *model.Pickle) map[string]int64 {
	out := map[string]int64{}
	g := ml.PickleGraph(p)
	for i := 0; i < p.NumNodes(); i++ {
		n := model.NodeID(i)
		if p.Kind(n) != model.KindPersID {
			continue
		}
		if st, err := ml.ReadTorchStorage(g, p.EdgeWithRole(n, model.RolePID)); err == nil && st.Elem.Size > 0 {
			out[st.Key] = int64(st.Elem.Size)
		}
	}
	return out
}

// listItems are the items of a list node.
func listItems(p *model.Pickle, n model.NodeID) []model.NodeID {
	if n < 0 || p.Kind(n) != model.KindList {
		return nil
	}
	var out []model.NodeID
	for _, e := range p.Edges(n) {
		if e.Key == model.RoleItem {
			out = append(out, e.Val)
		}
	}
	return out
}

// joblibArrays is the Extern of a joblib stream: each NumpyArrayWrapper's
// array bytes, by node.
type joblibArrays struct {
	byNode map[model.NodeID][]byte
}

// ExternBytes is the array data that follows a NumpyArrayWrapper.
func (j *joblibArrays) ExternBytes(p *model.Pickle, n model.NodeID) ([]byte, bool) {
	b, ok := j.byNode[n]
	return b, ok
}

// joblibInline is one raw run after a NumpyArrayWrapper's BUILD.
type joblibInline struct {
	node   model.NodeID
	start  int64 // the array bytes (after any padding), in the stream
	end    int64
	nested *model.Pickle // an object array's own pickle
}

// joblibSkip is the SkipFunc of a joblib stream: after the BUILD of a
// NumpyArrayWrapper it names the bytes joblib wrote there (write_array in
// joblib/numpy_pickle.py): with numpy_array_alignment_bytes set (joblib
// >= 1.2, uncompressed files), one byte giving the padding length and that
// many 0xff bytes; then the items in the wrapper's order. An object array
// is a protocol 2 pickle of its own instead.
func joblibSkip(name string, found *[]joblibInline) decoder.SkipFunc {
	return func(pk *decoder.Peek) (int64, error) {
		t := pk.Target()
		if pk.Kind(t) != model.KindCall {
			return 0, nil
		}
		w, err := ml.ReadWrapper(pk, t)
		if err != nil {
			return 0, nil // some other BUILD
		}
		data := pk.Data()
		pos := pk.Offset()
		if w.DType.Kind == 'O' {
			p, err := decoder.DecodeOne(data, pos, decoder.Options{Name: name})
			if err != nil {
				return 0, fmt.Errorf("the object array's own pickle at offset %d: %w", pos, err)
			}
			*found = append(*found, joblibInline{node: t, start: pos, end: p.Span().End, nested: p})
			return p.Span().End - pos, nil
		}
		n, ok := w.DataLen()
		if !ok {
			return 0, errors.New("the array's shape is too large")
		}
		pad := int64(0)
		if w.Align > 0 {
			if pos >= int64(len(data)) {
				return 0, fmt.Errorf("no padding byte at offset %d", pos)
			}
			pad = 1 + int64(data[pos])
		}
		if rem := int64(len(data)) - pos; pad > rem || n > rem-pad {
			return 0, fmt.Errorf("the array needs %d bytes (with %d of padding) at offset %d, but only %d remain", n+pad, pad, pos, rem)
		}
		*found = append(*found, joblibInline{node: t, start: pos + pad, end: pos + pad + n})
		return pad + n, nil
	}
}

// openJoblib reads a joblib stream: pickles whose arrays are raw bytes
// between their ops.
func (c *Container) openJoblib(data []byte, inFile bool) error {
	c.setFormat("joblib")
	var off int64
	var firstErr error
	arrays, nested := 0, 0
	for k := 0; off < int64(len(data)); k++ {
		var found []joblibInline
		s, err := decoder.DecodeSkipping(data, off, decoder.Options{Context: c.opts.Context, Name: c.Name}, joblibSkip(c.Name, &found))
		if k > 0 && !s.Pickle.Complete() && !startsPickle(data[off:]) {
			c.Notes = append(c.Notes, fmt.Sprintf("%d bytes after the last pickle are not a pickle.", int64(len(data))-off))
			break
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
		ext := &joblibArrays{byNode: map[model.NodeID][]byte{}}
		label := "joblib pickle"
		if k > 0 {
			label = fmt.Sprintf("joblib pickle %d", k)
		}
		po := int64(-1)
		if inFile && len(s.Gaps) == 0 {
			po = 0
		}
		var extra []Part
		var nestedPickles []*model.Pickle
		for i, in := range found {
			ap := int64(-1)
			if inFile {
				ap = in.start
			}
			if in.nested != nil {
				nested++
				np := in.nested.With(fmt.Sprintf("joblib object array %d (pickle at offset %d)", i, in.start), nil)
				nestedPickles = append(nestedPickles, np)
				whole := int64(-1)
				if inFile {
					whole = 0
				}
				extra = append(extra, Part{Name: np.Source(), Kind: KindPickle, Offset: whole,
					Data: data, File: &model.File{Name: c.Name, Data: data, Format: "joblib", Pickles: []*model.Pickle{np}}})
				continue
			}
			arrays++
			ext.byNode[in.node] = data[in.start:in.end]
			extra = append(extra, Part{Name: fmt.Sprintf("joblib array %d", i), Kind: KindArray, Offset: ap, Data: data[in.start:in.end]})
		}
		p := s.Pickle.With(label, ext)
		for i := range extra {
			if extra[i].Kind == KindArray {
				if v, ok := ml.Recognize(p, found[i].node); ok {
					extra[i].Array, _ = v.(*ml.ArrayView)
				}
			}
		}
		f := &model.File{Name: c.Name, Data: s.Data, Format: "joblib", Pickles: []*model.Pickle{p}}
		c.Parts = append(c.Parts, Part{Name: label, Kind: KindPickle, Offset: po, Data: s.Data, File: f, Gaps: s.Gaps})
		c.Parts = append(c.Parts, extra...)
		if !s.Pickle.Complete() {
			break
		}
		end := s.Pickle.Span().End
		if len(s.Gaps) > 0 {
			end = s.InputOffset(end)
		}
		off = end
	}
	c.Notes = append(c.Notes, fmt.Sprintf("A joblib dump: %d array(s) written as raw bytes between the pickle's ops, %d object array(s) as pickles of their own.", arrays, nested))
	return firstErr
}
