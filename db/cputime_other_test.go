//go:build !unix

package db_test

import "time"

// processCPU is not measured here; the CPU ratio then reads NaN.
func processCPU() time.Duration { return 0 }
