// This file gives the compiled functions code addresses in text, so that
// the memory map can show where each function's code lies.

package compile

// InstrBytes is the size of one instruction in text: the compiled code
// is not machine code, so every instruction takes the same room, about
// what an x86-64 instruction or two take.
const InstrBytes = 16

// TextRange is where one function's code lies in text: [Start, End).
type TextRange struct {
	Func       string
	Thread     bool // a thread's body
	Start, End uint64
}

// TextRanges lays the functions out one after another from start, in the
// order of Funcs, InstrBytes per instruction.
func (p *Program) TextRanges(start uint64) []TextRange {
	out := make([]TextRange, 0, len(p.Funcs))
	addr := start
	for _, f := range p.Funcs {
		end := addr + uint64(len(f.Code))*InstrBytes
		out = append(out, TextRange{Func: f.Name, Thread: f.Thread, Start: addr, End: end})
		addr = end
	}
	return out
}
