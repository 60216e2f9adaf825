package scoring

import "github.com/paved-dev/paved/model"

// Categories is a set of scan categories; see model.Categories.
type Categories = model.Categories

// The scan categories that count towards scan coverage.
const (
	CatSAST           = model.CatSAST
	CatSCA            = model.CatSCA
	CatSecret         = model.CatSecret
	AllScanCategories = model.AllScanCategories
)
