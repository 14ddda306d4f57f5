//go:build ignore

package main

import "fmt"

func main() {
	zero := 0
	fmt.Println("dividing")
	fmt.Println(10 / zero)
}
