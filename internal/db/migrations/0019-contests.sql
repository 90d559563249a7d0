-- Online contests on administrative reform (cuộc thi tìm hiểu CCHC): the
-- question bank with its revisions, contests and their rounds, takers with
-- their phone sessions and one-time codes, attempts and their answers, and
-- the approved results.

-- A question keeps every revision; a round freezes the revisions it draws
-- from, so editing a question never changes a round already published.
create table contest_questions (
	id           {{.ID}},
	ward_id      bigint not null references wards(id),
	code         text not null,
	revision     integer not null default 1,
	retired      {{.Bool}} not null default 0,
	created_at   text not null,
	unique (ward_id, code)
);

create table contest_question_revisions (
	id            {{.ID}},
	question_id   bigint not null references contest_questions(id) on delete cascade,
	revision      integer not null,
	body          text not null,
	options       text not null,
	correct       integer not null,
	explanation   text not null default '',
	source        text not null default '',
	theme_code    text not null default '',
	difficulty    integer not null,
	tags          text not null default '',
	user_id       bigint references users(id) on delete set null,
	at            text not null,
	unique (question_id, revision)
);

create table contests (
	id                  {{.ID}},
	ward_id             bigint not null references wards(id),
	slug                text not null,
	title               text not null,
	summary             text not null default '',
	rules               text not null default '',
	min_age             integer not null default 15,
	scope               text not null,
	exclude_officials   {{.Bool}} not null default 0,
	retention_days      integer not null default 180,
	unit_id             bigint references units(id) on delete set null,
	channel_code        text not null default '',
	created_by          bigint references users(id) on delete set null,
	created_at          text not null,
	updated_at          text not null,
	purged_at           text not null default '',
	unique (ward_id, slug)
);

create table contest_rounds (
	id                 {{.ID}},
	contest_id         bigint not null references contests(id) on delete cascade,
	number             integer not null,
	title              text not null,
	opens_at           text not null,
	closes_at          text not null,
	time_limit         integer not null,
	attempts           integer not null default 1,
	draw               text not null,
	prediction         text not null default '',
	prizes             text not null default '',
	status             text not null,
	submitted_by       bigint references users(id) on delete set null,
	decided_by         bigint references users(id) on delete set null,
	decided_at         text not null default '',
	decision_note      text not null default '',
	results_status     text not null default '',
	results_by         bigint references users(id) on delete set null,
	results_decided_by bigint references users(id) on delete set null,
	results_at         text not null default '',
	all_correct        integer not null default 0,
	activity_id        bigint,
	unique (contest_id, number)
);

create table contest_round_questions (
	round_id     bigint not null references contest_rounds(id) on delete cascade,
	revision_id  bigint not null references contest_question_revisions(id),
	primary key (round_id, revision_id)
);

-- Takers: people, one or more per verified phone (a family may share one).
create table contest_takers (
	id            {{.ID}},
	contest_id    bigint not null references contests(id) on delete cascade,
	phone         text not null,
	full_name     text not null,
	name_key      text not null,
	birth_year    integer not null,
	unit_id       bigint references units(id) on delete set null,
	address       text not null default '',
	workplace     text not null default '',
	citizen_id    text not null default '',
	consent_at    text not null,
	created_at    text not null,
	device        text not null default '',
	excluded      {{.Bool}} not null default 0,
	review_note   text not null default '',
	reviewed_by   bigint references users(id) on delete set null,
	unique (contest_id, phone, name_key, birth_year)
);
create index contest_takers_citizen on contest_takers(contest_id, citizen_id);

-- One-time codes sent to a phone, hashed; sessions of a verified phone.
create table contest_codes (
	id           {{.ID}},
	contest_id   bigint not null references contests(id) on delete cascade,
	phone        text not null,
	code_hash    text not null,
	pending      text not null default '',
	sent_at      text not null,
	expires_at   text not null,
	tries        integer not null default 0,
	used         {{.Bool}} not null default 0
);
create index contest_codes_phone on contest_codes(contest_id, phone, sent_at);

create table contest_sessions (
	token_hash   text primary key,
	contest_id   bigint not null references contests(id) on delete cascade,
	phone        text not null,
	created_at   text not null,
	expires_at   text not null
);

-- An attempt holds its paper (the drawn revisions and option orders) and its
-- server-side clock; answers are saved one row per question as chosen.
create table contest_attempts (
	id            {{.ID}},
	round_id      bigint not null references contest_rounds(id) on delete cascade,
	taker_id      bigint not null references contest_takers(id) on delete cascade,
	number        integer not null,
	paper         text not null,
	started_at    text not null,
	deadline_at   text not null,
	submitted_at  text not null default '',
	open          {{.Bool}} not null default 1,
	correct       integer not null default 0,
	duration_ms   bigint not null default 0,
	prediction    bigint,
	device        text not null default '',
	layout        text not null default 'one',
	size          integer not null,
	unique (taker_id, round_id, number)
);
create unique index contest_attempts_one_open on contest_attempts(taker_id) where open = 1;
create index contest_attempts_round on contest_attempts(round_id, open);

create table contest_answers (
	attempt_id   bigint not null references contest_attempts(id) on delete cascade,
	position     integer not null,
	choice       integer not null,
	saved_at     text not null,
	primary key (attempt_id, position)
);

-- The approved ranking of a round: what the portal publishes and the
-- certificates prove.
create table contest_results (
	round_id     bigint not null references contest_rounds(id) on delete cascade,
	rank         integer not null,
	prediction   bigint,
	submitted_at text not null,
	taker_id     bigint not null references contest_takers(id) on delete cascade,
	attempt_id   bigint not null references contest_attempts(id) on delete cascade,
	prize        text not null default '',
	correct      integer not null,
	duration_ms  bigint not null,
	certificate  text not null,
	primary key (round_id, taker_id),
	unique (certificate)
);
create index contest_results_rank on contest_results(round_id, rank);
