//go:build ignore

package main

import "fmt"

func main() {
	a, b := -7, 2
	fmt.Println(a/b, a%b, 7/-2, 7%-2)
	max := 9223372036854775807
	fmt.Println(max+1, -max-1)
	fmt.Println(1<<10, 1024>>3, -16>>2)
	fmt.Println(6&3, 6|3, 6^3, 6&^3, ^5)
	x := 10
	x += 5
	x -= 3
	x *= 2
	x /= 5
	x %= 3
	fmt.Println(x)
	y := 1
	y <<= 4
	y |= 1
	fmt.Println(y)
	y++
	y--
	y--
	fmt.Println(y, -y, +y)
	fmt.Println(3 > 2 && 2 > 3, 3 > 2 || 2 > 3, !(1 == 1))
	big := 1 << 40
	fmt.Println(big, big/1024)
	fmt.Println(max*2, max*max, -max/-1)
}
