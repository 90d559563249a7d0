-- Access tokens of messaging providers that rotate them (Zalo's OAuth v4
-- returns a new refresh token with each access token): kept where every
-- node reads them, so a restart or another node does not use a dead one.
create table provider_tokens (
	name        text primary key,
	access      text not null,
	refresh     text not null,
	expires_at  text not null,
	updated_at  text not null
);
