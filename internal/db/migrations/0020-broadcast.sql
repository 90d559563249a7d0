-- Loudspeaker bulletins (bài phát thanh) for the khu phố: the text and its
-- audio, the khu phố they are for, the review and approval, each khu phố's
-- daily slots, the plays its head (or its speaker box) confirms, the box
-- tokens, the ward's words for the reader and the synthesised audio cache.

create table bulletins (
	id             {{.ID}},
	ward_id        bigint not null references wards(id),
	title          text not null,
	body           text not null,
	themes         text not null default '',
	priority       text not null,
	all_khu_pho    {{.Bool}} not null default 1,
	article_id     bigint not null default 0,
	unit_id        bigint references units(id) on delete set null,
	status         text not null,
	note           text not null default '',
	starts_on      text not null,
	ends_on        text not null,
	repeats        integer not null default 1,
	audio_key      text not null default '',
	audio_type     text not null default '',
	audio_ms       integer not null default 0,
	audio_source   text not null default '',
	skipped_review {{.Bool}} not null default 0,
	created_by     bigint references users(id) on delete set null,
	created_at     text not null,
	updated_at     text not null,
	approved_by    bigint references users(id) on delete set null,
	approved_at    text not null default ''
);
create index bulletins_ward on bulletins(ward_id, status, starts_on);

create table bulletin_places (
	bulletin_id bigint not null references bulletins(id) on delete cascade,
	unit_id     bigint not null references units(id) on delete cascade,
	primary key (bulletin_id, unit_id)
);

-- unit_id 0 holds the ward's usual slots; a khu phố's row replaces them.
create table broadcast_slots (
	ward_id bigint not null references wards(id),
	unit_id bigint not null default 0,
	times   text not null,
	primary key (ward_id, unit_id)
);

create table broadcast_plays (
	id          {{.ID}},
	ward_id     bigint not null references wards(id),
	bulletin_id bigint not null references bulletins(id) on delete cascade,
	unit_id     bigint not null references units(id) on delete cascade,
	day         text not null,
	slot        text not null,
	played_at   text not null,
	source      text not null,
	user_id     bigint references users(id) on delete set null,
	activity_id bigint not null default 0,
	unique (bulletin_id, unit_id, day, slot)
);
create index broadcast_plays_day on broadcast_plays(ward_id, day, unit_id);

create table broadcast_tokens (
	ward_id    bigint not null references wards(id),
	unit_id    bigint not null references units(id) on delete cascade,
	token_hash text not null unique,
	created_at text not null,
	primary key (ward_id, unit_id)
);

create table broadcast_words (
	ward_id bigint not null references wards(id),
	written text not null,
	spoken  text not null,
	primary key (ward_id, written)
);

create table speech_cache (
	ward_id      bigint not null references wards(id),
	hash         text not null,
	file_key     text not null,
	content_type text not null,
	audio_ms     integer not null,
	engine       text not null,
	created_at   text not null,
	primary key (ward_id, hash)
);
