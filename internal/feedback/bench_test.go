package feedback_test

import (
	"context"
	"testing"
	"time"

	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/db/dbtest"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/seed"
	"github.com/cchc-vn/cchc/internal/ward"
)

// BenchmarkDurability takes residents' feedback (the item, its event, the
// desk's notices and the acknowledgement in one commit) on SQLite with
// synchronous=NORMAL and FULL, in one run.
//
//	go test ./internal/feedback -run - -bench Durability -benchtime 1000x
func BenchmarkDurability(b *testing.B) {
	for _, mode := range []string{"normal", "full"} {
		b.Run(mode, func(b *testing.B) {
			b.Setenv("CCHC_SQLITE_SYNC", mode)
			ctx := context.Background()
			d := dbtest.Open(b, db.SQLite)
			seed.Load(ctx, d)
			w, _ := ward.ByCode(ctx, d, "27427")
			desk, err := feedback.LoadDesk(ctx, d, w.ID)
			if err != nil {
				b.Fatal(err)
			}
			files, _ := filestore.NewLocal(b.TempDir())
			sub := feedback.Submission{Channel: feedback.ChannelPortal, Input: feedback.Input{Category: "dich_vu", Title: "Chờ lâu ở bộ phận một cửa",
				Description: "Chờ hơn một giờ để nộp hồ sơ.", Name: "Lê Văn A", Phone: "0901234567", Email: "a@example.vn", Consent: true}}
			b.ResetTimer()
			for b.Loop() {
				if _, err := feedback.Submit(ctx, d, files, desk, sub, time.Now()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
