package labels

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// metricKeyReplacer puts each metric's label in place of its key in free text
// (a criterion's reason names its anchor metric by key); longer keys first, so a
// key that is a prefix of another never cuts it.
var metricKeyReplacer = func() *strings.Replacer {
	keys := make([]string, 0, len(metrics))
	for k := range metrics {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a, b)) })
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, metrics[k].Label)
	}
	return strings.NewReplacer(pairs...)
}()

// Humanize writes text with every metric key in it replaced by the metric's label.
func Humanize(text string) string { return metricKeyReplacer.Replace(text) }

// Plural writes n with the noun in its number: "1 criterion", "2 criteria".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Enum writes a stored value such as risk_accepted or secret_scanning as words,
// "Risk accepted", "Secret scanning"; an empty value reads as "none".
func Enum(v string) string {
	if v == "" {
		return "none"
	}
	if l, ok := enumLabels[v]; ok {
		return l
	}
	s := strings.ReplaceAll(v, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// enumLabels are the values whose words are not just their spelling.
var enumLabels = map[string]string{
	"sast": "SAST",
	"dast": "DAST",
	"sca":  "SCA",
}
