// This file plugs the terminal line editor (chzyer/readline) into the
// REPL: prompts, the history file, Ctrl-C and Ctrl-D, and completion.
// Everything that names the library is here, so that switching to its
// maintained fork (ergochat/readline) is a change of this file alone.

package main

import (
	"errors"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chzyer/readline"

	"github.com/cohere-sim/cohere/lang/repl"
	"github.com/cohere-sim/cohere/lang/syntax"
)

// historyLimit is how many entries the history file keeps.
const historyLimit = 1000

// lineEditor is a repl.LineReader on a readline instance.
type lineEditor struct {
	rl *readline.Instance
}

// newReadline starts the line editor on the terminal. The history lives in
// the user's config directory; when that cannot be made the session goes
// on without a history file.
func newReadline(e *env, s *repl.Session) (repl.LineReader, func(), error) {
	rl, err := readline.NewEx(&readline.Config{
		HistoryFile:            historyFile(),
		HistoryLimit:           historyLimit,
		DisableAutoSaveHistory: true, // the session saves whole blocks: AddHistory
		AutoComplete:           completer{s},
		InterruptPrompt:        "^C",
		EOFPrompt:              "^D",
		Stdout:                 e.stdout,
		Stderr:                 e.stderr,
	})
	if err != nil {
		return nil, nil, err
	}
	keep := keepSessionOnCtrlC()
	return &lineEditor{rl: rl}, func() { keep(); rl.Close() }, nil
}

// keepSessionOnCtrlC catches Ctrl-C for as long as the session lasts, so
// that it never ends the process. While a line is edited the terminal is
// raw and Ctrl-C is a key (it discards the line); while a command runs it
// is a signal: run watches for it and stops, other commands finish, and
// without this catch a Ctrl-C during a long step or back (a replay) would
// end the session. The returned function stops catching.
func keepSessionOnCtrlC() func() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go func() {
		for range sig {
		}
	}()
	return func() { signal.Stop(sig); close(sig) }
}

// historyFile returns the history file's name, creating its directory, or
// "" for no history file.
func historyFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	dir = filepath.Join(dir, "cohere")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ""
	}
	return filepath.Join(dir, "history")
}

func (l *lineEditor) ReadLine(prompt string) (string, error) {
	l.rl.SetPrompt(prompt)
	line, err := l.rl.Readline()
	if errors.Is(err, readline.ErrInterrupt) {
		return "", repl.ErrInterrupt
	}
	return line, err // io.EOF on Ctrl-D at an empty line
}

// AddHistory saves one entry. The history file has one entry a line, and
// a line editor shows one line well, so a multi-line block is saved as
// one line (see oneLine).
func (l *lineEditor) AddHistory(entry string) {
	l.rl.SaveHistory(oneLine(entry)) // an error writing the file costs only the history
}

// oneLine joins the lines of a block the way the scanner reads them: a
// newline after a word, a literal, ")", "]", "}", "++" or "--" ends a
// statement and becomes "; ", any other newline a space. Line comments
// are dropped. When a line holds anything this simple rule may get wrong
// (a string, a character, a block comment), or the joined line does not
// parse as cleanly as the block, the block is kept as it is.
func oneLine(block string) string {
	lines := strings.Split(block, "\n")
	if len(lines) == 1 {
		return block
	}
	var b strings.Builder
	for i, line := range lines {
		if strings.ContainsAny(line, "\"'`") || strings.Contains(line, "/*") {
			return block
		}
		line, _, _ = strings.Cut(line, "//")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(line)
		if i < len(lines)-1 && endsStatement(line) {
			b.WriteString(";")
		}
	}
	joined := strings.TrimSuffix(b.String(), ";")
	if _, errs := syntax.Parse("repl", []byte(block)); len(errs) > 0 {
		return block
	}
	if _, errs := syntax.Parse("repl", []byte(joined)); len(errs) > 0 {
		return block
	}
	return joined
}

// endsStatement reports whether a newline after line is a ";".
func endsStatement(line string) bool {
	for _, op := range []string{")", "]", "}", "++", "--"} {
		if strings.HasSuffix(line, op) {
			return true
		}
	}
	r, _ := utf8.DecodeLastRuneInString(line)
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// completer completes the word before the cursor with the session's
// candidates.
type completer struct{ s *repl.Session }

// Do returns what readline wants: the rest of each candidate after the
// word being completed, and the length of that word in runes (readline
// shows the candidates as that word plus their rest). Each rest ends with
// a space, so that a unique completion is ready for the next word. The
// word is found as Complete finds it: the last field, unless the line ends
// with a space.
func (c completer) Do(line []rune, pos int) (rests [][]rune, n int) {
	// A panic here would end the process with the terminal left raw.
	defer func() {
		if recover() != nil {
			rests, n = nil, 0
		}
	}()
	before := string(line[:pos])
	word := ""
	if fields := strings.Fields(before); len(fields) > 0 && !strings.HasSuffix(before, " ") {
		word = fields[len(fields)-1]
	}
	var out [][]rune
	for _, cand := range c.s.Complete(before) {
		rest, ok := strings.CutPrefix(cand, word)
		if !ok {
			continue
		}
		out = append(out, []rune(rest+" "))
	}
	return out, len([]rune(word))
}
