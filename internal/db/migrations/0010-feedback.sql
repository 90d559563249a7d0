-- Public holidays, for deadlines counted in working days. ward_id 0 holds
-- the national calendar; a ward may add its own days.
create table holidays (
	ward_id  bigint not null default 0,
	day      text not null,
	name     text not null,
	primary key (ward_id, day)
);

-- Residents' feedback (phản ánh, kiến nghị) and its handling.
create table feedback (
	id                 {{.ID}},
	ward_id            bigint not null references wards(id),
	code               text not null unique,
	category           text not null,
	procedure_code     text not null default '',
	khu_pho_id         bigint references units(id),
	title              text not null,
	description        text not null,
	name               text not null,
	address            text not null default '',
	phone              text not null default '',
	email              text not null default '',
	consent_at         text not null,
	channel            text not null,
	recorded_by        bigint references users(id) on delete set null,
	challenge          text unique,
	status             text not null,
	received_at        text not null,
	classify_due       text not null,
	classified_at      text not null default '',
	reject_reason      text not null default '',
	forwarded_to       text not null default '',
	unit_id            bigint references units(id),
	answer_due         text not null default '',
	answer             text not null default '',
	answered_at        text not null default '',
	answered_by        bigint references users(id) on delete set null,
	published          {{.Bool}} not null default 0,
	rating             integer not null default 0,
	rating_comment     text not null default '',
	rated_at           text not null default '',
	closed_at          text not null default ''
);
create index feedback_ward_status on feedback(ward_id, status, received_at);
create index feedback_ward_received on feedback(ward_id, received_at);

create table feedback_events (
	id           {{.ID}},
	feedback_id  bigint not null references feedback(id) on delete cascade,
	at           text not null,
	user_id      bigint references users(id) on delete set null,
	kind         text not null,
	from_status  text not null default '',
	to_status    text not null default '',
	note         text not null default ''
);
create index feedback_events_item on feedback_events(feedback_id, id);

create table feedback_photos (
	id            {{.ID}},
	feedback_id   bigint not null references feedback(id) on delete cascade,
	file_key      text not null,
	content_type  text not null,
	size          bigint not null
);
create index feedback_photos_item on feedback_photos(feedback_id);

-- The Front's supervisory recommendations, on one item or on a pattern,
-- which the leader must answer.
create table supervisions (
	id           {{.ID}},
	ward_id      bigint not null references wards(id),
	feedback_id  bigint references feedback(id) on delete set null,
	body         text not null,
	created_by   bigint references users(id) on delete set null,
	created_at   text not null,
	answer       text not null default '',
	answered_by  bigint references users(id) on delete set null,
	answered_at  text not null default ''
);
create index supervisions_ward on supervisions(ward_id, created_at);

-- Service satisfaction (SIPAS elements), one row per questionnaire.
create table satisfaction (
	id              {{.ID}},
	ward_id         bigint not null references wards(id),
	counter         text not null default '',
	procedure_code  text not null default '',
	access          integer not null,
	procedure       integer not null,
	officials       integer not null,
	result          integer not null,
	handling        integer not null,
	comment         text not null default '',
	created_at      text not null
);
create index satisfaction_ward on satisfaction(ward_id, created_at);

-- API keys of partner apps filing feedback through Open311; only a hash is kept.
create table open311_keys (
	id          {{.ID}},
	ward_id     bigint not null references wards(id),
	name        text not null,
	key_hash    text not null unique,
	created_at  text not null
);

-- The national public holidays of 2025 and 2026 as announced (Labour Code
-- 2019, art. 112; Tết and compensating days by the Government's notices).
-- Later years are added by an administrator when they are announced.
insert into holidays (ward_id, day, name) values
	(0, '2025-01-01', 'Tết Dương lịch'),
	(0, '2025-01-27', 'Tết Nguyên đán'), (0, '2025-01-28', 'Tết Nguyên đán'), (0, '2025-01-29', 'Tết Nguyên đán'),
	(0, '2025-01-30', 'Tết Nguyên đán'), (0, '2025-01-31', 'Tết Nguyên đán'),
	(0, '2025-04-07', 'Giỗ Tổ Hùng Vương'),
	(0, '2025-04-30', 'Ngày Giải phóng miền Nam'), (0, '2025-05-01', 'Ngày Quốc tế Lao động'), (0, '2025-05-02', 'Nghỉ bù'),
	(0, '2025-09-01', 'Quốc khánh'), (0, '2025-09-02', 'Quốc khánh'),
	(0, '2026-01-01', 'Tết Dương lịch'), (0, '2026-01-02', 'Nghỉ bù'),
	(0, '2026-02-16', 'Tết Nguyên đán'), (0, '2026-02-17', 'Tết Nguyên đán'), (0, '2026-02-18', 'Tết Nguyên đán'),
	(0, '2026-02-19', 'Tết Nguyên đán'), (0, '2026-02-20', 'Tết Nguyên đán'),
	(0, '2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù)'),
	(0, '2026-04-30', 'Ngày Giải phóng miền Nam'), (0, '2026-05-01', 'Ngày Quốc tế Lao động'),
	(0, '2026-09-01', 'Quốc khánh'), (0, '2026-09-02', 'Quốc khánh');

-- Process-wide secrets shared by every server of a deployment (the
-- proof-of-work key), created on first use.
create table settings (
	key    text primary key,
	value  text not null
);

-- E-mails to residents (who have no account), delivered like notices.
create table mail_outbox (
	id          {{.ID}},
	ward_id     bigint not null references wards(id),
	email_to    text not null,
	subject     text not null,
	body        text not null,
	link        text not null default '',
	state       text not null,
	tries       integer not null default 0,
	error       text not null default '',
	created_at  text not null
);
create index mail_outbox_state on mail_outbox(state);
