//go:build ignore

package main

import "fmt"

func main() {
	fmt.Printf("%d\n", "hi")
	fmt.Printf("%s\n", 5)
	fmt.Printf("%t\n", 1)
	fmt.Printf("%d %d\n", 1)
	fmt.Printf("%d\n", 1, 2)
	fmt.Println()
	fmt.Printf("%z\n", 3)
	fmt.Printf("%T %T %T %T\n", 1, "s", true, [2]int{})
}
