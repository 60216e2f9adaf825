// Package labels is the words and number formats the dashboard and the weekly
// digest share: level names, dimension and metric labels, units and how a value
// reads in its unit. It is its own leaf package because ui imports ui/digest, so
// neither can hold what both need, and a digest must read like the page it links to.
package labels
