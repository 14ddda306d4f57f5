//go:build ignore

package main

import "fmt"

func classify(n int) string {
	if n < 0 {
		return "negative"
	} else if n == 0 {
		return "zero"
	} else {
		return "positive"
	}
}

func main() {
	fmt.Println(classify(-3), classify(0), classify(8))
	for i := 0; i < 10; i++ {
		if i%2 == 0 {
			continue
		}
		if i > 7 {
			break
		}
		fmt.Print(i, " ")
	}
	fmt.Println()
	n := 0
	for n < 5 {
		n += 2
	}
	fmt.Println("n", n)
	k := 0
	for {
		k++
		if k == 4 {
			break
		}
	}
	fmt.Println("k", k)
	if v := n * 2; v > 10 {
		fmt.Println("big", v)
	} else {
		fmt.Println("small", v)
	}
	for i := range 4 {
		fmt.Print(i)
	}
	fmt.Println()
	sum := 0
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j > i {
				break
			}
			sum += j
		}
	}
	fmt.Println("sum", sum)
}
