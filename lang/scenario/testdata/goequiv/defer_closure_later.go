//go:build ignore

package main

import "fmt"

func main() {
	x := 1
	s := "start"
	defer func() {
		fmt.Println("closure sees", x, s)
	}()
	defer func(v int) {
		fmt.Println("argument was", v, "variable is", x)
	}(x)
	x = 42
	s = "end"
	fmt.Println("returning with", x, s)
}
