package labels

import (
	"math"
	"strconv"
	"strings"
)

// FormatValue writes a metric value in its unit: 82%, 12.5 h, 3 per 100 PRs.
func FormatValue(key string, v *float64) string {
	if v == nil {
		return "no data"
	}
	x := *v
	switch metrics[key].Unit {
	case Ratio:
		return TrimFloat(x*100, 1) + "%"
	case Hours:
		return FormatHours(x)
	case Days:
		return TrimFloat(x, 1) + " d"
	case Minutes:
		return TrimFloat(x, 1) + " min"
	case PerWeek:
		return TrimFloat(x, 2) + "/week"
	case Per100PRs:
		return TrimFloat(x, 1) + " per 100 PRs"
	case Count:
		return strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	}
	return TrimFloat(x, 2)
}

// TrimFloat formats x with at most prec decimals, dropping trailing zeros; a
// value that rounds to zero reads "0", never "-0".
func TrimFloat(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// daysFrom is where hours read better as days: "32.3 d", not "775.5 h".
const daysFrom = 72

// FormatHours writes a duration in hours, in days from 72 h on.
func FormatHours(h float64) string {
	if h >= daysFrom {
		return TrimFloat(h/24, 1) + " d"
	}
	return TrimFloat(h, 1) + " h"
}

// FormatInt writes a level or score, or missing when there is none (nil).
func FormatInt(n *int, missing string) string {
	if n == nil {
		return missing
	}
	return strconv.Itoa(*n)
}

// AxisTitle names a chart axis that shows values in unit.
func AxisTitle(u Unit) string {
	switch u {
	case Ratio:
		return "Share (%)"
	case Hours:
		return "Hours"
	case Days:
		return "Days"
	case Minutes:
		return "Minutes"
	case PerWeek:
		return "Per week"
	case Per100PRs:
		return "Per 100 PRs"
	case Count:
		return "Count"
	}
	return ""
}
