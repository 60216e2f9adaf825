package labels

import "github.com/paved-dev/paved/scoring"

var levelNames = [...]string{"Initial", "Foundational", "Practiced", "Measured", "Leading"}

// LevelName names a level, 3 is "Measured"; false for a level the model does not have.
func LevelName(level int) (string, bool) {
	if level < 0 || level >= len(levelNames) {
		return "", false
	}
	return levelNames[level], true
}

var dimensionLabels = map[string]string{
	scoring.DimAutomation:  "Automation",
	scoring.DimShiftLeft:   "Shift left",
	scoring.DimRemediation: "Remediation",
	scoring.DimReview:      "Code review",
	scoring.DimDelivery:    "Delivery",
}

// Dimension is a dimension's display name; an unknown key reads as itself.
func Dimension(dim string) string {
	if l, ok := dimensionLabels[dim]; ok {
		return l
	}
	return dim
}

// OpSymbol writes a threshold's comparison as a symbol: ≥ or ≤.
func OpSymbol(op string) string {
	switch op {
	case scoring.OpAtLeast:
		return "≥"
	case scoring.OpAtMost:
		return "≤"
	}
	return op
}
