-- How a resident wants to hear of their feedback (zalo: Zalo, else SMS;
-- sms; email; none), and the phone as they typed it beside its normal form.
-- A queued text may be held to SMS (the resident chose it) and carries the
-- page it points to, made a full address when it is sent.
alter table feedback add column notify text not null default '';
alter table feedback add column phone_given text not null default '';
alter table text_outbox add column via text not null default '';
alter table text_outbox add column link text not null default '';
update feedback set notify = case when email <> '' then 'email' else 'none' end;
