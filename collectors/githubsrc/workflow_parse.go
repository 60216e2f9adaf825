package githubsrc

import (
	"strings"

	"github.com/paved-dev/paved/model"
	"go.yaml.in/yaml/v3"
)

// Workflow definitions, read as the jobs API would show their runs.
//
// A job is shown under its `name:`, or its key; each step under its `name:`,
// or "Run " and its `uses:`, or "Run " and the first line of its `run:`
// (docs.github.com: workflow syntax, jobs.<job_id>.name and
// jobs.<job_id>.steps[*].name). A matrix job's shown name adds the matrix
// values, so they count as names too. GitHub adds "Set up job", "Complete job"
// and "Post …" steps, which repeat the names above or name no tool.
//
// Anything a definition cannot tell leaves the job undecided, and the run's
// categories then come from its job list: a reusable workflow call
// (jobs.<id>.uses), a local composite action (uses: ./…), an expression in a
// name, a job condition on anything but github.event_name, YAML anchors,
// unparsable or oversized files.

// Bounds on untrusted definitions.
const (
	maxWorkflowBytes = 256 << 10
	maxWorkflowNodes = 20_000
)

// workflowDef is one workflow file's jobs; decided is false when the file as a
// whole cannot be read.
type workflowDef struct {
	decided bool
	jobs    []defJob
}

// defJob is a job's shown names (its own first) and its condition.
type defJob struct {
	names   []string
	cond    string // jobs.<id>.if without ${{ }}, "" when none
	decided bool
}

// parseWorkflow reads a workflow file's jobs.
func parseWorkflow(text string) workflowDef {
	if len(text) > maxWorkflowBytes {
		return workflowDef{}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil || len(doc.Content) != 1 || !boundedTree(&doc, new(int)) {
		return workflowDef{}
	}
	jobs := mapValue(doc.Content[0], "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return workflowDef{}
	}
	def := workflowDef{decided: true}
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		def.jobs = append(def.jobs, parseJob(jobs.Content[i].Value, jobs.Content[i+1]))
	}
	return def
}

// boundedTree reports a tree of at most maxWorkflowNodes nodes without aliases.
func boundedTree(n *yaml.Node, count *int) bool {
	*count++
	if *count > maxWorkflowNodes || n.Kind == yaml.AliasNode || n.Anchor != "" {
		return false
	}
	for _, c := range n.Content {
		if !boundedTree(c, count) {
			return false
		}
	}
	return true
}

func parseJob(key string, job *yaml.Node) defJob {
	if job.Kind != yaml.MappingNode || mapValue(job, "uses") != nil {
		return defJob{}
	}
	name, ok := shownName(mapValue(job, "name"), key)
	if !ok {
		return defJob{}
	}
	out := defJob{names: []string{name}, decided: true}
	if cond := mapValue(job, "if"); cond != nil {
		out.cond = unwrapExpression(cond.Value)
		if out.cond == "" {
			return defJob{}
		}
	}
	if strategy := mapValue(job, "strategy"); strategy != nil {
		if !scalars(mapValue(strategy, "matrix"), &out.names) {
			return defJob{}
		}
	}
	steps := mapValue(job, "steps")
	if steps == nil {
		return out
	}
	if steps.Kind != yaml.SequenceNode {
		return defJob{}
	}
	for _, step := range steps.Content {
		name, ok := stepName(step)
		if !ok {
			return defJob{}
		}
		if name != "" {
			out.names = append(out.names, name)
		}
	}
	return out
}

// shownName is a `name:` value, or fallback without one; false when the
// name is an expression or not a string.
func shownName(n *yaml.Node, fallback string) (string, bool) {
	if n == nil {
		return fallback, true
	}
	if n.Kind != yaml.ScalarNode || strings.Contains(n.Value, "${{") {
		return "", false
	}
	return n.Value, true
}

// stepName is how the jobs API names a step ("" for a step with nothing to
// run); false when the definition cannot tell.
func stepName(step *yaml.Node) (string, bool) {
	if step.Kind != yaml.MappingNode {
		return "", false
	}
	uses := mapValue(step, "uses")
	if uses != nil && (uses.Kind != yaml.ScalarNode || strings.HasPrefix(uses.Value, "./") || strings.Contains(uses.Value, "${{")) {
		return "", false
	}
	if n := mapValue(step, "name"); n != nil {
		return shownName(n, "")
	}
	if uses != nil {
		return "Run " + uses.Value, true
	}
	if run := mapValue(step, "run"); run != nil {
		first, _, _ := strings.Cut(strings.TrimSpace(run.Value), "\n")
		if run.Kind != yaml.ScalarNode || strings.Contains(first, "${{") {
			return "", false
		}
		return "Run " + strings.TrimSpace(first), true
	}
	return "", true
}

// scalars appends the scalar values under n; false when one is an expression.
func scalars(n *yaml.Node, out *[]string) bool {
	if n == nil {
		return true
	}
	if n.Kind == yaml.ScalarNode {
		*out = append(*out, n.Value)
		return !strings.Contains(n.Value, "${{")
	}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 {
			continue // keys name matrix dimensions, not shown values
		}
		if !scalars(c, out) {
			return false
		}
	}
	return true
}

// mapValue is the value under key in a mapping node, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// unwrapExpression strips an `if:`'s optional ${{ }}.
func unwrapExpression(s string) string {
	s = strings.TrimSpace(s)
	if inner, ok := strings.CutPrefix(s, "${{"); ok {
		if inner, ok = strings.CutSuffix(inner, "}}"); ok && !strings.Contains(inner, "${{") {
			return strings.TrimSpace(inner)
		}
		return ""
	}
	return s
}

// categories are the scan categories of a run of the workflow triggered by
// event; false when the definition cannot tell.
func (d *workflowDef) categories(cat model.Catalogue, event string) ([]string, bool) {
	if !d.decided {
		return nil, false
	}
	var out []string
	for _, j := range d.jobs {
		if !j.decided {
			return nil, false
		}
		if j.cond != "" {
			runs, ok := eventCondition(j.cond, event)
			if !ok {
				return nil, false
			}
			if !runs {
				continue
			}
		}
		out = model.MergeCategories(out, cat.Detect(j.names[0], j.names[1:], nil))
	}
	return out, true
}
