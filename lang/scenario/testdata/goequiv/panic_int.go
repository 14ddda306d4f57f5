//go:build ignore

package main

import "fmt"

func main() {
	fmt.Println("about to panic with an int")
	panic(42)
}
