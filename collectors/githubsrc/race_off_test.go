//go:build !race

package githubsrc

const raceEnabled = false
