package syntax

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
)

func TestDrv(t *testing.T) {
	name := os.Getenv("F")
	src, _ := os.ReadFile(name)
	f, errs := Parse(name, src)
	fmt.Print(diag.Render(errs, src, 0))
	if os.Getenv("J") != "" {
		b, _ := json.MarshalIndent(f.Decls, "", " ")
		fmt.Println(string(b))
	}
	fmt.Println(len(f.Decls), "decls", len(f.Comments), "comments")
}
