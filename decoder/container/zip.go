package container

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"pklx/decoder"
	"pklx/decoder/diagnose"
	"pklx/model"
	"pklx/model/ml"
)

// maxMembers bounds the members of one archive that are read.
const maxMembers = 1 << 16

// zipMember is one member's bytes, read once.
type zipMember struct {
	f    *zip.File
	data []byte
	off  int64 // offset of data in the file, -1 when it was inflated
	err  error
}

// zipReader reads members within one decompression budget, slicing
// stored members straight out of the input.
type zipReader struct {
	data   []byte
	inFile bool
	budget int64
}

// member reads one member. A stored member is a slice of the input at the
// offset its local header gives (checked against the input's length); a
// deflated one is inflated within the budget.
func (z *zipReader) member(f *zip.File) zipMember {
	m := zipMember{f: f, off: -1}
	if f.Method == zip.Store {
		off, err := f.DataOffset()
		if err != nil {
			m.err = err
			return m
		}
		size := f.UncompressedSize64
		if off < 0 || off > int64(len(z.data)) || size != f.CompressedSize64 || size > uint64(int64(len(z.data))-off) {
			m.err = &FormatError{Format: "zip", Offset: off, Msg: fmt.Sprintf("member %s of %d bytes runs past the end of the file", f.Name, size)}
			return m
		}
		m.data = z.data[off : off+int64(size)]
		if z.inFile {
			m.off = off
		}
		return m
	}
	if f.UncompressedSize64 > uint64(z.budget) {
		m.err = &diagnose.LimitError{Format: "zip member " + f.Name, Limit: z.budget}
		return m
	}
	rc, err := f.Open()
	if err != nil {
		m.err = err
		return m
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, z.budget+1))
	if int64(len(b)) > z.budget {
		m.err = &diagnose.LimitError{Format: "zip member " + f.Name, Limit: z.budget}
		return m
	}
	z.budget -= int64(len(b))
	m.data, m.err = b, err
	return m
}

// openZip reads a zip archive: a PyTorch checkpoint (a */data.pkl member),
// an .npz (only .npy members), or any other zip, whose pickle members are
// decoded.
func (c *Container) openZip(data []byte, inFile bool) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		c.setFormat("zip")
		return &FormatError{Format: "zip", Offset: 0, Msg: err.Error()}
	}
	z := &zipReader{data: data, inFile: inFile, budget: diagnose.DecompressLimit(len(data))}
	files := zr.File
	if len(files) > maxMembers {
		c.Notes = append(c.Notes, fmt.Sprintf("The archive has %d members; only the first %d are read.", len(files), maxMembers))
		files = files[:maxMembers]
	}
	for _, f := range files {
		if f.Name == "data.pkl" || strings.HasSuffix(f.Name, "/data.pkl") {
			c.setFormat("pytorch zip")
			return c.openTorchZip(z, files)
		}
	}
	npz := len(files) > 0
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".npy") {
			npz = false
		}
	}
	if npz {
		c.setFormat("npz")
		for _, f := range files {
			m := z.member(f)
			if m.err != nil && m.data == nil {
				c.Parts = append(c.Parts, Part{Name: f.Name, Kind: KindArray, Offset: m.off, Err: m.err})
				continue
			}
			if err := c.openNPY(m.data, f.Name, m.off >= 0, m.off); err != nil {
				c.Notes = append(c.Notes, fmt.Sprintf("%s: %v", f.Name, err))
			}
		}
		return nil
	}
	c.setFormat("zip")
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".pkl") && !strings.HasSuffix(f.Name, ".pickle") && !strings.HasSuffix(f.Name, ".joblib") {
			if f.Method != zip.Store && f.Method != zip.Deflate || f.UncompressedSize64 < 2 {
				c.Parts = append(c.Parts, Part{Name: f.Name, Kind: KindMember, Offset: -1})
				continue
			}
		}
		m := z.member(f)
		if !startsPickle(m.data) && !strings.HasSuffix(f.Name, ".pkl") && !strings.HasSuffix(f.Name, ".pickle") {
			c.Parts = append(c.Parts, Part{Name: f.Name, Kind: KindMember, Offset: m.off, Data: m.data, Err: m.err})
			continue
		}
		pf, _ := decoder.Decode(m.data, decoder.Options{Context: c.opts.Context, Name: c.Name + ":" + f.Name})
		for i, p := range pf.Pickles {
			pf.Pickles[i] = p.With(f.Name, nil)
		}
		c.Parts = append(c.Parts, Part{Name: f.Name, Kind: KindPickle, Offset: m.off, Data: m.data, File: pf, Err: m.err})
	}
	return nil
}

// torchStorages is the Extern of a PyTorch checkpoint: storage bytes by
// key.
type torchStorages struct {
	byKey map[string][]byte
	big   bool
}

// ExternBytes is the storage a persistent id names.
func (s *torchStorages) ExternBytes(p *model.Pickle, n model.NodeID) ([]byte, bool) {
	if n < 0 || p.Kind(n) != model.KindPersID {
		return nil, false
	}
	st, err := ml.ReadTorchStorage(ml.PickleGraph(p), p.EdgeWithRole(n, model.RolePID))
	if err != nil {
		return nil, false
	}
	b, ok := s.byKey[st.Key]
	return b, ok
}

// BigEndianStorages reports the checkpoint's byteorder member.
func (s *torchStorages) BigEndianStorages() bool { return s.big }

// openTorchZip reads torch.save's zip format: <root>/data.pkl (and other
// .pkl members, such as a TorchScript archive's constants.pkl), whose
// persistent ids ('storage', type, key, location, numel) name the members
// <root>/<pickle name>/<key>; <root>/version and <root>/byteorder.
func (c *Container) openTorchZip(z *zipReader, files []*zip.File) error {
	byName := map[string]*zip.File{}
	for _, f := range files {
		byName[f.Name] = f
	}
	var pickles []*zip.File
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".pkl") {
			pickles = append(pickles, f)
		}
	}
	// data.pkl first, then the others by name.
	sort.SliceStable(pickles, func(i, j int) bool {
		return path.Base(pickles[i].Name) == "data.pkl" && path.Base(pickles[j].Name) != "data.pkl"
	})
	big := false
	for _, f := range files {
		if path.Base(f.Name) == "byteorder" {
			m := z.member(f)
			if strings.TrimSpace(string(m.data)) == "big" {
				big = true
				c.Notes = append(c.Notes, "The storages are big-endian (byteorder member).")
			}
		}
		if path.Base(f.Name) == "version" && path.Dir(f.Name) != "." && !strings.HasSuffix(path.Dir(f.Name), ".data") {
			m := z.member(f)
			c.Notes = append(c.Notes, fmt.Sprintf("PyTorch zip format version %s (%s).", strings.TrimSpace(string(m.data)), f.Name))
		}
	}
	used := map[string]bool{}
	nStorages := 0
	for _, pf := range pickles {
		m := z.member(pf)
		used[pf.Name] = true
		part := Part{Name: pf.Name, Kind: KindPickle, Offset: m.off, Data: m.data, Err: m.err}
		if m.data == nil {
			c.Parts = append(c.Parts, part)
			continue
		}
		dir := strings.TrimSuffix(pf.Name, ".pkl") + "/"
		ext := &torchStorages{byKey: map[string][]byte{}, big: big}
		f, _ := decoder.Decode(m.data, decoder.Options{Context: c.opts.Context, Name: c.Name + ":" + pf.Name})
		var sparts []Part
		// Link each storage the pickle names to its member.
		for _, p := range f.Pickles {
			g := ml.PickleGraph(p)
			for i := 0; i < p.NumNodes(); i++ {
				n := model.NodeID(i)
				if p.Kind(n) != model.KindPersID {
					continue
				}
				st, err := ml.ReadTorchStorage(g, p.EdgeWithRole(n, model.RolePID))
				if err != nil {
					continue
				}
				if _, done := ext.byKey[st.Key]; done {
					continue
				}
				sf, ok := byName[dir+st.Key]
				if !ok {
					c.Notes = append(c.Notes, fmt.Sprintf("Storage '%s' named in %s has no member %s.", st.Key, pf.Name, dir+st.Key))
					continue
				}
				sm := z.member(sf)
				used[sf.Name] = true
				sp := Part{Name: sf.Name, Kind: KindStorage, Offset: sm.off, Data: sm.data, Err: sm.err}
				sparts = append(sparts, sp)
				if sm.data != nil {
					ext.byKey[st.Key] = sm.data
					nStorages++
				}
			}
		}
		for i, p := range f.Pickles {
			f.Pickles[i] = p.With(pf.Name, ext)
		}
		part.File = f
		c.Parts = append(c.Parts, part)
		c.Parts = append(c.Parts, sparts...)
	}
	for _, f := range files {
		if !used[f.Name] {
			c.Parts = append(c.Parts, Part{Name: f.Name, Kind: KindMember, Offset: -1})
		}
	}
	c.Notes = append(c.Notes, fmt.Sprintf("A PyTorch checkpoint (torch.save zip format): %d pickle member(s), %d storage(s).", len(pickles), nStorages))
	return nil
}
