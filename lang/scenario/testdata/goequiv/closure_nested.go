//go:build ignore

package main

import "fmt"

func main() {
	total := 0
	outer := func(n int) func() {
		base := n * 10
		return func() {
			total += base
			base++
		}
	}
	f := outer(1)
	g := outer(2)
	f()
	f()
	g()
	fmt.Println(total)
	level := 0
	var rec func(int)
	rec = func(d int) {
		inner := func() { level = d }
		if d < 3 {
			rec(d + 1)
		}
		inner()
	}
	rec(0)
	fmt.Println(level)
}
