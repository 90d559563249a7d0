package broadcast

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/audit"
	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/filestore"
	"github.com/cchc-vn/cchc/internal/media"
	"github.com/cchc-vn/cchc/internal/speech"
	"github.com/cchc-vn/cchc/internal/vn"
)

// SetAudio stores a recording or an uploaded file as a draft's audio,
// checked by its content, size and length and normalised in loudness. A
// refused file leaves nothing stored.
func SetAudio(ctx context.Context, conn db.Conn, files filestore.Store, u *account.User, actor audit.Actor, id int64, data []byte, source string, now time.Time) error {
	if source != SourceRecording {
		source = SourceUpload
	}
	b, err := Get(ctx, conn, u.WardID, id)
	if err != nil {
		return err
	}
	if !CanEdit(u, b) {
		return ErrForbidden
	}
	up, ms, problem := media.PrepareAudio(data)
	if problem != "" {
		return check.Errors{"audio": problem}
	}
	staged, err := media.Stage(ctx, files, u.WardID, "bulletins", up)
	if err != nil {
		return err
	}
	old, err := setAudio(ctx, conn, u, actor, id, staged.Keys[0], up.ContentType, ms, source, now)
	if err != nil {
		staged.Discard(ctx)
		return err
	}
	if old != "" {
		filestore.Remove(ctx, files, old)
	}
	return nil
}

// setAudio records a stored file as a draft's audio and returns the file
// it replaced when nothing else uses it (synthesised audio stays cached).
func setAudio(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, id int64, key, contentType string, ms int, source string, now time.Time) (string, error) {
	var old string
	err := conn.InTx(ctx, func(tx *db.Tx) error {
		b, err := Get(ctx, tx, u.WardID, id)
		if err != nil {
			return err
		}
		if !CanEdit(u, b) {
			return ErrForbidden
		}
		if b.AudioSource != SourceSpeech {
			old = b.AudioKey
		}
		b.AudioKey, b.AudioType, b.AudioMS, b.AudioSource, b.UpdatedAt = key, contentType, ms, source, now
		if err := update(ctx, tx, b); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "bulletin.audio", "bulletin", b.ID, "Âm thanh bản tin ("+SourceName(source)+"): "+b.Title,
			nil, map[string]any{"audio_source": source, "audio_ms": ms})
	})
	return old, err
}

// Reading is the text the engine reads for a bulletin: its title and body
// as a loudspeaker says them, with the ward's own words.
func Reading(ctx context.Context, q db.Querier, b *Bulletin) (string, error) {
	words, err := Words(ctx, q, b.WardID)
	if err != nil {
		return "", err
	}
	return speech.Normalize(b.Title+".\n"+b.Body, words), nil
}

// ErrNoEngine is returned when no text-to-speech engine can run.
var ErrNoEngine = errors.New("no text-to-speech engine")

// Speak makes a draft's audio from its text with engine, at speed (1 is
// the usual pace). Audio is cached by the hash of the reading text, the
// engine with its voice, and the speed: the same text is synthesised once.
// It reports whether the cache had it.
func Speak(ctx context.Context, conn db.Conn, files filestore.Store, engine speech.Engine, u *account.User, actor audit.Actor, id int64, speed float64, now time.Time) (bool, error) {
	b, err := Get(ctx, conn, u.WardID, id)
	if err != nil {
		return false, err
	}
	if !CanEdit(u, b) {
		return false, ErrForbidden
	}
	if speed < 0.7 || speed > 1.4 {
		return false, check.Errors{"speed": "Tốc độ đọc phải từ 0,7 đến 1,4."}
	}
	text, err := Reading(ctx, conn, b)
	if err != nil {
		return false, err
	}
	hash := CacheKey(text, engine.Name(), speed)
	var key, contentType string
	var ms int
	err = conn.QueryRow(ctx, `select file_key, content_type, audio_ms from speech_cache where ward_id = ? and hash = ?`, u.WardID, hash).Scan(&key, &contentType, &ms)
	hit := err == nil
	if errors.Is(err, sql.ErrNoRows) {
		if key, contentType, ms, err = synthesise(ctx, conn, files, engine, u.WardID, hash, text, speed, now); err != nil {
			return false, err
		}
	} else if err != nil {
		return false, err
	}
	_, err = setAudio(ctx, conn, u, actor, id, key, contentType, ms, SourceSpeech, now)
	return hit, err
}

// CacheKey is the audio cache's key for a reading.
func CacheKey(text, engine string, speed float64) string {
	sum := sha256.Sum256([]byte(engine + "\x00" + strconv.FormatFloat(speed, 'f', 2, 64) + "\x00" + text))
	return hex.EncodeToString(sum[:])
}

func synthesise(ctx context.Context, conn db.Conn, files filestore.Store, engine speech.Engine, wardID int64, hash, text string, speed float64, now time.Time) (string, string, int, error) {
	ctx2, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	data, err := engine.Synthesize(ctx2, text, speed)
	if errors.Is(err, speech.ErrUnavailable) {
		return "", "", 0, ErrNoEngine
	}
	if err != nil {
		return "", "", 0, err
	}
	up, ms, problem := media.PrepareAudio(data)
	if problem != "" {
		return "", "", 0, fmt.Errorf("%s gave audio that is refused: %s", engine.Name(), problem)
	}
	staged, err := media.Stage(ctx, files, wardID, "speech", up)
	if err != nil {
		return "", "", 0, err
	}
	key := staged.Keys[0]
	res, err := conn.Exec(ctx, `insert into speech_cache (ward_id, hash, file_key, content_type, audio_ms, engine, created_at)
		values (?, ?, ?, ?, ?, ?, ?) on conflict (ward_id, hash) do nothing`, wardID, hash, key, up.ContentType, ms, engine.Name(), db.FormatTime(now))
	if err != nil {
		staged.Discard(ctx)
		return "", "", 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 { // another request made it first: use theirs
		staged.Discard(ctx)
		err = conn.QueryRow(ctx, `select file_key, content_type, audio_ms from speech_cache where ward_id = ? and hash = ?`, wardID, hash).Scan(&key, &up.ContentType, &ms)
	}
	return key, up.ContentType, ms, err
}

// Words reads the ward's own words for the reader (written → spoken).
func Words(ctx context.Context, q db.Querier, wardID int64) (map[string]string, error) {
	rows, err := q.Query(ctx, `select written, spoken from broadcast_words where ward_id = ?`, wardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var w, s string
		if err := rows.Scan(&w, &s); err != nil {
			return nil, err
		}
		out[w] = s
	}
	return out, rows.Err()
}

// WordsText writes the ward's words as the form shows them, one per line.
func WordsText(words map[string]string) string {
	var lines []string
	for w, s := range words {
		lines = append(lines, w+" = "+s)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// SaveWords replaces the ward's words from lines "VIẾT TẮT = cách đọc".
func SaveWords(ctx context.Context, conn db.Conn, u *account.User, actor audit.Actor, text string) error {
	if !CanReview(u) && !CanWrite(u) {
		return ErrForbidden
	}
	words := map[string]string{}
	for i, line := range strings.Split(vn.Clean(text), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		w, s, ok := strings.Cut(line, "=")
		w, s = strings.TrimSpace(w), strings.TrimSpace(s)
		if !ok || w == "" || s == "" || len([]rune(w)) > 40 || len([]rune(s)) > 200 {
			return check.Errors{"words": "Dòng " + strconv.Itoa(i+1) + " phải có dạng: VIẾT TẮT = cách đọc (ví dụ: KP = khu phố)."}
		}
		words[w] = s
	}
	if len(words) > 500 {
		return check.Errors{"words": "Tối đa 500 từ."}
	}
	return conn.InTx(ctx, func(tx *db.Tx) error {
		before, err := Words(ctx, tx, u.WardID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `delete from broadcast_words where ward_id = ?`, u.WardID); err != nil {
			return err
		}
		for w, s := range words {
			if _, err := tx.Exec(ctx, `insert into broadcast_words (ward_id, written, spoken) values (?, ?, ?)`, u.WardID, w, s); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, actor, "broadcast.words", "ward", u.WardID, "Từ điển đọc bản tin",
			map[string]any{"words": WordsText(before)}, map[string]any{"words": WordsText(words)})
	})
}
