//go:build !unix

package db

import "time"

// processCPU is not measured here; the CPU ratio then reads NaN.
func processCPU() time.Duration { return 0 }
