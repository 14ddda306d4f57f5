//go:build ignore

package main

import "fmt"

func main() {
	fmt.Printf("%3d|\n", [3]int{1, 20, 300})
	fmt.Printf("%-4v|\n", [2]int{5, 6})
	fmt.Printf("%6v|%-6v|\n", true, false)
	fmt.Printf("%5v|%-5v|\n", "ab", "cd")
	fmt.Printf("%08d|%-8d|%+5d\n", -42, -42, 42)
	fmt.Printf("%4q|\n", [2]string{"a", "b"})
	fmt.Printf("%v %v\n", [0]int{}, [1]string{""})
}
