// Package protocol defines coherence protocols as data: a table of
// (state, event, condition) → (actions, next state) rows, and the built-in
// tables of PROTOCOLS.md. The built-in protocols and the ones a script
// declares share the one Table type; the engine in package sim only ever
// reads a compiled Table.
package protocol

// This file defines the vocabulary of a table: states, events, conditions
// and actions.

import "fmt"

// State is an index into Table.States. State 0 is always the invalid state.
type State uint8

// Invalid is the state of a line that a cache does not hold.
const Invalid State = 0

// MaxStates bounds the number of states of one protocol.
const MaxStates = 16

// Event is what a table row reacts to: a processor request, an eviction, or
// a transaction snooped on the bus.
type Event uint8

// The events. Atomic read-modify-write is not an event of its own: it is
// handled as PrWr (PROTOCOLS.md).
const (
	PrRd Event = iota
	PrWr
	Evict
	BusRd
	BusRdX
	BusUpgr
	BusUpd
	BusWr
	NumEvents
)

var eventNames = [NumEvents]string{"PrRd", "PrWr", "Evict", "BusRd", "BusRdX", "BusUpgr", "BusUpd", "BusWr"}

func (e Event) String() string {
	if e < NumEvents {
		return eventNames[e]
	}
	return fmt.Sprintf("Event(%d)", e)
}

// IsBus reports whether e is a transaction seen on the bus.
func (e Event) IsBus() bool { return e >= BusRd && e < NumEvents }

// ParseEvent returns the event named s.
func ParseEvent(s string) (Event, bool) {
	for i, n := range eventNames {
		if n == s {
			return Event(i), true
		}
	}
	return 0, false
}

// EventNames lists every event name, in order.
func EventNames() []string { return append([]string(nil), eventNames[:]...) }

// Cond is a row's condition on the shared (C) line: whether some other
// cache holds the line valid at the moment of the request.
type Cond uint8

// The conditions.
const (
	Always    Cond = iota // no condition
	Shared                // when C
	NotShared             // when !C
)

func (c Cond) String() string {
	switch c {
	case Shared:
		return "C"
	case NotShared:
		return "!C"
	}
	return ""
}

// Action is something a row does, in order.
type Action uint8

// The actions. The first five issue a bus transaction of that kind; the
// others are a snooping cache's answers and the eviction's write-back.
const (
	IssueBusRd Action = iota
	IssueBusRdX
	IssueBusUpgr
	IssueBusUpd
	IssueBusWr
	Flush     // put this (dirty) line on the bus for the requester
	Supply    // cache-to-cache transfer of a clean line
	WriteBack // dirty eviction
	Update    // take the word carried by a snooped BusUpd/BusWr
	NumActions
)

var actionNames = [NumActions]string{"BusRd", "BusRdX", "BusUpgr", "BusUpd", "BusWr", "Flush", "Supply", "WriteBack", "Update"}

func (a Action) String() string {
	if a < NumActions {
		return actionNames[a]
	}
	return fmt.Sprintf("Action(%d)", a)
}

// ParseAction returns the action named s.
func ParseAction(s string) (Action, bool) {
	for i, n := range actionNames {
		if n == s {
			return Action(i), true
		}
	}
	return 0, false
}

// ActionNames lists every action name, in order.
func ActionNames() []string { return append([]string(nil), actionNames[:]...) }

// Bus returns the bus transaction an action issues, if it issues one.
func (a Action) Bus() (Event, bool) {
	if a <= IssueBusWr {
		return BusRd + Event(a), true
	}
	return 0, false
}

// Issue returns the action that issues bus transaction e.
func Issue(e Event) Action { return IssueBusRd + Action(e-BusRd) }
