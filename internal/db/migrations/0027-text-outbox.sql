-- Text messages to phones (Zalo ZNS, SMS) waiting, sent or given up, with
-- the provider that carried each and what it cost: retried by what the
-- provider's refusal means, held outside 07:00-21:00 unless a one-time code.
create table text_outbox (
	id          {{.ID}},
	ward_id     bigint not null references wards(id),
	phone       text not null,
	purpose     text not null,
	template    text not null,
	params      text not null,
	body        text not null,
	state       text not null,
	tries       integer not null default 0,
	next_at     text not null,
	error       text not null default '',
	provider    text not null default '',
	cost        bigint not null default 0,
	created_at  text not null,
	sent_at     text not null default ''
);
create index text_outbox_due on text_outbox(state, next_at);
create index text_outbox_ward on text_outbox(ward_id, sent_at);
