-- The answers to officials' requests sent with an Idempotency-Key (the
-- offline field app's outbox): status 0 while the first request runs.
create table idempotency_keys (
	user_id     bigint not null references users(id) on delete cascade,
	idem_key    text not null,
	method      text not null,
	path        text not null,
	status      integer not null,
	header      text not null,
	body        text not null,
	created_at  text not null,
	primary key (user_id, idem_key)
);
create index idempotency_keys_created on idempotency_keys(created_at);
