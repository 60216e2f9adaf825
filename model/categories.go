package model

import (
	"encoding/json"
	"fmt"
	"math/bits"
)

// Categories is a set of scan categories (sast, sca, secret) kept as a bitmask so a
// million runs cost one byte each. It serialises as a sorted list of names.
type Categories uint8

// The scan categories that count towards scan coverage. DAST is not one of them.
const (
	CatSAST Categories = 1 << iota
	CatSCA
	CatSecret

	AllScanCategories = CatSAST | CatSCA | CatSecret
)

var categoryNames = [...]struct {
	bit  Categories
	name string
}{
	{CatSAST, CategorySAST},
	{CatSCA, CategorySCA},
	{CatSecret, CategorySecret},
}

// CategoryOf maps a category name to its bit; names outside the scan catalogue
// (dast, unknown) map to 0.
func CategoryOf(name string) Categories {
	for _, c := range categoryNames {
		if c.name == name {
			return c.bit
		}
	}
	return 0
}

// CategoriesOf builds a set from names, ignoring names outside the catalogue.
func CategoriesOf(names []string) Categories {
	var c Categories
	for _, n := range names {
		c |= CategoryOf(n)
	}
	return c
}

// Names lists the set's names in catalogue order (sast, sca, secret).
func (c Categories) Names() []string {
	out := make([]string, 0, bits.OnesCount8(uint8(c)))
	for _, n := range categoryNames {
		if c&n.bit != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

// Count is the number of categories in the set.
func (c Categories) Count() int { return bits.OnesCount8(uint8(c & AllScanCategories)) }

// MarshalJSON writes the set as a list of names.
func (c Categories) MarshalJSON() ([]byte, error) { return json.Marshal(c.Names()) }

// UnmarshalJSON reads a list of names; an unknown name is an error.
func (c *Categories) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return fmt.Errorf("scan categories: %w", err)
	}
	var out Categories
	for _, n := range names {
		bit := CategoryOf(n)
		if bit == 0 {
			return fmt.Errorf("scan categories: unknown category %q", n)
		}
		out |= bit
	}
	*c = out
	return nil
}
