package container

import (
	"io"
	"math/rand"
	"testing"
	"time"

	"pklx/decoder"
	"pklx/model"
	"pklx/model/ml"
)

// body is FuzzLoad's work, reporting progress on st.
func body(data []byte, st chan<- string) {
	file, _ := Load("fuzz", data)
	st <- "loaded"
	c, _ := Open("fuzz", data)
	Dis(io.Discard, c, decoder.DisOptions{})
	st <- "dis"
	for _, p := range file.Pickles {
		for i := 0; i < p.NumNodes() && i < 5000; i++ {
			if v, ok := ml.Recognize(p, model.NodeID(i)); ok {
				st <- "rows " + v.Summary()
				v.Rows()
				st <- "json " + v.Summary()
				ml.WriteJSON(io.Discard, p, v, ml.JSONOptions{})
			}
		}
	}
	close(st)
}

// TestRandomMutations overwrites 1 to 16 random bytes of random fixtures
// and runs Load, Dis and every view on the result, failing if any of it
// takes more than 30 s (a dictionary size, a shape or a cycle that a
// header lies about must not make the work unbounded) or panics.
func TestRandomMutations(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	fx := allFixtures(t)
	var names []string
	for n := range fx {
		names = append(names, n)
	}
	n := 1500
	if raceEnabled {
		n = 200
	}
	for k := 0; k < n; k++ {
		name := names[rng.Intn(len(names))]
		data := append([]byte{}, fx[name]...)
		for j := 0; j < 1+rng.Intn(16); j++ {
			data[rng.Intn(len(data))] = byte(rng.Intn(256))
		}
		st := make(chan string, 100)
		go body(data, st)
		last := ""
		to := time.After(30 * time.Second) // a hang detector, generous for -race on a loaded machine
	loop:
		for {
			select {
			case m, ok := <-st:
				if !ok {
					break loop
				}
				last = m
			case <-to:
				t.Fatalf("%s mutated (%q): stuck after %q", name, data, last)
			}
		}
	}
}
