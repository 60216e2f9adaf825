package scoring

import (
	"encoding/json"
	"testing"
)

func TestSmoke(t *testing.T) {
	r := newRepo("api")
	r.Runs = []Run{mainRun(ago(2 * days))}
	r.PRs = []PR{humanPR(1, ago(3*days))}
	sc := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig())
	b, _ := json.MarshalIndent(sc, "", " ")
	t.Log(string(b))
}
