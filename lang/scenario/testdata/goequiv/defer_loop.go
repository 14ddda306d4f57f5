//go:build ignore

package main

import "fmt"

func countdown(n int) {
	for i := 0; i < n; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("loop done")
}

func main() {
	countdown(4)
	for i := range 3 {
		defer fmt.Println("main deferred", i)
	}
	fmt.Println("main body done")
}
