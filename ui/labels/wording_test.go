package labels

import (
	"testing"

	"github.com/paved-dev/paved/scoring"
)

// TestWordingOnlyNamesModelMetrics catches wording left behind for a metric the
// model dropped or renamed: it would silently never show.
func TestWordingOnlyNamesModelMetrics(t *testing.T) {
	for key := range wording {
		if _, ok := scoring.LookupMetric(key); !ok {
			t.Errorf("%s has wording but is not a metric of the model", key)
		}
	}
}
