//go:build ignore

package main

func main() {
	println("hello", 42, true)
	println()
	println(-5, "x")
	print("no", "spaces", 1, 2, false, "\n")
	print("a")
	print("b\n")
	x := 7
	s := "str"
	println(x, s, x > 3)
}
