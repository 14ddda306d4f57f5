// This file reads a script file, refusing one too large to be a script.

package scenario

import (
	"fmt"
	"io"
	"os"
)

// MaxScriptSize is the largest script file read: far above any real
// scenario, small enough that giving a trace, a binary or /dev/zero by
// mistake fails at once instead of filling memory.
const MaxScriptSize = 4 << 20

// ReadScript reads the script file at path.
func ReadScript(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxScriptSize+1))
	if err != nil {
		return nil, err // it names the file
	}
	if len(src) > MaxScriptSize {
		return nil, fmt.Errorf("%s is larger than %d MiB: too large for a script (a trace file goes to cohere trace)", path, MaxScriptSize>>20)
	}
	return src, nil
}
