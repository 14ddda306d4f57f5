//go:build ignore

package main

import "fmt"

func main() {
	a := [3]int{1, 2, 3}
	var z [4]int
	b := [2]bool{true, false}
	s := [3]string{"x", "y", ""}
	m := [2][2]int{[2]int{1, 2}, [2]int{3, 4}}
	fmt.Println(a, z)
	fmt.Println(b, s)
	fmt.Println(m)
	fmt.Printf("%v %d\n", a, a)
	fmt.Printf("%v %q\n", s, s)
	fmt.Printf("%x\n", [3]int{10, 255, 16})
	fmt.Printf("%v\n", m)
	fmt.Printf("%t\n", b)
}
