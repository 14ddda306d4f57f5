// This file opens a trace source and runs it through a machine.

package trace

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cohere-sim/cohere/sim"
)

// Options say how to read a trace.
type Options struct {
	Format Format
	// Cores is the machine's core count, or 0 to take it from the trace:
	// proc, the highest processor in its first lines + 1; cs4223, one per
	// file; din and lackey, 1.
	Cores int
	Stdin io.Reader // for the file "-"; nil means os.Stdin
}

// Source is a set of open trace files of one format.
type Source struct {
	Format  Format
	Files   []string
	readers []*reader
	cores   int
}

// Open opens the trace files and settles their format and core count.
func Open(files []string, opt Options) (*Source, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("no trace file given")
	}
	if len(files) == 1 && (opt.Format == CS4223 || opt.Format == Auto) {
		if expanded := ExpandCS4223(files[0]); expanded != nil {
			files = expanded
			if opt.Format == Auto {
				opt.Format = CS4223
			}
		}
	}
	stdin := opt.Stdin
	if stdin == nil {
		stdin = os.Stdin
	}
	s := &Source{Format: opt.Format, Files: files}
	for _, f := range files {
		r, err := open(f, stdin)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.readers = append(s.readers, r)
	}
	head, err := s.readers[0].head()
	if err != nil {
		s.Close()
		return nil, err
	}
	if s.Format == Auto {
		s.Format, err = Detect(head, len(files))
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("%s: %v", s.readers[0].name, err)
		}
	}
	if len(files) > 1 && s.Format != CS4223 {
		s.Close()
		return nil, fmt.Errorf("%d trace files given: only the cs4223 format reads one file per core; %s reads one file", len(files), s.Format)
	}
	s.cores = opt.Cores
	if s.cores == 0 {
		switch s.Format {
		case Proc:
			s.cores = highestProc(head) + 1
		case CS4223:
			s.cores = len(files)
		default:
			s.cores = 1
		}
	}
	if s.Format == CS4223 && len(files) > s.cores {
		s.Close()
		return nil, fmt.Errorf("%d per-core trace files but %d cores: give --cores %d or more", len(files), s.cores, len(files))
	}
	for i, r := range s.readers {
		r.parser = lineParser{format: s.Format, cores: uint32(s.cores)}
		if s.Format == CS4223 {
			r.parser.core = uint32(i)
		}
	}
	return s, nil
}

// highestProc returns the highest processor number among the complete
// lines of a proc trace's head.
func highestProc(head []byte) int {
	hi := 0
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	for _, line := range bytes.Split(head, []byte("\n")) {
		if v, _, ok := decAt(line, skipSpace(line, 0)); ok && int(v) > hi && v < sim.MaxCores {
			hi = int(v)
		}
	}
	return hi
}

// Cores returns the core count the trace needs.
func (s *Source) Cores() int { return s.cores }

// Close closes every file.
func (s *Source) Close() {
	for _, r := range s.readers {
		r.close()
	}
}

// Limits bound a run. Zero values mean no bound.
type Limits struct {
	MaxRefs  uint64          // stop after this many references
	Deadline time.Time       // stop at this time
	Stop     <-chan struct{} // stop when closed (Ctrl-C)
}

// Stats describe a finished run.
type Stats struct {
	Refs    uint64 // references run (a lackey M counts two)
	Stopped string // why the run ended early: "", "limit", "timeout" or "interrupted"
}

// Run feeds the trace's references to m until it ends or a limit stops it.
// Limits are checked between batches of references (and at every
// reference for MaxRefs).
func (s *Source) Run(m *sim.Machine, lim Limits) (Stats, error) {
	if m.Cores() < s.cores {
		return Stats{}, fmt.Errorf("the trace needs %d cores, the machine has %d", s.cores, m.Cores())
	}
	if s.Format == CS4223 {
		return s.runTimed(m, lim)
	}
	return s.runStream(m, lim)
}

// stopped says which limit other than MaxRefs has been reached, if any.
func (lim *Limits) stopped() string {
	if lim.Stop != nil {
		select {
		case <-lim.Stop:
			return "interrupted"
		default:
		}
	}
	if !lim.Deadline.IsZero() && time.Now().After(lim.Deadline) {
		return "timeout"
	}
	return ""
}

// apply runs one reference.
func apply(m *sim.Machine, r *Ref) {
	m.AccessTrace([]Ref{*r})
}

type batch struct {
	refs []Ref
	err  error
}

// runStream parses on a second goroutine while the engine runs: batches go
// round between the two through a fixed pool, so memory stays bounded.
func (s *Source) runStream(m *sim.Machine, lim Limits) (Stats, error) {
	maxRefs := lim.MaxRefs
	r := s.readers[0]
	const pool = 4
	full := make(chan *batch, pool)
	free := make(chan *batch, pool)
	for i := 0; i < pool; i++ {
		free <- &batch{refs: make([]Ref, 0, batchSize)}
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(full)
		for {
			var b *batch
			select {
			case b = <-free:
			case <-stop:
				return
			}
			var err error
			b.refs, err = r.next(b.refs[:0], batchSize)
			if err == io.EOF {
				return
			}
			b.err = err
			select {
			case full <- b:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	var st Stats
	for b := range full {
		if st.Stopped = lim.stopped(); st.Stopped != "" {
			return st, nil
		}
		refs := b.refs
		if maxRefs > 0 && st.Refs+uint64(len(refs)) > maxRefs {
			refs = refs[:maxRefs-st.Refs]
			st.Stopped = "limit"
		}
		m.AccessTrace(refs)
		st.Refs += uint64(len(refs))
		if st.Stopped != "" {
			return st, nil
		}
		if b.err != nil {
			return st, b.err
		}
		free <- b
	}
	return st, nil
}

// runTimed interleaves per-core files by time: the next reference comes
// from the core whose clock is lowest (the lowest core on a tie), so a
// core that computes or waits on the bus falls behind as it would.
func (s *Source) runTimed(m *sim.Machine, lim Limits) (Stats, error) {
	type stream struct {
		refs []Ref
		pos  int
		done bool
	}
	streams := make([]stream, len(s.readers))
	for i := range streams {
		streams[i].refs = make([]Ref, 0, batchSize)
	}
	var st Stats
	for {
		next := -1
		for i := range streams {
			if streams[i].done {
				continue
			}
			if next < 0 || m.Clock(i) < m.Clock(next) {
				next = i
			}
		}
		if next < 0 {
			return st, nil
		}
		sm := &streams[next]
		if sm.pos == len(sm.refs) {
			if st.Stopped = lim.stopped(); st.Stopped != "" {
				return st, nil
			}
			var err error
			sm.refs, err = s.readers[next].next(sm.refs[:0], batchSize)
			sm.pos = 0
			if err == io.EOF {
				sm.done = true
				continue
			}
			if err != nil {
				return st, err
			}
			if len(sm.refs) == 0 {
				continue
			}
		}
		if lim.MaxRefs > 0 && st.Refs == lim.MaxRefs {
			st.Stopped = "limit"
			return st, nil
		}
		apply(m, &sm.refs[sm.pos])
		sm.pos++
		st.Refs++
	}
}
