//go:build ignore

package main

import "fmt"

func main() {
	fmt.Print("a", 1, 2, "b", 3, "\n")
	fmt.Print(1, 2, 3)
	fmt.Print("\n")
	fmt.Print("x", "y", true, false, "\n")
	fmt.Print(true, false, "\n")
	fmt.Print([2]int{1, 2}, [2]int{3, 4}, "\n")
}
