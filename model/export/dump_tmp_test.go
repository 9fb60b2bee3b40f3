package export

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"pklx/decoder"
)

func TestDumpTmp(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.pkl")
	sort.Strings(files)
	for _, f := range files {
		t1 := time.Now()
		data, _ := os.ReadFile(f)
		file, err := decoder.Decode(data, decoder.Options{})
		if err != nil {
			fmt.Println(f, "DECODE ERR", err)
			continue
		}
		p := file.Pickles[0]
		fmt.Println("decode", f, time.Since(t1))
		for _, typed := range []bool{false, true} {
			t0 := time.Now()
			var b bytes.Buffer
			err := JSON(&b, p, p.Root(), Options{Typed: typed})
			fmt.Printf("%s typed=%v %v: %.300s %v\n", filepath.Base(f), typed, time.Since(t0), b.String(), err)
		}
	}
}
