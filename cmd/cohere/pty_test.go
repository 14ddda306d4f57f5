//go:build linux

// This file drives the real binary's REPL through a pseudo-terminal: the
// line editor, completion, history, Ctrl-C and Ctrl-D as a person types
// them.

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/creack/pty"
)

// ptyWait bounds each expectation. Everything here normally takes
// milliseconds; the bound is for a loaded machine, and a test that fails
// shows what the terminal held.
const ptyWait = 15 * time.Second

// buildCohere builds the binary into a temporary directory.
func buildCohere(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/dev/ptmx"); err != nil {
		t.Skip("no /dev/ptmx: no pseudo-terminals here")
	}
	if testing.Short() {
		t.Skip("builds the binary: not in -short mode")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the binary with")
	}
	bin := filepath.Join(t.TempDir(), "cohere")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, gobin, "build", "-o", bin, "./cmd/cohere").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// terminal is a process on a pseudo-terminal and what it has written so
// far.
type terminal struct {
	t    *testing.T
	pty  *os.File
	cmd  *exec.Cmd
	exit chan error // the process's exit, once

	mu   sync.Mutex
	out  []byte
	seen int // expect looks past this offset
}

// startTerminal starts bin with args on a new pseudo-terminal, with a
// temporary home and config directory so that the user's history is never
// read or written. The process is killed when the test ends.
func startTerminal(t *testing.T, bin, home string, env []string, args ...string) *terminal {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "TERM=xterm"}, env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Fatalf("starting %s on a pty: %v", bin, err)
	}
	term := &terminal{t: t, pty: f, cmd: cmd, exit: make(chan error, 1)}
	read := make(chan struct{})
	go func() {
		defer close(read)
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			term.mu.Lock()
			term.out = append(term.out, buf[:n]...)
			term.mu.Unlock()
			if err != nil {
				return // EIO once the process and its terminal are gone
			}
		}
	}()
	go func() { term.exit <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill() // an error only says it has exited already
		select {
		case <-read:
		case <-time.After(ptyWait):
		}
		f.Close()
	})
	return term
}

// send types s.
func (term *terminal) send(s string) {
	term.t.Helper()
	if _, err := term.pty.Write([]byte(s)); err != nil {
		term.t.Fatalf("typing %q: %v", s, err)
	}
}

// expect waits until the output past the last expectation matches re, and
// returns the match and its groups; the next expectation looks past it.
func (term *terminal) expect(re string) []string {
	term.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(ptyWait)
	for {
		term.mu.Lock()
		loc := rx.FindSubmatchIndex(term.out[term.seen:])
		var groups []string
		if loc != nil {
			for i := 0; i < len(loc); i += 2 {
				if loc[i] >= 0 {
					groups = append(groups, string(term.out[term.seen+loc[i]:term.seen+loc[i+1]]))
				} else {
					groups = append(groups, "")
				}
			}
			term.seen += loc[1]
		}
		term.mu.Unlock()
		if loc != nil {
			return groups
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("waited %v for %q; the terminal has, since the last match:\n%q", ptyWait, re, term.since())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// since returns the output past the last expectation.
func (term *terminal) since() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return string(term.out[term.seen:])
}

// output returns everything written so far.
func (term *terminal) output() []byte {
	term.mu.Lock()
	defer term.mu.Unlock()
	return bytes.Clone(term.out)
}

// editing reports whether the line editor is reading a line: the terminal
// is in raw mode then, and in the usual line mode (where Ctrl-C is a
// signal) while a command runs.
func (term *terminal) editing() bool {
	term.t.Helper()
	var tio syscall.Termios
	var errno syscall.Errno
	conn, err := term.pty.SyscallConn()
	if err == nil {
		// On Linux the master side reads the terminal's (the slave's) modes.
		err = conn.Control(func(fd uintptr) {
			_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TCGETS, uintptr(unsafe.Pointer(&tio)))
		})
	}
	if err == nil && errno != 0 {
		err = errno
	}
	if err != nil {
		term.t.Fatalf("reading the terminal's modes: %v", err)
	}
	return tio.Lflag&syscall.ICANON == 0
}

// wait waits for the process to end and returns its exit status.
func (term *terminal) wait() int {
	term.t.Helper()
	select {
	case err := <-term.exit:
		if err == nil {
			return 0
		}
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		term.t.Fatalf("waiting for the process: %v", err)
	case <-time.After(ptyWait):
		term.t.Fatalf("the process did not end within %v; the terminal has:\n%q", ptyWait, term.since())
	}
	return -1
}

const prompt = `cohere> `

// TestTerminal types sessions at the real binary.
func TestTerminal(t *testing.T) {
	bin := buildCohere(t)
	t.Run("session", func(t *testing.T) { terminalSession(t, bin) })
	t.Run("colour", func(t *testing.T) { terminalColour(t, bin) })
}

// terminalSession: completion, recalling a line, a multi-line block,
// Ctrl-C at the prompt and during a run, and Ctrl-D; then the history
// file.
func terminalSession(t *testing.T, bin string) {
	home := t.TempDir()
	// Without bounds changed, this runs to the step limit: about ten
	// seconds, unless Ctrl-C stops it.
	spin := filepath.Join(home, "spin.coh")
	if err := os.WriteFile(spin, []byte("var x int\n\nthread main {\n\tfor {\n\t\tx++\n\t}\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, bin, home, []string{"NO_COLOR=1"}, "repl", "examples/lost-update.coh")
	term.expect(prompt)

	// TAB completes a command; the rest of the line is typed after it.
	term.send("sho\t")
	term.send("threads\r")
	term.expect(`thread +status +core`)
	term.expect(`w1 +runnable`)
	term.expect(prompt)

	// Up-arrow recalls the last line; Enter runs it again.
	term.send("step\r")
	term.expect(`step 1: w0 on P0`)
	term.expect(prompt)
	term.send("\x1b[A")
	term.send("\r")
	term.expect(`step 2: `)
	term.expect(prompt)

	// A block that is not finished yet gets the continuation prompt.
	term.send("thread t2 {\r")
	term.expect(`\.\.\.     `)
	term.send("counter++\r")
	term.expect(`\.\.\.     `)
	term.send("}\r")
	term.expect(`declared at lines 31-33; the run starts over \(it was at step 2\)`)
	term.expect(prompt)

	// Ctrl-C at the prompt drops the line and the session goes on; in a
	// block it drops the block.
	term.send("oops")
	term.send("\x03")
	term.expect(`\^C`)
	term.expect(prompt)
	term.send("thread t3 {\r")
	term.expect(`\.\.\.     `)
	term.send("\x03")
	term.expect(`\^C`)
	term.expect(prompt)

	// Ctrl-C during run stops it.
	term.send("load " + spin + "\r")
	term.expect(`loaded .*spin\.coh: 2 cores, MESI, threads main; step 0`)
	term.expect(prompt)
	term.send("run\r")
	interruptRun(t, term)
	m := term.expect(`interrupted at step (\d+)`)
	term.expect(prompt)
	n, _ := strconv.Atoi(m[1])
	if n < 1 {
		t.Errorf("interrupted at step %d: the run did not start", n)
	}
	// The run goes on from there: 300 steps pass the points where the VM
	// looks for an interrupt (every 256 steps), which once ended the run.
	term.send("step 300\r")
	term.expect(fmt.Sprintf(`step %d: main on P0`, n+300))
	term.expect(prompt)

	// Ctrl-D on an empty line ends the session normally.
	term.send("\x04")
	if code := term.wait(); code != 0 {
		t.Errorf("exit status %d after Ctrl-D; want 0; the terminal has:\n%q", code, term.since())
	}

	if colour := regexp.MustCompile(`\x1b\[[0-9;]*[0-9]m`).Find(term.output()); colour != nil {
		t.Errorf("with NO_COLOR set the output has the colour code %q", colour)
	}

	// One history entry a line, and the block as one line.
	hist, err := os.ReadFile(filepath.Join(home, "config", "cohere", "history"))
	if err != nil {
		t.Fatalf("the history file: %v", err)
	}
	want := "show threads\nstep\nthread t2 { counter++; }\nload " + spin + "\nrun\nstep 300\n"
	if string(hist) != want {
		t.Errorf("history file:\n%s\nwant:\n%s", hist, want)
	}
}

// interruptRun presses Ctrl-C once the run has started. Ctrl-C is a signal
// only while the terminal is out of the line editor's raw mode: pressed
// before, it would be a key waiting for the next prompt. So wait for the
// mode to change, and press it again if the run goes on (a signal that
// came just before the run watched for it).
func interruptRun(t *testing.T, term *terminal) {
	t.Helper()
	deadline := time.Now().Add(ptyWait)
	for term.editing() {
		if time.Now().After(deadline) {
			t.Fatalf("the run did not start within %v; the terminal has:\n%q", ptyWait, term.since())
		}
		time.Sleep(10 * time.Millisecond)
	}
	for {
		time.Sleep(200 * time.Millisecond)
		if strings.Contains(term.since(), "interrupted at step") || term.editing() {
			return // stopped, or over: expect says which
		}
		if time.Now().After(deadline) {
			return
		}
		term.send("\x03")
		time.Sleep(800 * time.Millisecond)
	}
}

// terminalColour: states are coloured on a terminal when NO_COLOR is not
// set.
func terminalColour(t *testing.T, bin string) {
	term := startTerminal(t, bin, t.TempDir(), nil, "repl", "examples/lost-update.coh")
	term.expect(prompt)
	term.send("step\r")
	term.expect(`states +P0 \x1b\[90mI\x1b\[0m -> \x1b\[35mE\x1b\[0m`)
	term.expect(prompt)
	term.send("quit\r")
	if code := term.wait(); code != 0 {
		t.Errorf("exit status %d after quit; want 0", code)
	}
}
