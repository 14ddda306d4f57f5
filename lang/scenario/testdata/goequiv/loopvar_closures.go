//go:build ignore

package main

import "fmt"

func main() {
	var fs [3]func() int
	for i := 0; i < 3; i++ {
		fs[i] = func() int { return i * 10 }
	}
	for j := 0; j < 3; j++ {
		fmt.Println("closure", j, "returns", fs[j]())
	}

	var gs [3]func() int
	for i := range 3 {
		gs[i] = func() int { return i }
	}
	fmt.Println(gs[0](), gs[1](), gs[2]())

	for i := 0; i < 3; i++ {
		defer func() { fmt.Println("deferred closure sees", i) }()
	}
}
