package scoring

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// compactCard is a weekly snapshot as stored: the levels, the score and every
// metric's value and sample size, without criteria, next steps, repos or flags,
// which only the current scorecard and its change baseline keep. It decodes into a
// Scorecard (Metric reads both of its forms).
type compactCard struct {
	AsOf       time.Time             `json:"as_of"`
	Level      *int                  `json:"level"`
	Score      *int                  `json:"score"`
	Dimensions map[string]compactDim `json:"dimensions"`
}

type compactDim struct {
	Level   *int                    `json:"level"`
	Status  string                  `json:"status"`
	Metrics map[string]packedMetric `json:"metrics"`
}

// packedMetric is a Metric written as [value, samples].
type packedMetric Metric

func (m packedMetric) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]any{m.Value, m.Samples})
}

// CompactJSON encodes the scorecard as a weekly snapshot is stored (compactCard).
func (s Scorecard) CompactJSON() ([]byte, error) {
	c := compactCard{AsOf: s.AsOf, Level: s.Level, Score: s.Score, Dimensions: make(map[string]compactDim, len(s.Dimensions))}
	for k, d := range s.Dimensions {
		ms := make(map[string]packedMetric, len(d.Metrics))
		for mk, m := range d.Metrics {
			ms[mk] = packedMetric(m)
		}
		c.Dimensions[k] = compactDim{Level: d.Level, Status: d.Status, Metrics: ms}
	}
	return json.Marshal(c)
}

// UnmarshalJSON reads a metric as {"value": v, "samples": n} or, as weekly
// snapshots store it, [v, n].
func (m *Metric) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		var arr []json.RawMessage
		if err := json.Unmarshal(b, &arr); err != nil {
			return fmt.Errorf("metric: %w", err)
		}
		if len(arr) != 2 {
			return fmt.Errorf("metric: want [value, samples], got %d elements", len(arr))
		}
		var out Metric
		if err := json.Unmarshal(arr[0], &out.Value); err != nil {
			return fmt.Errorf("metric value: %w", err)
		}
		if err := json.Unmarshal(arr[1], &out.Samples); err != nil {
			return fmt.Errorf("metric samples: %w", err)
		}
		*m = out
		return nil
	}
	type plain Metric // without this method
	return json.Unmarshal(b, (*plain)(m))
}
