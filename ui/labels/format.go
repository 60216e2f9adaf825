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
		return TrimFloat(x, 1) + " h"
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
