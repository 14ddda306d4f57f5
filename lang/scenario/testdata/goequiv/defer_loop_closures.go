//go:build ignore

package main

import "fmt"

func main() {
	for i := range 3 {
		defer func() { fmt.Println("closure", i) }()
		defer fmt.Println("direct", i)
	}
	total := 0
	defer func() { fmt.Println("total at exit", total) }()
	for i := 1; i <= 4; i++ {
		total += i
	}
	fmt.Println("total now", total)
}
