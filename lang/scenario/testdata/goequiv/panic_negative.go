//go:build ignore

package main

func level(n int) {
	if n == 0 {
		panic(-12)
	}
	level(n - 1)
}

func main() {
	level(3)
}
