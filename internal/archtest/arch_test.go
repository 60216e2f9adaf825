// Package archtest keeps the data flow one way (docs/architecture.md): it lists every
// package's project imports with `go list` and checks them against the layer rules.
package archtest

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/paved-dev/paved/"

// allowed maps a package (or a prefix ending in "/...") to the project packages it may
// import directly. Standard library and third-party imports are not listed here.
var allowed = map[string][]string{
	"model":                {},
	"internal/sanitize":    {},
	"scoring":              {"model"},
	"collectors":           {"model", "internal/sanitize"},
	"collectors/githubsrc": {"model", "collectors", "internal/sanitize"},
	"collectors/gitlabsrc": {"model", "collectors", "internal/sanitize"},
	"db":                   {"model", "scoring", "internal/sanitize"},
	"internal/rescore":     {"model", "scoring", "db"},
	"internal/jobs":        {"db"},
	"ui/labels":            {"model", "scoring"},
	"ui/digest":            {"model", "scoring", "db", "ui/labels", "internal/sanitize"},
	"ui":                   {"model", "scoring", "db", "ui/labels", "ui/digest", "internal/sanitize"},
	"fixtures/forgesim":    {},
	"fixtures/gqlruby":     {},
	"fixtures/advisories":  {},
	"fixtures/simorg":      {"model", "fixtures/advisories"},
	"fixtures/githubsim":   {"fixtures/forgesim", "fixtures/gqlruby", "fixtures/simorg", "model"},
	"fixtures/gitlabsim":   {"fixtures/forgesim", "fixtures/gqlruby", "fixtures/simorg", "model"},
	// Wiring and test support may reach every layer.
	"cmd/...":                 {"*"},
	"fixtures/benchdb":        {"*"},
	"internal/testkit":        {"*"},
	"internal/testkit/sample": {"model"},
	"internal/testkit/pgtest": {},
	"internal/archtest":       {},
}

// forbiddenStd are standard-library packages a layer must not link even indirectly.
var forbiddenStd = map[string][]string{
	"scoring": {"net/http", "database/sql", "net", "os/exec"},
	"model":   {"net/http", "database/sql"},
}

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", "./...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages; expected the whole module", len(pkgs))
	}
	return pkgs
}

func rulesFor(rel string) ([]string, bool) {
	if r, ok := allowed[rel]; ok {
		return r, true
	}
	for k, r := range allowed {
		if strings.HasSuffix(k, "/...") && strings.HasPrefix(rel+"/", strings.TrimSuffix(k, "...")) {
			return r, true
		}
	}
	return nil, false
}

func TestEveryPackageImportsOnlyItsLowerLayers(t *testing.T) {
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(p.ImportPath, module)
		rules, ok := rulesFor(rel)
		if !ok {
			t.Errorf("%s has no layer rule: add it to allowed and to docs/architecture.md", rel)
			continue
		}
		if len(rules) == 1 && rules[0] == "*" {
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			dep := strings.TrimPrefix(imp, module)
			ok := false
			for _, a := range rules {
				if a == dep {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s imports %s; it may import only %v", rel, dep, rules)
			}
		}
		for _, bad := range forbiddenStd[rel] {
			for _, d := range p.Deps {
				if d == bad {
					t.Errorf("%s links %s", rel, bad)
				}
			}
		}
	}
}

func TestRulesNameRealPackages(t *testing.T) {
	have := map[string]bool{}
	for _, p := range listPackages(t) {
		have[strings.TrimPrefix(p.ImportPath, module)] = true
	}
	for k := range allowed {
		if strings.HasSuffix(k, "/...") {
			continue
		}
		if !have[k] {
			t.Errorf("rule for %s names no package", k)
		}
	}
}
