//go:build ignore

package main

import "fmt"

func f() int {
	defer func() { recover() }()
	panic(1)
}

func g() (n int, s string) {
	defer func() { recover() }()
	n = 5
	s = "set before the panic"
	panic(2)
}

func main() {
	fmt.Println(f())
	n, s := g()
	fmt.Println(n, s)
}
