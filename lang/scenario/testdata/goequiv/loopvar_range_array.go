//go:build ignore

package main

import "fmt"

func main() {
	words := [3]string{"a", "b", "c"}
	var fs [3]func()
	for i, w := range words {
		fs[i] = func() { fmt.Println(i, w) }
	}
	for _, f := range fs {
		f()
	}
}
