//go:build ignore

package main

import "fmt"

func apply(f func(int) int, x int) int {
	return f(x)
}

func compose(f, g func(int) int) func(int) int {
	return func(x int) int { return f(g(x)) }
}

func makeMul(k int) func(int) int {
	return func(x int) int { return x * k }
}

func double(x int) int { return 2 * x }

func main() {
	fmt.Println(apply(double, 21))
	fmt.Println(apply(func(x int) int { return x - 1 }, 10))
	triple := makeMul(3)
	h := compose(triple, double)
	fmt.Println(h(5), compose(double, makeMul(10))(1))
	var fs [3]func(int) int
	fs[0] = double
	fs[1] = triple
	fs[2] = h
	v := 1
	for _, f := range fs {
		v = f(v)
	}
	fmt.Println(v)
}
