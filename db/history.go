package db

import (
	"context"
	"fmt"
	"time"

	"github.com/paved-dev/paved/model"
)

// HistoryFloor is the instant from which every list of every source whose
// history is still being read is stored: the latest floor (watermark) of
// the history cursors (model.HistoryResource) of such sources; zero when
// every source's history is complete. Facts before it are partial.
func (d *DB) HistoryFloor(ctx context.Context) (time.Time, error) {
	var floor nullUnix
	history := model.HistoryResource("") + "%"
	err := d.reader.QueryRowContext(ctx, `SELECT MAX(watermark) FROM sync_cursors
		WHERE resource LIKE ?1 AND source IN (
			SELECT source FROM sync_cursors WHERE resource LIKE ?1 AND position <> '')`, history).Scan(&floor)
	if err != nil {
		return time.Time{}, fmt.Errorf("history floor: %w", err)
	}
	return floor.Time(), nil
}
