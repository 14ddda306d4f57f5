//go:build ignore

package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		fmt.Println("one worker")
		wg.Done()
	}()
	wg.Wait()
}
