package scenario_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/scenario"
)

func TestReadScript(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.coh")
	os.WriteFile(small, []byte("thread main { }\n"), 0o644)
	atLimit := filepath.Join(dir, "limit.coh")
	os.WriteFile(atLimit, make([]byte, scenario.MaxScriptSize), 0o644)
	over := filepath.Join(dir, "over.coh")
	os.WriteFile(over, make([]byte, scenario.MaxScriptSize+1), 0o644)
	for _, tc := range []struct {
		path    string
		wantLen int
		wantErr string
	}{
		{small, 16, ""},
		{atLimit, scenario.MaxScriptSize, ""},
		{over, 0, over + " is larger than 4 MiB: too large for a script"},
		{filepath.Join(dir, "missing.coh"), 0, "no such file"},
		{dir, 0, "is a directory"},
	} {
		src, err := scenario.ReadScript(tc.path)
		switch {
		case tc.wantErr == "" && (err != nil || len(src) != tc.wantLen):
			t.Errorf("%s: %d bytes, %v; want %d bytes", tc.path, len(src), err, tc.wantLen)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: error %v, want %q", tc.path, err, tc.wantErr)
		}
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := scenario.ReadScript("/dev/zero"); err == nil || !strings.Contains(err.Error(), "larger than") {
			t.Errorf("/dev/zero: %v, want the size error", err)
		}
	}
}
