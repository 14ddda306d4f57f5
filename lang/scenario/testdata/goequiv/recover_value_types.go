//go:build ignore

package main

import "fmt"

func try(n int) {
	defer func() {
		r := recover()
		fmt.Println("recovered", r)
		fmt.Printf("%v|%d|%s\n", r, n, "x")
	}()
	if n == 0 {
		panic(42)
	}
	if n == 1 {
		panic("a string")
	}
	if n == 2 {
		panic(true)
	}
	panic(-7)
}

func main() {
	for i := 0; i < 4; i++ {
		try(i)
	}
	defer func() {
		r := recover()
		fmt.Println(r == "boom", r != nil)
	}()
	panic("boom")
}
