-- Login failures are no longer counted on the account (five wrong passwords
-- from anyone locked the real owner out); they are counted per address and
-- per (account, address) in rate_limits, and answered with a proof of work.
-- A login challenge is spent once: pow_spent remembers it until it expires.
create table pow_spent (
	challenge  text primary key,
	expires_at text not null
);
create index pow_spent_expiry on pow_spent(expires_at);
alter table users drop column failed_logins;
alter table users drop column locked_until;
