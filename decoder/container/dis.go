package container

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"

	"pklx/decoder"
)

// Dis disassembles every pickle stream of c as pickletools would, each
// after a header line naming where it is ("# archive/data.pkl"). A plain
// pickle file is disassembled exactly as decoder.Dis does it, with no
// header. Offsets are those of the bytes disassembled: the member's for a
// zip member, the file's for pickles back to back; a joblib stream is
// shown with its inline arrays cut out (as the model holds it), with a
// comment line after each BUILD that was followed by one. Dis stops at
// the first stream that fails and returns its *decoder.DisError.
func Dis(w io.Writer, c *Container, opts decoder.DisOptions) error {
	if c.Format == "pickle" && len(c.Parts) == 1 && c.Parts[0].Offset == 0 {
		return decoder.Dis(w, c.Data, opts)
	}
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	first := true
	for _, part := range c.Parts {
		if part.Kind != KindPickle || part.File == nil {
			continue
		}
		for _, p := range part.File.Pickles {
			if !first {
				bw.WriteString("\n")
			}
			first = false
			s := p.Span()
			fmt.Fprintf(bw, "# %s", p.Source())
			data := p.Data()
			from := s.Start
			if len(part.Gaps) > 0 {
				fmt.Fprintf(bw, " (%d inline array(s) cut out: offsets are into the stream without them)", len(part.Gaps))
			} else if s.Start != 0 {
				fmt.Fprintf(bw, " (at offset %d; offsets below count from there)", s.Start)
			}
			bw.WriteString("\n")
			end := int64(len(data))
			if p.Complete() {
				end = s.End
			}
			if from > end {
				from = end
			}
			var err error
			if len(part.Gaps) > 0 {
				err = disGaps(bw, data[from:end], part)
			} else {
				err = decoder.Dis(bw, data[from:end], decoder.DisOptions{})
			}
			if err != nil {
				bw.Flush()
				return err
			}
		}
	}
	return nil
}

// disGaps disassembles a joblib stream and notes each inline array where
// it was, before the op that follows it.
func disGaps(w *bufio.Writer, data []byte, part Part) error {
	var buf bytes.Buffer
	err := decoder.Dis(&buf, data, decoder.DisOptions{})
	gi := 0
	for _, line := range bytes.SplitAfter(buf.Bytes(), []byte("\n")) {
		if off, ok := lineOffset(line); ok {
			for gi < len(part.Gaps) && part.Gaps[gi].At <= off {
				g := part.Gaps[gi]
				fmt.Fprintf(w, "# %d bytes of array data after the op above (file offsets %d-%d)\n", g.Span.Len(), g.Span.Start, g.Span.End)
				gi++
			}
		}
		w.Write(line)
	}
	return err
}

// lineOffset reads the offset pickletools puts at the start of an op line
// ("   12: ...").
func lineOffset(line []byte) (int64, bool) {
	t := bytes.TrimLeft(line, " ")
	i := bytes.IndexByte(t, ':')
	if i <= 0 {
		return 0, false
	}
	v, err := strconv.ParseInt(string(t[:i]), 10, 64)
	return v, err == nil
}
