//go:build ignore

package main

import "fmt"

var grid [3][3]int
var names = [3]string{"zero", "one", "two"}

func fill() {
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			grid[i][j] = i*3 + j
		}
	}
}

func main() {
	fill()
	fmt.Println(grid)
	copyOf := grid
	grid[0][0] = -1
	fmt.Println(copyOf[0][0], grid[0][0])
	for i, n := range names {
		fmt.Println(i, n)
	}
	total := 0
	for _, row := range grid {
		for _, v := range row {
			total += v
		}
	}
	fmt.Println("total", total)
}
