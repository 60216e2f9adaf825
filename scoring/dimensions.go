package scoring

// Criterion operators.
const (
	OpAtLeast = ">="
	OpAtMost  = "<="
	OpAbove   = ">"
	OpEqual   = "="
)

// criterionDef is one threshold of one level.
type criterionDef struct {
	level     int
	metric    string
	op        string
	threshold float64
}

// dimensionDef is a dimension as its file declares it: its metrics in display
// order, its anchor (the metric of its level-1 criterion), its default criteria
// and its default weight in the score.
type dimensionDef struct {
	key      string
	weight   float64
	anchor   string
	openRisk openRisk
	defs     []metricDef
	criteria []criterionDef
	metrics  []string // the keys of defs, set by the registry
}

// openRisk, when metric is set, keeps a dimension from insufficient_data while
// that metric is above 0 (model v2, "open risk is never hidden"): the anchor's
// criteria are evaluated on the samples there are, and say so with note (which
// takes the anchor's sample size).
type openRisk struct {
	metric string
	note   string
}

// The registry: every table below is derived from the five dimension files, so
// adding a metric there is the whole change.
var (
	dimensionOrder = []*dimensionDef{&automation, &shiftLeft, &remediation, &review, &delivery}

	// Dimensions lists the dimension keys in the order the model presents them.
	Dimensions = dimensionKeys()

	// DefaultWeights are the score weights of the model.
	DefaultWeights = defaultWeights()

	dimensionDefs, metricDefs = register()
)

func dimensionKeys() []string {
	out := make([]string, len(dimensionOrder))
	for i, d := range dimensionOrder {
		out[i] = d.key
	}
	return out
}

func defaultWeights() map[string]float64 {
	out := make(map[string]float64, len(dimensionOrder))
	for _, d := range dimensionOrder {
		out[d.key] = d.weight
	}
	return out
}

// register indexes the dimensions and their metrics by key; dimensions_test.go
// keeps the tables consistent (no metric twice, criteria on listed metrics).
func register() (map[string]dimensionDef, map[string]metricDef) {
	dims := make(map[string]dimensionDef, len(dimensionOrder))
	metrics := map[string]metricDef{}
	for _, d := range dimensionOrder {
		d.metrics = make([]string, len(d.defs))
		for i := range d.defs {
			m := &d.defs[i]
			m.dim = d.key
			metrics[m.name] = *m
			d.metrics[i] = m.name
		}
		dims[d.key] = *d
	}
	return dims, metrics
}
