//go:build ignore

package main

import "fmt"

var p *int

func main() {
	fmt.Println("p is nil:", p == nil)
	*p = 1
	fmt.Println("unreachable")
}
