package scoring

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"testing"
	"time"
)

type goldenScenario struct {
	AsOf  time.Time   `json:"as_of"`
	Team  TeamRef     `json:"team"`
	Bots  []string    `json:"bots"`
	Repos []RepoFacts `json:"repos"`
}

// loadGoldenScenario reads the hand-built scenario of testdata/golden_scenario.json.
func loadGoldenScenario(t *testing.T) goldenScenario {
	t.Helper()
	raw, err := os.ReadFile("testdata/golden_scenario.json")
	if err != nil {
		t.Fatal(err)
	}
	var sc goldenScenario
	if err := json.Unmarshal(raw, &sc); err != nil {
		t.Fatalf("scenario: %v", err)
	}
	return sc
}

// TestGolden evaluates the hand-built scenario and compares the scorecard with the
// expected file, which was derived by hand (testdata/golden_derivation.md).
func TestGolden(t *testing.T) {
	sc := loadGoldenScenario(t)
	cfg := DefaultConfig()
	cfg.Bots = sc.Bots
	facts := Facts{Repos: sc.Repos}
	card := Evaluate(facts.All(), sc.AsOf, cfg)
	card.Team = sc.Team

	gotJSON, err := json.Marshal(card)
	if err != nil {
		t.Fatal(err)
	}
	var got, want any
	if err := json.Unmarshal(gotJSON, &got); err != nil {
		t.Fatal(err)
	}
	wantJSON, err := os.ReadFile("testdata/golden_expected.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(wantJSON, &want); err != nil {
		t.Fatalf("expected: %v", err)
	}
	for _, d := range jsonDiff("$", got, want) {
		t.Error(d)
	}
	if t.Failed() {
		pretty, _ := json.MarshalIndent(card, "", "  ")
		t.Logf("got:\n%s", pretty)
	}
}

// jsonDiff compares decoded JSON, numbers within 1e-6 (the expected file writes
// thirds as 0.6666666667).
func jsonDiff(path string, got, want any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: got %v, want an object", path, got)}
		}
		var out []string
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			gv, gok := g[k]
			wv, wok := w[k]
			switch {
			case !gok:
				out = append(out, fmt.Sprintf("%s.%s: missing, want %v", path, k, wv))
			case !wok:
				out = append(out, fmt.Sprintf("%s.%s: unexpected %v", path, k, gv))
			default:
				out = append(out, jsonDiff(path+"."+k, gv, wv)...)
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
		}
		var out []string
		for i := range w {
			out = append(out, jsonDiff(fmt.Sprintf("%s[%d]", path, i), g[i], w[i])...)
		}
		return out
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(g-w) > 1e-6 {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
		}
		return nil
	default:
		if got != want {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
		}
		return nil
	}
}
