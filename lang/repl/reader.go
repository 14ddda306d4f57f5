// Package repl is the core of cohere's interactive session: it reads
// commands and language at a prompt, steps, rewinds and inspects a run,
// and prints what happened. The terminal (line editing, history file,
// completion) is behind the LineReader interface, so tests drive a
// session with plain text and the command plugs in a line editor.
package repl

// This file defines the LineReader interface and the plain reader used
// when input is not a terminal.

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// ErrInterrupt is what ReadLine returns when the user presses Ctrl-C: the
// pending input is discarded and the session goes on.
var ErrInterrupt = errors.New("interrupted")

// LineReader reads one line of input at a time.
type LineReader interface {
	// ReadLine shows prompt (when interactive) and returns a line without
	// its newline, io.EOF at the end of input (Ctrl-D), or ErrInterrupt.
	ReadLine(prompt string) (string, error)
	// AddHistory records one entry: a whole multi-line block at once.
	AddHistory(entry string)
}

// PlainReader reads lines from a reader with no prompt and no editing:
// scripted sessions (cohere repl < session.txt) and tests.
type PlainReader struct {
	s *bufio.Scanner
}

// NewPlainReader reads from r.
func NewPlainReader(r io.Reader) *PlainReader {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64<<10), 1<<20)
	return &PlainReader{s: s}
}

// ReadLine returns the next line.
func (p *PlainReader) ReadLine(string) (string, error) {
	if !p.s.Scan() {
		if err := p.s.Err(); err != nil {
			return "", err
		}
		return "", io.EOF
	}
	return strings.TrimRight(p.s.Text(), "\r"), nil
}

// AddHistory does nothing: a plain reader keeps no history.
func (p *PlainReader) AddHistory(string) {}
