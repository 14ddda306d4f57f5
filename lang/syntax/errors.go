// This file turns participle's errors into messages for people: what was
// found, what was expected there, and which bracket is still open.

package syntax

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cohere-sim/cohere/lang/diag"
)

// translate rewrites a participle error; toks are the tokens parsed.
func translate(err error, toks []lexer.Token) *diag.Error {
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		t := ute.Unexpected
		return &diag.Error{Pos: toPos(t.Pos), Msg: unexpectedMessage(&t, expectedOf(ute.Message()), toks)}
	}
	var perr participle.Error
	if errors.As(err, &perr) {
		t := tokenAt(toks, perr.Position())
		return &diag.Error{Pos: toPos(t.Pos), Msg: unexpectedMessage(t, "", toks)}
	}
	return &diag.Error{Pos: toPos(toks[0].Pos), Msg: err.Error()}
}

// tokenAt finds the token at pos.
func tokenAt(toks []lexer.Token, pos lexer.Position) *lexer.Token {
	for i := range toks {
		if toks[i].Pos.Offset >= pos.Offset {
			return &toks[i]
		}
	}
	return &toks[len(toks)-1]
}

// expectedOf pulls "X" out of participle's `unexpected token "t" (expected X)`.
func expectedOf(msg string) string {
	i := strings.Index(msg, " (expected ")
	if i < 0 || !strings.HasSuffix(msg, ")") {
		return ""
	}
	return msg[i+len(" (expected ") : len(msg)-1]
}

// unexpectedMessage says what was found at t and what the grammar wanted,
// in words.
func unexpectedMessage(t *lexer.Token, expected string, toks []lexer.Token) string {
	found := describe(t)
	open := innermostOpen(toks, t.Pos.Offset)
	first := firstItem(expected)
	prev := tokenBeforeOffset(toks, t.Pos.Offset)
	if w := inBlockWords(t, first, prev, open, toks); w != "" {
		return fmt.Sprintf("unexpected %s, expected %s", found, w)
	}
	switch {
	case t.Type == tKeyword && (t.Value == "map" || t.Value == "struct" || t.Value == "interface"):
		return fmt.Sprintf("%s types are not supported by cohere: use arrays, channels and pointers", t.Value)
	case t.Type == tIdent && t.Value == "on" && first == "Block":
		return "unexpected name on: pin a thread with on core N, as in thread w0 on core 0 {"
	case (t.Value == "states" || t.Value == "dirty") && blockKind(open, toks) == "protocol":
		return fmt.Sprintf("%s needs state names, as in %s I S M", t.Value, t.Value)
	case (first == "<ident>" || first == "Ident") && prev != nil && nameOf[prev.Value] != "":
		return fmt.Sprintf("unexpected %s, expected %s", found, nameOf[prev.Value])
	case t.Type == tAutoSemi && (first == `"{"` || first == "Block"):
		return "unexpected newline: put the \"{\" on the same line"
	case isCloser(t) && open == nil:
		return fmt.Sprintf("unexpected %s: it closes nothing (one %s too many?)", found, found)
	case t.Type == tKeyword && t.Value == "else":
		return "unexpected else: write else on the same line as the \"}\" that closes the if block, as in } else {"
	case first == `"}"` || first == "" && open != nil && open.Value == "{" && isCloser(t):
		if open != nil {
			return fmt.Sprintf("unexpected %s, expected \"}\" to close the block opened at %d:%d", found, open.Pos.Line, open.Pos.Column)
		}
		return fmt.Sprintf("unexpected %s, expected \"}\"", found)
	case first == `";"` && open == nil && t.Value == "=" && startsLine(toks, t.Pos.Offset, "expect"):
		return "unexpected \"=\" in an expect: an expect is a condition; compare with ==, as in expect x == 1"
	case first == `";"` && open == nil:
		return fmt.Sprintf("unexpected %s after the declaration: a declaration ends at the end of its line", found)
	case strings.HasPrefix(expected, `(";"`) || first == `";"` || first == "end":
		if isCloser(t) && open != nil {
			what := fmt.Sprintf("the %q", open.Value)
			if open.Value == "{" {
				what = "the block"
			}
			return fmt.Sprintf("unexpected %s, expected \"%s\" to close %s opened at %d:%d", found, closerOf(open.Value), what, open.Pos.Line, open.Pos.Column)
		}
		return fmt.Sprintf("unexpected %s after the statement: put each statement on its own line (or separate them with \";\")", found)
	case first == "":
		if open == nil {
			msg := fmt.Sprintf("unexpected %s, expected a declaration: machine, memory, var, func, thread, trace, init, protocol, run or expect", found)
			if prev != nil && isPunct(prev, "}") {
				msg += fmt.Sprintf(" (statements belong inside a block, and the \"}\" at %d:%d ended one)", prev.Pos.Line, prev.Pos.Column)
			}
			return msg
		}
		return fmt.Sprintf("unexpected %s", found)
	}
	return fmt.Sprintf("unexpected %s, expected %s", found, describeExpected(first))
}

func isCloser(t *lexer.Token) bool {
	return t.Type == tPunct && (t.Value == ")" || t.Value == "]" || t.Value == "}")
}

func closerOf(open string) string {
	switch open {
	case "(":
		return ")"
	case "[":
		return "]"
	}
	return "}"
}

// firstItem is the first element of an EBNF fragment: `"}" ";"` → `"}"`.
func firstItem(ebnf string) string {
	s := strings.TrimLeft(ebnf, "( ")
	if s == "" {
		return ""
	}
	if s[0] == '"' {
		if j := strings.Index(s[1:], `"`); j >= 0 {
			return s[:j+2]
		}
		return s
	}
	if j := strings.IndexAny(s, " |)?*+"); j >= 0 {
		return s[:j]
	}
	return s
}

// productionWords say what each production is.
var productionWords = map[string]string{
	"<ident>":    "a name",
	"Ident":      "a name",
	"expr":       "an expression",
	"target":     "a variable, such as x or a[2]",
	"typeExpr":   "a type",
	"signature":  "\"(\" to start the parameter list",
	"Block":      "\"{\" to start a block",
	"simpleStmt": "a statement",
	"Stmt":       "a statement",
	"ifHeader":   "a condition",
	"forHeader":  "a loop clause",
	"setting":    "a setting",
	"runSetting": "a run mode",
	"expectBody": "an expression",
	"When":       "when, or \"->\"",
	`"->"`:       "\"->\" and the next state",
	`":"`:        "\":\" after the case",
}

func describeExpected(item string) string {
	if w, ok := productionWords[item]; ok {
		return w
	}
	return item
}

// innermostOpen returns the innermost bracket still open before offset.
func innermostOpen(toks []lexer.Token, offset int) *lexer.Token {
	var stack []*lexer.Token
	for i := range toks {
		t := &toks[i]
		if t.Pos.Offset >= offset || t.Type == tEOF {
			break
		}
		switch d := bracketDelta(t); {
		case d > 0:
			stack = append(stack, t)
		case d < 0 && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) == 0 {
		return nil
	}
	return stack[len(stack)-1]
}

// nameOf says which name a declaration keyword wants after it.
var nameOf = map[string]string{
	"thread":   "the name of the thread, as in thread w0 {",
	"func":     "the name of the function, as in func f() {",
	"var":      "the name of the variable, as in var x int",
	"protocol": "the name of the protocol, as in protocol MyMSI {",
}

// tokenBeforeOffset is the token just before offset, or nil.
func tokenBeforeOffset(toks []lexer.Token, offset int) *lexer.Token {
	var prev *lexer.Token
	for i := range toks {
		if toks[i].Pos.Offset >= offset {
			break
		}
		prev = &toks[i]
	}
	return prev
}

// lineBreakBefore walks back from offset within the statement to the
// first line break between two tokens and returns the token that ends
// that line, or nil.
func lineBreakBefore(toks []lexer.Token, offset int) *lexer.Token {
	i := 0
	for i < len(toks) && toks[i].Pos.Offset < offset {
		i++
	}
	for j := i; j > 0 && j < len(toks); j-- {
		prev := &toks[j-1]
		if isSemi(prev) || isPunct(prev, "{") || isPunct(prev, "}") {
			return nil
		}
		if prev.Pos.Line < toks[j].Pos.Line {
			return prev
		}
	}
	return nil
}

// addContinuationHints explains an error on a line that only continues
// the line above because that one ended with an operator (x := 1 +).
func addContinuationHints(errs diag.List, toks []lexer.Token) {
	for _, e := range errs {
		if !strings.HasPrefix(e.Msg, "unexpected ") || strings.HasPrefix(e.Msg, eofPrefix) {
			continue
		}
		prev := lineBreakBefore(toks, e.Pos.Offset)
		if prev == nil || prev.Type != tPunct {
			continue
		}
		if opPrec(prev.Value) > 0 || assignOps[prev.Value] || prev.Value == "<-" || prev.Value == "!" || prev.Value == "." || prev.Value == "->" {
			hint := fmt.Sprintf("line %d ends with %q, so the statement goes on to this line: is something missing there?", prev.Pos.Line, prev.Value)
			if head, _, ok := strings.Cut(e.Msg, " after the statement: "); ok {
				e.Msg = head + ": " + hint
			} else {
				e.Msg += " (" + hint + ")"
			}
		}
	}
}

// blockKind names the declaration whose block open is: "init", "trace",
// "protocol", ... or "".
func blockKind(open *lexer.Token, toks []lexer.Token) string {
	if open == nil || open.Value != "{" {
		return ""
	}
	var before []*lexer.Token
	for i := range toks {
		if toks[i].Pos.Offset >= open.Pos.Offset {
			break
		}
		before = append(before, &toks[i])
	}
	n := len(before)
	switch {
	case n >= 1 && (before[n-1].Value == "init" || before[n-1].Value == "trace"):
		return before[n-1].Value
	case n >= 2 && before[n-2].Value == "protocol" && before[n-1].Type == tIdent:
		return "protocol"
	}
	return ""
}

// inBlockWords says what a name is wanted for inside init, trace and
// protocol blocks, from where the line stands; "" when it is not that.
func inBlockWords(t *lexer.Token, first string, prev, open *lexer.Token, toks []lexer.Token) string {
	if first != "Ident" && first != "<ident>" {
		return ""
	}
	kind := blockKind(open, toks)
	if kind == "" {
		return ""
	}
	// n: how many tokens of this line come before t
	n := 0
	for i := range toks {
		if toks[i].Pos.Offset >= t.Pos.Offset {
			break
		}
		n++
		if isSemi(&toks[i]) || isPunct(&toks[i], "{") {
			n = 0
		}
	}
	switch kind {
	case "init":
		if n == 0 {
			return "a core, such as P0, to start the line"
		}
		return "the state the line starts in, such as M or S, after the variable"
	case "trace":
		if n == 0 {
			return "a core, such as P0, to start the step"
		}
		return "the operation, read or write, after the core"
	}
	switch {
	case prev != nil && (prev.Value == "when" || prev.Value == "!"):
		return "C, as in when C or when !C"
	case prev != nil && prev.Value == "->":
		return "the next state after ->"
	case prev != nil && prev.Value == ",":
		return "another event after \",\""
	case n == 0:
		return "a state to start the row, as in I PrRd -> S BusRd"
	case n == 1:
		return "an event after the state, such as PrRd or BusRd"
	}
	return ""
}

// startsLine reports whether the line holding offset starts with word.
func startsLine(toks []lexer.Token, offset int, word string) bool {
	first := ""
	line := -1
	for _, t := range toks {
		if t.Pos.Offset > offset {
			break
		}
		if t.Pos.Line != line {
			line, first = t.Pos.Line, t.Value
		}
	}
	return first == word
}
