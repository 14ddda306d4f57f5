// This file reads a trace's references into memory, for tools that step
// through a trace one access at a time (the REPL) rather than stream it.

package trace

import "io"

// Refs reads up to max references and reports whether the trace had more.
// Per-core files (cs4223) are interleaved one reference per core in turn.
func (s *Source) Refs(max int) ([]Ref, bool, error) {
	per := make([][]Ref, len(s.readers))
	total := 0
	for i, r := range s.readers {
		for total < max {
			refs, err := r.next(nil, min(batchSize, max-total+2))
			per[i] = append(per[i], refs...)
			total += len(refs)
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, false, err
			}
		}
	}
	var out []Ref
	for k := 0; len(out) < total; k++ {
		for _, refs := range per {
			if k < len(refs) {
				out = append(out, refs[k])
			}
		}
	}
	if len(out) > max {
		return out[:max], true, nil
	}
	return out, total >= max, nil
}
