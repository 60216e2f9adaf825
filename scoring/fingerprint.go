package scoring

import (
	"encoding/binary"
	"hash/fnv"
)

// fingerprint hashes everything the repo at position i adds, at the snapshot's
// instant, to a scorecard of a scope that holds it: its window's counts, its raw
// durations, its flags, and the names and states its repo summary shows. A
// scope's scorecard is a function of its repos' fingerprints, its membership, its
// name and the config, so equal fingerprints let a rescore keep a stored one.
// TestFingerprintCoversTheWholeWindow fails when repoWindow gains a field this
// leaves out.
func (s *snapshot) fingerprint(i int) uint64 {
	w, ix := &s.windows[i], s.e.repos[i]
	b := make([]byte, 0, 512)
	str := func(v string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	num := func(vs ...int) {
		for _, v := range vs {
			b = binary.AppendVarint(b, int64(v))
		}
	}
	flag := func(vs ...bool) {
		for _, v := range vs {
			if v {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		}
	}
	str(ix.id)
	str(ix.meta.Source)
	str(ix.meta.FullName)
	flag(ix.meta.Archived, ix.meta.Fork, w.active, w.ciRun, w.deploying)
	num(w.defRuns, w.completed, w.firstOK, w.merged, w.mergedRun, w.mergedScan, int(w.cats), w.escaped,
		w.dueCH, w.metCH, w.dueMed, w.metMed, w.fixedCrit, w.openCH, w.overdue, w.closed, w.riskAccepted,
		w.human, w.approved, w.pickedUp, w.success, w.failed)
	b = binary.LittleEndian.AppendUint64(b, w.days[0])
	b = binary.LittleEndian.AppendUint64(b, w.days[1])
	for k, sp := range w.spans {
		num(sp.hi - sp.lo)
		for _, d := range s.ar[k][sp.lo:sp.hi] {
			b = binary.AppendVarint(b, d)
		}
	}
	num(len(w.flags))
	for _, f := range w.flags {
		str(f.Kind)
		str(f.Repo)
		str(f.Detail)
	}
	h := fnv.New64a()
	_, _ = h.Write(b)
	return h.Sum64()
}
