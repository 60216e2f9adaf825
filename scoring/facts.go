package scoring

import "github.com/paved-dev/paved/model"

// The facts scoring evaluates are vocabulary shared with the store that loads
// them; see model.Facts.
type (
	Facts       = model.Facts
	RepoFacts   = model.RepoFacts
	Run         = model.RunFact
	PR          = model.PRFact
	Review      = model.ReviewFact
	Finding     = model.FindingFact
	Analysis    = model.AnalysisFact
	Observation = model.ObservationFact
	Deployment  = model.DeploymentFact
	RepoRef     = model.RepoRef
)
