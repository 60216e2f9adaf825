package scoring

import (
	"os/exec"
	"strings"
	"testing"
)

// TestScoringStaysPure keeps the data flow one way: scoring is pure functions over
// facts, so nothing it links, directly or transitively, does network or database I/O,
// and of the project it links only the vocabulary (model).
func TestScoringStaysPure(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	const project = "github.com/paved-dev/paved/"
	allowed := map[string]bool{project + "model": true, project + "scoring": true}
	forbidden := map[string]bool{"net/http": true, "database/sql": true, "net": true, "os/exec": true}
	deps := strings.Fields(string(out))
	if len(deps) < 3 {
		t.Fatalf("go list -deps printed %d packages; expected the standard library too", len(deps))
	}
	for _, dep := range deps {
		if forbidden[dep] {
			t.Errorf("scoring links %s", dep)
		}
		if strings.HasPrefix(dep, project) && !allowed[dep] {
			t.Errorf("scoring links %s; it may import only the vocabulary (model)", dep)
		}
	}
}
