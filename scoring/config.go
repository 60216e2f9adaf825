package scoring

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/paved-dev/paved/model"
)

// DefaultProductionPattern matches the production environment names of the model.
const DefaultProductionPattern = `(?i)^prod(uction)?$`

var defaultProduction = regexp.MustCompile(DefaultProductionPattern)

// Config holds every number and rule a user may change.
type Config struct {
	// Thresholds override criteria thresholds, keyed dimension → level → metric
	// (the config file's `model:`). An override of a criterion the model has
	// replaces its threshold; an override naming a metric of that dimension that
	// the level lacks adds a criterion ("<=" for lower-is-better metrics, else ">=").
	Thresholds map[string]map[int]map[string]float64
	// SLADays per severity; zero fields take the model's defaults.
	SLADays model.SLADays
	// Bots are extra logins treated as bots (case-insensitive).
	Bots []string
	// ProductionPattern matches production environment names; nil means the default.
	ProductionPattern *regexp.Regexp
	// Weights of the score per dimension; a dimension left out takes its default.
	Weights map[string]float64
	// Catalogue names the scan categories a workflow or pipeline name marks a run
	// as (model v2: a workflow called "CodeQL" is a sast scan); nil means the
	// model's table, model.DefaultCatalogue.
	Catalogue model.Catalogue
}

// DefaultConfig is the model as published.
func DefaultConfig() Config {
	w := make(map[string]float64, len(DefaultWeights))
	for k, v := range DefaultWeights {
		w[k] = v
	}
	return Config{
		SLADays:           model.DefaultSLADays,
		ProductionPattern: defaultProduction,
		Weights:           w,
	}
}

// Validate reports every problem in the config, each naming the field at fault.
func (c Config) Validate() error {
	var errs []error
	for _, dim := range sortedKeys(c.Thresholds) {
		d, ok := dimensionDefs[dim]
		if !ok {
			errs = append(errs, fmt.Errorf("model: unknown dimension %q (want one of %s)", dim, strings.Join(Dimensions, ", ")))
			continue
		}
		levels := c.Thresholds[dim]
		for _, level := range sortedKeys(levels) {
			if level < 1 || level > 4 {
				errs = append(errs, fmt.Errorf("model.%s: unknown level %d (want 1 to 4)", dim, level))
				continue
			}
			for _, metric := range sortedKeys(levels[level]) {
				errs = append(errs, validateThreshold(d, level, metric, levels[level][metric]))
			}
		}
	}
	for _, sev := range []struct {
		name string
		days int
	}{{"critical", c.SLADays.Critical}, {"high", c.SLADays.High}, {"medium", c.SLADays.Medium}, {"low", c.SLADays.Low}} {
		if sev.days < 0 {
			errs = append(errs, fmt.Errorf("sla_days.%s: %d is negative", sev.name, sev.days))
		}
	}
	total := 0.0
	for _, dim := range sortedKeys(c.Weights) {
		w := c.Weights[dim]
		switch {
		case !slices.Contains(Dimensions, dim):
			errs = append(errs, fmt.Errorf("weights: unknown dimension %q", dim))
		case math.IsNaN(w) || math.IsInf(w, 0) || w < 0:
			errs = append(errs, fmt.Errorf("weights.%s: %v is not a non-negative number", dim, w))
		}
	}
	for _, dim := range Dimensions {
		total += c.weight(dim)
	}
	if total <= 0 {
		errs = append(errs, errors.New("weights: at least one dimension needs a positive weight"))
	}
	return errors.Join(errs...)
}

func validateThreshold(d dimensionDef, level int, metric string, v float64) error {
	m, ok := metricDefs[metric]
	if !ok || m.dim != d.key {
		return fmt.Errorf("model.%s.%d: unknown metric %q (want one of %s)", d.key, level, metric, strings.Join(d.metrics, ", "))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return fmt.Errorf("model.%s.%d.%s: %v is not a non-negative number", d.key, level, metric, v)
	}
	if m.unit == UnitRatio && v > 1 {
		return fmt.Errorf("model.%s.%d.%s: %v is a ratio and must be within 0 and 1", d.key, level, metric, v)
	}
	return nil
}

// weight is a dimension's weight, with the default for a dimension left out.
func (c Config) weight(dim string) float64 {
	if w, ok := c.Weights[dim]; ok {
		return w
	}
	return DefaultWeights[dim]
}

// sla fills zero SLA days with the defaults.
func (c Config) sla() model.SLADays {
	s := c.SLADays
	d := model.DefaultSLADays
	if s.Critical == 0 {
		s.Critical = d.Critical
	}
	if s.High == 0 {
		s.High = d.High
	}
	if s.Medium == 0 {
		s.Medium = d.Medium
	}
	if s.Low == 0 {
		s.Low = d.Low
	}
	return s
}

// catalogue is the configured scan catalogue, or the model's.
func (c Config) catalogue() model.Catalogue {
	if c.Catalogue == nil {
		return model.DefaultCatalogue()
	}
	return c.Catalogue
}

func (c Config) production() *regexp.Regexp {
	if c.ProductionPattern == nil {
		return defaultProduction
	}
	return c.ProductionPattern
}

// criteria are a dimension's effective criteria, sorted by level then by the
// dimension's metric order. Overrides that Validate would reject are ignored.
func (c Config) criteria(dim string) []criterionDef {
	d := dimensionDefs[dim]
	out := slices.Clone(d.criteria)
	for level, metrics := range c.Thresholds[dim] {
		if level < 1 || level > 4 {
			continue
		}
		for metric, v := range metrics {
			if validateThreshold(d, level, metric, v) != nil {
				continue
			}
			i := slices.IndexFunc(out, func(cr criterionDef) bool { return cr.level == level && cr.metric == metric })
			if i >= 0 {
				out[i].threshold = v
				continue
			}
			op := OpAtLeast
			if metricDefs[metric].lower {
				op = OpAtMost
			}
			out = append(out, criterionDef{level, metric, op, v})
		}
	}
	for i := range out {
		if opFor := metricDefs[out[i].metric].opFor; opFor != nil {
			out[i].op = opFor(out[i].threshold)
		}
	}
	slices.SortStableFunc(out, func(a, b criterionDef) int {
		if a.level != b.level {
			return a.level - b.level
		}
		return slices.Index(d.metrics, a.metric) - slices.Index(d.metrics, b.metric)
	})
	return out
}

func sortedKeys[K int | string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
