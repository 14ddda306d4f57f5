//go:build ignore

package main

import "fmt"

func main() {
	s := "héllo, 世界"
	fmt.Println(s, len(s))
	fmt.Printf("%q %d\n", s, len(s))
}
