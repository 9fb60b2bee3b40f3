package traceview

import (
	"runtime"

	"pklx/model"
)

// extendRef is extend as it was before it walked the bytes itself: one
// model.Pickle.OpsFrom call per op and the stack effect read from
// model.Ops. It is the reference the fast extend must agree with.
//
// It indexes the ops before end (a block boundary or NumOps),
// emulating the unpickler's stack only as far as counting the objects
// above each MARK, so that it knows whether a POP takes a MARK (as
// pickletools does). A goroutine that builds a whole index yields the
// processor at every checkpoint (the UI's goroutine goes first); the UI's
// own lazy extensions do not.
func (x *Index) extendRef(end int, yield bool) {
	p := x.p
	if end <= x.next {
		return
	}
	data := p.Data()
	above, memo := x.above, x.nmemo
	p.OpsFrom(x.next, func(i int, s model.Span) bool {
		if i >= end {
			return false
		}
		top := len(above) - 1
		if i&blockMask == 0 {
			if yield {
				runtime.Gosched()
			}
			x.depth = append(x.depth, int32(top))
			x.minDepth = append(x.minDepth, int32(top))
			x.memo = append(x.memo, memo)
		} else if b := len(x.minDepth) - 1; int32(top) < x.minDepth[b] {
			x.minDepth[b] = int32(top)
		}
		code := data[s.Start]
		info := &model.Ops[code]
		switch {
		case code == model.OpMark:
			above = append(above, 0)
		case code == model.OpPop && top > 0 && above[top] == 0:
			above = above[:top]
			x.popMarks = append(x.popMarks, uint32(i))
		default:
			if info.PopsMark && top > 0 {
				above = above[:top]
				top--
			}
			c := above[top]
			if c < uint32(info.Pops) {
				c = 0
			} else {
				c -= uint32(info.Pops)
			}
			above[top] = c + uint32(info.Pushes)
		}
		if isMemoStore(code) {
			memo++
		}
		return true
	})
	x.next = end
	x.above, x.nmemo = above, memo
	if x.Complete() {
		x.above = nil
	}
}
