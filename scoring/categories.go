package scoring

import (
	"strings"

	"github.com/paved-dev/paved/model"
)

// Categories is a set of scan categories; see model.Categories.
type Categories = model.Categories

// The scan categories that count towards scan coverage.
const (
	CatSAST           = model.CatSAST
	CatSCA            = model.CatSCA
	CatSecret         = model.CatSecret
	AllScanCategories = model.AllScanCategories
)

// runNames recognises scans by a run's workflow or pipeline name (model v2): a
// name containing, case-insensitively, a pattern of a category's catalogue entry
// is a scan of that category. It is built once per evaluation.
type runNames []namePattern

type namePattern struct {
	cat     Categories
	pattern string // lowercased
}

func newRunNames(c model.Catalogue) runNames {
	var out runNames
	for _, name := range sortedKeys(c) {
		cat := model.CategoryOf(strings.ToLower(name)) & AllScanCategories
		if cat == 0 {
			continue
		}
		for _, p := range c[name] {
			if p = strings.ToLower(strings.TrimSpace(p)); p != "" {
				out = append(out, namePattern{cat, p})
			}
		}
	}
	return out
}

// of is the categories a run's name marks it as a scan of.
func (n runNames) of(name string) Categories {
	if name == "" || len(n) == 0 {
		return 0
	}
	name = strings.ToLower(name)
	var c Categories
	for _, p := range n {
		if c&p.cat == 0 && strings.Contains(name, p.pattern) {
			c |= p.cat
		}
	}
	return c
}
