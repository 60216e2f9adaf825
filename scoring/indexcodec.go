package scoring

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
)

// indexFormat changes whenever repoIndex or its encoding does, so an index stored
// by an older binary is never decoded as a newer one (IndexKey covers it).
const indexFormat = 2

// IndexKey stands for everything a repo's index is built from besides its facts:
// the encoding and the config. A stored index is reused only under the same key.
func IndexKey(cfg Config) (string, error) {
	b, err := json.Marshal(struct {
		Format int
		Config Config
	}{indexFormat, cfg})
	if err != nil {
		return "", fmt.Errorf("index key: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// encodeIndex writes ix compactly: every int64 as a varint of its difference from
// the same field of the previous element, in its coarsest unit (sorted instants
// take two or three bytes each), an element's flags packed in one byte, and a
// CRC-32C of it all at the end.
func encodeIndex(ix *repoIndex) []byte {
	c := &codec{b: make([]byte, 0, 256)}
	ix.code(c)
	return binary.LittleEndian.AppendUint32(c.b, crc32.Checksum(c.b, castagnoli))
}

// decodeIndex reads what encodeIndex wrote; a truncated, corrupt or foreign blob
// is an error, never a panic or a wrong index.
func decodeIndex(b []byte) (*repoIndex, error) {
	if len(b) < 4 {
		return nil, errors.New("decode index: too short")
	}
	body := b[:len(b)-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(b[len(body):]) {
		return nil, errors.New("decode index: checksum mismatch")
	}
	c := &codec{decoding: true, b: body}
	ix := &repoIndex{}
	ix.code(c)
	if c.err == nil && c.off != len(body) {
		c.err = errors.New("trailing bytes")
	}
	if c.err != nil {
		return nil, fmt.Errorf("decode index: %w", c.err)
	}
	return ix, nil
}

// code encodes or decodes every field of the index, in one order for both.
func (ix *repoIndex) code(c *codec) {
	c.str(&ix.meta.Source)
	c.str(&ix.meta.FullName)
	c.str(&ix.meta.DefaultBranch)
	c.str(&ix.id)
	c.flags(&ix.meta.Archived, &ix.meta.Fork, &ix.eligible)
	c.endElem()
	instants(c, &ix.runAt)
	instants(c, &ix.prAt)
	seq(c, &ix.defRuns, func(r *defRun) { c.ints(&r.at, &r.done, &r.dur); c.flags(&r.counted, &r.firstOK, &r.hasDur) })
	for k := range numScanCats {
		instants(c, &ix.scanAt[k])
		seq(c, &ix.scanOn[k], func(iv *interval) { c.ints(&iv.from, &iv.to) })
	}
	seq(c, &ix.merged, func(m *mergedPR) {
		c.ints(&m.at, &m.created, &m.ready, &m.firstRun, &m.firstScan, &m.pickup, &m.deployAt)
		c.flags(&m.human, &m.approved, &m.toDefault)
	})
	due := func(f *dueFinding) { c.ints(&f.due, &f.created, &f.resolved); c.flag(&f.met) }
	seq(c, &ix.dueCH, due)
	seq(c, &ix.dueMed, due)
	c.i64(&ix.maxCHSLA)
	seq(c, &ix.closed, func(f *closedFinding) { c.ints(&f.at, &f.dur); c.flags(&f.critical, &f.fixed) })
	instants(c, &ix.escapedAt)
	seq(c, &ix.skewed, func(s *skewedFinding) { c.str(&s.id); c.ints(&s.created, &s.res, &s.due); c.flag(&s.dueCounted) })
	instants(c, &ix.prodAt)
	seq(c, &ix.deploys, func(d *deploy) { c.i64(&d.at); c.i64(&d.day); c.i64(&d.recover); c.flag(&d.failed) })
}

// codec is one pass of encoding (b grows) or decoding (b is read from off). An
// element's int64 fields are coded as differences from the previous element's
// (prev, by field position k); its flags share one byte.
type codec struct {
	decoding bool
	b        []byte
	off      int
	err      error

	prev [8]int64
	k    int
	flg  int  // position of the element's flag byte
	bit  byte // the next flag's bit in it; 0 before the element's first flag
}

func (c *codec) fail(what string) {
	if c.err == nil {
		c.err = fmt.Errorf("%s at byte %d", what, c.off)
	}
}

func (c *codec) uvarint(v uint64) uint64 {
	if !c.decoding {
		c.b = binary.AppendUvarint(c.b, v)
		return v
	}
	v, n := binary.Uvarint(c.b[c.off:])
	if n <= 0 {
		c.fail("bad varint")
		return 0
	}
	c.off += n
	return v
}

// i64 codes the element's next int64 field as its difference d from the same
// field of the previous element. Instants are nanoseconds but mostly whole
// seconds or milliseconds, so d is written in the coarsest unit that divides it,
// with the unit in the low two bits; a d too large for that (never and always
// next to an instant) follows an escape. Differences wrap, so every value comes
// back exactly.
func (c *codec) i64(p *int64) {
	k := c.k
	c.k++
	if k >= len(c.prev) {
		c.fail("too many fields")
		return
	}
	var d int64
	if c.decoding {
		d = c.delta()
	} else {
		d = int64(uint64(*p) - uint64(c.prev[k]))
		c.putDelta(d)
	}
	*p = int64(uint64(c.prev[k]) + uint64(d))
	c.prev[k] = *p
}

// units are the delta units by tag; tag 3 is the escape.
var units = [3]int64{1e9, 1e6, 1}

const escape = 3

func (c *codec) putDelta(d int64) {
	for tag, u := range units {
		if d%u != 0 {
			continue
		}
		if z := zigzag(d / u); z < 1<<62 {
			c.b = binary.AppendUvarint(c.b, z<<2|uint64(tag))
			return
		}
		break
	}
	c.b = binary.AppendUvarint(c.b, escape)
	c.b = binary.AppendUvarint(c.b, zigzag(d))
}

func (c *codec) delta() int64 {
	v := c.uvarint(0)
	if tag := v & 3; tag != escape {
		return unzigzag(v>>2) * units[tag]
	}
	return unzigzag(c.uvarint(0))
}

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(z uint64) int64 { return int64(z>>1) ^ -int64(z&1) }

func (c *codec) flag(p *bool) {
	// A ninth flag wraps bit to 0 and takes a byte of its own.
	if c.bit == 0 {
		c.bit = 1
		switch {
		case !c.decoding:
			c.flg = len(c.b)
			c.b = append(c.b, 0)
		case c.off < len(c.b):
			c.flg = c.off
			c.off++
		default:
			c.fail("missing flags")
			return
		}
	}
	switch {
	case c.decoding:
		*p = c.b[c.flg]&c.bit != 0
	case *p:
		c.b[c.flg] |= c.bit
	}
	c.bit <<= 1
}

func (c *codec) ints(ps ...*int64) {
	for _, p := range ps {
		c.i64(p)
	}
}

func (c *codec) flags(ps ...*bool) {
	for _, p := range ps {
		c.flag(p)
	}
}

func (c *codec) str(p *string) {
	n := c.uvarint(uint64(len(*p)))
	if !c.decoding {
		c.b = append(c.b, *p...)
		return
	}
	if n > uint64(len(c.b)-c.off) {
		c.fail("string past the end")
		return
	}
	*p = string(c.b[c.off : c.off+int(n)])
	c.off += int(n)
}

// endElem closes an element: the next one's fields start over.
func (c *codec) endElem() { c.k, c.bit = 0, 0 }

// seq codes a slice's length and its elements; an element takes a byte at least,
// so a length beyond the remaining bytes is corrupt.
func seq[T any](c *codec, s *[]T, each func(*T)) {
	n := c.uvarint(uint64(len(*s)))
	if c.decoding {
		if n > uint64(len(c.b)-c.off) {
			c.fail("length past the end")
			return
		}
		if n > 0 {
			*s = make([]T, n)
		}
	}
	c.prev = [8]int64{}
	c.endElem()
	for i := range *s {
		if c.err != nil {
			return
		}
		each(&(*s)[i])
		c.endElem()
	}
}

func instants(c *codec, s *[]int64) { seq(c, s, c.i64) }
