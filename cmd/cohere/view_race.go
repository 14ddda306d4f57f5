// This file is the race detector's reports in `cohere run --json`.

package main

import (
	"fmt"

	"github.com/cohere-sim/cohere/lang/interp"
)

// raceJSON is one data race: the access that found it and the earlier
// one it races with.
type raceJSON struct {
	Step     uint64         `json:"step"`
	Access   raceAccessJSON `json:"access"`
	Previous raceAccessJSON `json:"previous"`
}

type raceAccessJSON struct {
	Thread    string          `json:"thread"`
	Goroutine bool            `json:"goroutine"`
	Kind      string          `json:"kind"` // read, write, atomic read, atomic write
	Addr      string          `json:"addr"`
	Var       string          `json:"var"`
	Frames    []raceFrameJSON `json:"frames"`
	// Declared is a declared thread's declaration (file:line); Created a
	// goroutine's go statement, innermost frame first.
	Declared string          `json:"declared,omitempty"`
	Created  []raceFrameJSON `json:"created,omitempty"`
	Finished bool            `json:"finished"` // the thread had ended when the race was found
}

type raceFrameJSON struct {
	Func string `json:"func"`
	File string `json:"file"`
	Line int    `json:"line"`
}

func racesJSON(races []interp.RaceReport) []raceJSON {
	out := []raceJSON{}
	for _, r := range races {
		out = append(out, raceJSON{Step: r.Step, Access: raceAccessOf(r.Access), Previous: raceAccessOf(r.Previous)})
	}
	return out
}

func raceAccessOf(a interp.RaceAccess) raceAccessJSON {
	j := raceAccessJSON{Thread: a.Thread.Name, Goroutine: a.Thread.Goroutine, Kind: a.Kind, Addr: fmt.Sprintf("%#x", a.Addr),
		Var: a.Var, Frames: raceFramesJSON(a.Frames), Finished: a.Thread.Finished}
	if a.Thread.Goroutine {
		j.Created = raceFramesJSON(a.Thread.Created)
	} else {
		j.Declared = fmt.Sprintf("%s:%d", a.Thread.Declared.File, a.Thread.Declared.Line)
	}
	return j
}

func raceFramesJSON(frames []interp.RaceFrame) []raceFrameJSON {
	out := []raceFrameJSON{}
	for _, f := range frames {
		out = append(out, raceFrameJSON{Func: f.Func, File: f.Pos.File, Line: f.Pos.Line})
	}
	return out
}
