package main

import (
	"os"
	"testing"
)

// TestMain lets tests run the real binary's main in a subprocess: the test binary
// re-executes itself with PAVED_RUN_MAIN=1.
func TestMain(m *testing.M) {
	if os.Getenv("PAVED_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}
