//go:build ignore

package main

import "fmt"

var table [5]int

func main() {
	for i := 0; i < 5; i++ {
		table[i] = i * i
	}
	n := 7
	fmt.Println("reading", n)
	fmt.Println(table[n])
}
