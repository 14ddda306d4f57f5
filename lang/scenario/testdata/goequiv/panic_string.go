//go:build ignore

package main

import "fmt"

func main() {
	defer fmt.Println("deferred print runs before the crash")
	panic("something bad happened")
}
